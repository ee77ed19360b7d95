#!/usr/bin/env python3
"""Checks the fake Jira's traffic against Atlassian's OpenAPI specifications.

Reads the JSON of `GET /_fake/requests` on stdin, finds each logged request's operation in the spec of the
flavor (Cloud v3 or Data Center 10.3), and validates:

  * the response body against the schema documented for its status (every response with a documented JSON
    schema, and every 2xx: an undocumented success status is a mismatch);
  * the request body against the operation's request schema, for requests the fake accepted (2xx) — with
    --all-requests for every request;
  * declared query parameters of type integer or boolean, and enums.

Prints each mismatch and exits 1 if there is any, 0 otherwise, 2 on bad usage or input, 3 when a required
Python module is missing. Uses openapi_schema_validator (OpenAPI 3.0 semantics: nullable, readOnly in
requests, writeOnly in responses) when importable, else jsonschema's Draft 4 validator with `nullable`
translated.

Usage: openapi_check.py --flavor cloud|datacenter [--spec-dir DIR] [--all-requests] [-v] < requests.json
"""

import argparse
import copy
import json
import os
import re
import sys

try:
    import jsonschema
    import referencing
    import referencing.jsonschema
except ImportError as error:  # pragma: no cover - depends on the machine
    print(f"openapi_check.py: missing Python module '{error.name}' (pip install jsonschema referencing)", file=sys.stderr)
    sys.exit(3)

try:
    from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator

    # OPENAPI_CHECK_DRAFT4=1 forces the fallback, to test what a machine without the module does.
    HAVE_OAS = os.environ.get("OPENAPI_CHECK_DRAFT4") != "1"
except ImportError:
    HAVE_OAS = False

SPEC_FILES = {"cloud": "jira-cloud-platform-v3.json", "datacenter": "jira-software-dc-10.3.json"}
SPEC_URI = "urn:jira-openapi"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def page_of(ref, key):
    """A paginated Data Center body: {startAt, maxResults, total, isLast, <key>: [ref]}."""
    return {
        "type": "object",
        "required": ["startAt", "maxResults", "total", "isLast", key],
        "properties": {
            "startAt": {"type": "integer"},
            "maxResults": {"type": "integer"},
            "total": {"type": "integer"},
            "isLast": {"type": "boolean"},
            key: {"type": "array", "items": {"$ref": ref}},
        },
    }


def json_schema(operation_part):
    return operation_part.setdefault("content", {}).setdefault("application/json", {})


# ---------------------------------------------------------------------------------------------------------
# Allow-list: defects of Atlassian's documents, patched in memory before anything is checked. Each entry says
# what the document claims and what Jira really does; nothing else is relaxed.
# ---------------------------------------------------------------------------------------------------------


def patch_datacenter(spec):
    paths = spec["paths"]
    schemas = spec["components"]["schemas"]
    createmeta_types = paths["/api/2/issue/createmeta/{projectIdOrKey}/issuetypes"]["get"]
    createmeta_fields = paths["/api/2/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}"]["get"]
    # DEFECT: the paginated create-metadata responses are declared as a single CreateMetaIssueTypeBean /
    # FieldMetaBean; Jira answers a page {startAt, maxResults, total, isLast, values: [...]}.
    json_schema(createmeta_types["responses"]["200"])["schema"] = page_of("#/components/schemas/CreateMetaIssueTypeBean", "values")
    json_schema(createmeta_fields["responses"]["200"])["schema"] = page_of("#/components/schemas/FieldMetaBean", "values")
    # DEFECT: maxResults and startAt of those two operations are typed as strings; they are integers.
    for operation in (createmeta_types, createmeta_fields):
        for parameter in operation.get("parameters", []):
            if parameter.get("name") in ("maxResults", "startAt"):
                parameter["schema"] = {"type": "integer"}
    # DEFECT: GET /field is declared to return one FieldBean; it returns an array of them.
    json_schema(paths["/api/2/field"]["get"]["responses"]["200"])["schema"] = {"type": "array", "items": {"$ref": "#/components/schemas/FieldBean"}}
    # DEFECT: GET /resolution is declared to return one ResolutionJsonBean; it returns an array of them, as
    # Jira's REST reference for 10.3 ("Returns a list of Jira issue resolutions") and Cloud's spec say.
    json_schema(paths["/api/2/resolution"]["get"]["responses"]["200"])["schema"] = {
        "type": "array",
        "items": {"$ref": "#/components/schemas/ResolutionJsonBean"},
    }
    # DEFECT: GET /status is declared to return one StatusJsonBean; it returns an array of them ("Returns a list
    # of all Jira issue statuses"), as Cloud's spec says.
    json_schema(paths["/api/2/status"]["get"]["responses"]["200"])["schema"] = {
        "type": "array",
        "items": {"$ref": "#/components/schemas/StatusJsonBean"},
    }
    # DEFECT: issue field values are declared as objects (additionalProperties: {type: object}) in IssueBean
    # and IssueUpdateBean; real values are strings, numbers, arrays, objects or null.
    schemas["IssueBean"]["properties"]["fields"]["additionalProperties"] = {}
    schemas["IssueUpdateBean"]["properties"]["fields"]["additionalProperties"] = {}
    # DEFECT: FieldMetaBean.defaultValue is declared as an object; defaults of text fields are strings.
    schemas["FieldMetaBean"]["properties"]["defaultValue"] = {}
    # DEFECT: createOrUpdateRemoteIssueLink documents only 200 (update); a new link is 201 with the same body.
    remote = paths["/api/2/issue/{issueIdOrKey}/remotelink"]["post"]["responses"]
    remote["201"] = copy.deepcopy(remote["200"])
    # DEFECT: RemoteIssueLinkBean is an empty object schema; the body is {id, self} as on Cloud.
    schemas["RemoteIssueLinkBean"] = {"type": "object", "properties": {"id": {"type": "integer"}, "self": {"type": "string"}}}


def patch_cloud(spec):
    paths = spec["paths"]
    # GAP: the v3 document has no v2 paths, but Cloud answers GET /rest/api/2/serverInfo with the same body
    # (clients use it to tell Cloud from Data Center before they know which version to speak).
    paths["/rest/api/2/serverInfo"] = copy.deepcopy(paths["/rest/api/3/serverInfo"])


def allowed_mismatch(flavor, entry, where, body):
    """Mismatches that are Jira's real behaviour, not the fake's mistakes."""
    # DEFECT: Cloud documents an ErrorCollection for some 401s, but its site URL answers 401 with the plain text
    # "Client must be authenticated to access this resource."
    if flavor == "cloud" and entry.get("status") == 401 and where == "response" and isinstance(body, str):
        return True
    return False


# ---------------------------------------------------------------------------------------------------------


def translate_nullable(node):
    """Draft 4 has no `nullable`: {type: T, nullable: true} becomes {type: [T, "null"]}."""
    if isinstance(node, dict):
        for value in node.values():
            translate_nullable(value)
        if node.get("nullable") is True:
            if isinstance(node.get("type"), str):
                node["type"] = [node["type"], "null"]
            elif "type" not in node:
                inner = {key: node.pop(key) for key in list(node) if key not in ("nullable", "description")}
                node["anyOf"] = [inner, {"type": "null"}]
    elif isinstance(node, list):
        for value in node:
            translate_nullable(value)


def pointer(base, *parts):
    """Extends a JSON pointer (`""` is the root) with escaped segments."""
    return base + "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


class Checker:
    def __init__(self, flavor, spec, all_requests, verbose):
        self.flavor = flavor
        self.spec = spec
        self.all_requests = all_requests
        self.verbose = verbose
        self.mismatches = 0
        self.checked = 0
        if not HAVE_OAS:
            translate_nullable(spec)
        specification = referencing.jsonschema.DRAFT4
        resource = referencing.Resource.from_contents(spec, default_specification=specification)
        self.registry = referencing.Registry().with_resource(SPEC_URI, resource)
        self.templates = []
        for path, item in spec["paths"].items():
            regex = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path)) + "$"
            literal = len(re.sub(r"\{[^/]+?\}", "", path))
            self.templates.append((re.compile(regex), path, literal))
        # Literal segments win over parameters: /issue/bulk before /issue/{issueIdOrKey}.
        self.templates.sort(key=lambda template: -template[2])

    def report(self, entry, where, message):
        self.mismatches += 1
        print(f"#{entry.get('id')} {entry.get('method')} {entry.get('path')} -> {entry.get('status')}: {where}: {message}")

    def note(self, entry, message):
        if self.verbose:
            print(f"  note #{entry.get('id')} {entry.get('method')} {entry.get('path')} -> {entry.get('status')}: {message}")

    def spec_path(self, raw):
        path = re.sub(r"^/ex/jira/[^/]+", "", raw)
        if self.flavor == "datacenter":
            if not path.startswith("/rest/"):
                return None
            path = path[len("/rest") :]
            path = re.sub(r"^/api/latest/", "/api/2/", path)
        elif not path.startswith("/rest/"):
            return None
        return path

    def find_operation(self, path, method):
        for regex, template, _ in self.templates:
            if regex.match(path):
                operation = self.spec["paths"][template].get(method)
                if operation is not None:
                    return template, operation
                return template, None
        return None, None

    def validate(self, schema_pointer, instance, direction):
        schema = {"$ref": f"{SPEC_URI}#{schema_pointer}"}
        if HAVE_OAS:
            cls = OAS30WriteValidator if direction == "request" else OAS30ReadValidator
        else:
            cls = jsonschema.Draft4Validator
        validator = cls(schema, registry=self.registry)
        errors = sorted(validator.iter_errors(instance), key=lambda error: list(error.absolute_path))
        return [f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message[:300]}" for error in errors]

    def check(self, entry):
        fault = entry.get("fault") or ""
        kinds = set(fault.split(",")) if fault else set()
        if kinds & {"status", "drop", "reset"}:
            self.note(entry, f"skipped: injected fault {fault}")
            return
        path = self.spec_path(entry.get("path", ""))
        if path is None:
            self.note(entry, "skipped: not part of the REST API (OAuth, tenant info)")
            return
        method = entry.get("method", "GET").lower()
        template, operation = self.find_operation(path, method)
        status = entry.get("status")
        if operation is None:
            if status in (404, 405):
                self.note(entry, "unknown route answered 404/405")
            else:
                self.report(entry, "operation", f"no {method.upper()} operation for {path} in the {self.flavor} spec")
            return
        self.checked += 1
        op_pointer = pointer("", "paths", template, method)
        self.check_query(entry, operation, template)
        if self.all_requests or (isinstance(status, int) and 200 <= status < 300):
            self.check_request(entry, operation, op_pointer)
        self.check_response(entry, operation, op_pointer)

    def check_query(self, entry, operation, template):
        parameters = list(self.spec["paths"][template].get("parameters", [])) + list(operation.get("parameters", []))
        query = {}
        for pair in (entry.get("query") or "").split("&"):
            if not pair:
                continue
            name, _, value = pair.partition("=")
            query.setdefault(name, []).append(value)
        for parameter in parameters:
            if "$ref" in parameter or parameter.get("in") != "query" or parameter.get("name") not in query:
                continue
            schema = parameter.get("schema", {})
            for value in query[parameter["name"]]:
                kind = schema.get("type")
                if kind == "integer" and not re.fullmatch(r"-?\d+", value):
                    self.report(entry, "query", f"{parameter['name']}={value!r} is not an integer")
                elif kind == "boolean" and value not in ("true", "false"):
                    self.report(entry, "query", f"{parameter['name']}={value!r} is not a boolean")
                elif "enum" in schema and value not in schema["enum"]:
                    self.report(entry, "query", f"{parameter['name']}={value!r} is not one of {schema['enum']}")

    def check_request(self, entry, operation, op_pointer):
        body = entry.get("requestBody")
        content = operation.get("requestBody", {}).get("content", {})
        if body is None or "application/json" not in content or "schema" not in content["application/json"]:
            return
        if isinstance(body, str):
            if not allowed_mismatch(self.flavor, entry, "request", body):
                self.report(entry, "request", "body is not JSON but the operation takes application/json")
            return
        schema_pointer = pointer(op_pointer, "requestBody", "content", "application/json", "schema")
        for message in self.validate(schema_pointer, body, "request"):
            self.report(entry, "request", message)

    def check_response(self, entry, operation, op_pointer):
        status = entry.get("status")
        if status is None:
            return
        responses = operation.get("responses", {})
        key = str(status) if str(status) in responses else f"{str(status)[0]}XX" if f"{str(status)[0]}XX" in responses else None
        if key is None and "default" in responses:
            key = "default"
        if key is None:
            if 200 <= status < 300:
                self.report(entry, "response", f"status {status} is not documented (documented: {', '.join(sorted(responses))})")
            else:
                self.note(entry, f"error status {status} is not documented")
            return
        content = responses[key].get("content", {})
        schema = content.get("application/json", {}).get("schema")
        body = entry.get("responseBody")
        if not schema or schema == {}:
            return
        if body is None:
            if 200 <= status < 300:
                self.report(entry, "response", "empty body but the status documents a JSON schema")
            return
        if isinstance(body, str):
            if not allowed_mismatch(self.flavor, entry, "response", body):
                self.report(entry, "response", f"body is not JSON: {body[:80]!r}")
            return
        schema_pointer = pointer(op_pointer, "responses", key, "content", "application/json", "schema")
        for message in self.validate(schema_pointer, body, "response"):
            self.report(entry, "response", message)


def main():
    parser = argparse.ArgumentParser(description="Check the fake Jira's request log against Atlassian's OpenAPI specs.")
    parser.add_argument("--flavor", required=True, choices=sorted(SPEC_FILES))
    parser.add_argument("--spec-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "openapi"))
    parser.add_argument("--all-requests", action="store_true", help="validate request bodies of refused requests too")
    parser.add_argument("-v", "--verbose", action="store_true", help="also print skipped entries and undocumented error statuses")
    arguments = parser.parse_args()
    try:
        with open(os.path.join(arguments.spec_dir, SPEC_FILES[arguments.flavor]), encoding="utf-8") as file:
            spec = json.load(file)
    except OSError as error:
        print(f"openapi_check.py: cannot read the spec: {error}", file=sys.stderr)
        return 2
    try:
        log = json.load(sys.stdin)
    except json.JSONDecodeError as error:
        print(f"openapi_check.py: stdin is not JSON: {error}", file=sys.stderr)
        return 2
    entries = log.get("requests", []) if isinstance(log, dict) else log
    if not isinstance(entries, list):
        print("openapi_check.py: expected {\"requests\": [...]} or a list on stdin", file=sys.stderr)
        return 2
    (patch_cloud if arguments.flavor == "cloud" else patch_datacenter)(spec)
    checker = Checker(arguments.flavor, spec, arguments.all_requests, arguments.verbose)
    for entry in entries:
        checker.check(entry)
    validator = "openapi_schema_validator OAS 3.0" if HAVE_OAS else "jsonschema Draft 4 (nullable translated)"
    print(f"{checker.checked} of {len(entries)} logged requests checked against the {arguments.flavor} spec with {validator}: {checker.mismatches} mismatch(es)")
    return 1 if checker.mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
