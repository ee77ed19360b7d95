import Foundation
import TestSupport
import Testing

/// Hostile and broken input, row by row, through the real binary: what it must answer (exit code or HTTP
/// status) and a fragment of the message that tells the user what is wrong and where. Nothing may crash, hang
/// or be dropped silently, and good input next to bad input is still processed.
@Suite("Bad-input catalogue", .serialized, .childProcessesStopped)
struct BadInputCatalogueTests {
    /// One row: an input, the status it must get and a fragment the message must hold.
    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let input: [UInt8]
        let status: Int
        let fragment: String
        /// Extra command-line arguments (stdin rows) or the request path (HTTP rows).
        var extra: [String] = []
        var headers: [(name: String, value: String)] = []

        var testDescription: String { name }

        init(
            _ name: String,
            _ input: String,
            _ status: Int,
            _ fragment: String,
            extra: [String] = [],
            headers: [(name: String, value: String)] = []
        ) {
            self.init(name, Array(input.utf8), status, fragment, extra: extra, headers: headers)
        }

        init(
            _ name: String,
            _ input: [UInt8],
            _ status: Int,
            _ fragment: String,
            extra: [String] = [],
            headers: [(name: String, value: String)] = []
        ) {
            self.name = name
            self.input = input
            self.status = status
            self.fragment = fragment
            self.extra = extra
            self.headers = headers
        }
    }

    static let deepArrays = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    static let deepObjects = String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
    static let tenMegabyteTitle = #"{"title": ""# + String(repeating: "x", count: 10 << 20) + #"", "severity": "critical"}"#
    static let snsWithTextMessage = #"""
        {"Type": "Notification", "MessageId": "m-1", "TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts",
         "Subject": "Disk", "Message": "disk full on db-1, not JSON at all", "Timestamp": "2024-01-01T00:00:00.000Z"}
        """#
    static let snsConfirmation = #"""
        {"Type": "SubscriptionConfirmation", "MessageId": "m-2", "Token": "t", "TopicArn": "arn:aws:sns:us-east-1:123456789012:t",
         "Message": "You have chosen to subscribe", "SubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription",
         "Timestamp": "2024-01-01T00:00:00.000Z", "SignatureVersion": "1", "Signature": "x",
         "SigningCertURL": "https://sns.us-east-1.amazonaws.com/x.pem"}
        """#
    static let pubSubBadBase64 = #"{"message": {"data": "!!!not-base64", "messageId": "1"}, "subscription": "projects/p/subscriptions/s"}"#
    static let pubSubNotJSON = #"{"message": {"data": "aGVsbG8=", "messageId": "1"}, "subscription": "projects/p/subscriptions/s"}"#

    // MARK: - Standard input

    /// `alert2jira --dry-run` on standard input: 65 (EX_DATAERR) for every document it cannot read, 0 otherwise.
    static let stdinRows: [Row] = [
        Row("truncated object", #"{"title": "#, 65, "stdin:1:11: invalid JSON at byte 10: unexpected end of input"),
        Row("truncated string", #"{"title": "abc"#, 65, "unterminated string: no closing '\"' before the end of input"),
        Row("truncated array", #"[{"title": "a"}, "#, 65, "unexpected end of input"),
        Row("JSON number", "42", 65, "document is a JSON number, expected an object (an alert payload)"),
        Row("JSON string", #""alert""#, 65, "document is a JSON string, expected an object"),
        Row("JSON null", "null", 65, "document is a JSON null, expected an object"),
        Row("JSON boolean", "true", 65, "document is a JSON boolean, expected an object"),
        Row("array of scalars", "[1, 2]", 65, "2 input errors"),
        Row("100k-deep arrays", deepArrays, 65, "nesting deeper than 512 levels"),
        Row("100k-deep objects", deepObjects, 65, "nesting deeper than 512 levels"),
        Row("duplicate keys", #"{"title": "x", "title": "y"}"#, 65, #"duplicate key "title" in an object"#),
        Row("NaN", #"{"v": NaN}"#, 65, "NaN is not a valid JSON number (JSON has no NaN or Infinity)"),
        Row("Infinity", #"{"v": Infinity}"#, 65, "Infinity is not a valid JSON number"),
        Row("-Infinity", #"{"v": -Infinity}"#, 65, "invalid JSON at byte 6"),
        Row("leading zeros", #"{"v": 01}"#, 65, "leading zeros are not allowed"),
        Row(
            "invalid UTF-8 in a string",
            [UInt8](#"{"title": ""#.utf8) + [0xFF, 0xFE] + [UInt8](#""}"#.utf8),
            65,
            "invalid UTF-8 byte 0xFF in a string"
        ),
        Row("invalid UTF-8 between documents", [0xFF] + [UInt8](#"{"title": "ok"}"#.utf8), 65, "unexpected byte 0xFF"),
        Row("lone high surrogate", #"{"title": "\ud800"}"#, 65, #"lone high surrogate \uD800"#),
        Row("lone low surrogate", #"{"title": "\udc00"}"#, 65, #"lone low surrogate \uDC00"#),
        Row("bad escape", #"{"title": "\x41"}"#, 65, #"invalid escape '\' followed by 'x'"#),
        Row("raw tab in a string", "{\"title\": \"a\tb\"}", 65, "control character U+0009 in a string must be escaped"),
        Row("raw NUL in a string", "{\"title\": \"a\u{0}b\"}", 65, "control character U+0000 in a string must be escaped"),
        Row("trailing garbage", #"{"title": "a"} x"#, 65, "unexpected word 'x'"),
        Row("empty input", "", 65, "no input: expected a JSON alert payload"),
        Row("whitespace only", " \n\t\n", 65, "no input"),
        // The good lines around a bad one are still turned into issues.
        Row(
            "NDJSON with one broken line",
            "{\"title\": \"a\"}\n{\"b\":\n{\"title\": \"c\"}\n",
            65,
            "3 documents, 2 results: 2 create; 1 input error"
        ),
        Row("UTF-8 byte order mark", [0xEF, 0xBB, 0xBF] + [UInt8](#"{"title": "bom"}"#.utf8), 0, "1 create"),
        Row("10 MB title", tenMegabyteTitle, 0, "1 create"),
        Row("number beyond Double", #"{"title": "big", "v": 1e400}"#, 0, "1 create"),
        Row(
            "epoch beyond year 9999 (fuzz reproducer)",
            #"{"incident": {"incident_id": "1", "started_at": 0, "ended_at": 3e40, "state": "open", "summary": "s", "policy_name": "p"}, "version": "1.2"}"#,
            0,
            "1 create"
        ),
        Row("SNS envelope whose Message is not JSON", snsWithTextMessage, 0, "1 document, 1 result"),
        Row("SNS subscription confirmation", snsConfirmation, 0, "1 skip"),
        Row("Pub/Sub envelope with bad base64", pubSubBadBase64, 65, #""message.data": is not base64"#),
        Row("Pub/Sub data that is not JSON", pubSubNotJSON, 65, "decodes from base64 but is not JSON"),
        Row("forced format that does not fit", #"{"title": "x"}"#, 65, "is not in the alertmanager format", extra: ["--format", "alertmanager"]),
        Row("unknown forced format", #"{"title": "x"}"#, 64, "nosuch", extra: ["--format", "nosuch"]),
    ]

    @Test(arguments: stdinRows)
    func standardInput(_ row: Row) async throws {
        let result = try await CommandLineRunner.run(
            ["--config", CommandLineRunner.samplePath("alert2jira.yaml"), "--dry-run"] + row.extra,
            stdin: Data(row.input)
        )
        #expect(Int(result.status) == row.status, "\(result.stderr.prefix(400))")
        #expect(result.stderr.contains(row.fragment), "\(result.stderr.prefix(400))")
    }

    // MARK: - Configuration

    /// `alert2jira check` on a broken config: always 78 (EX_CONFIG) and `file:line:column: message`.
    static let configRows: [Row] = [
        Row("YAML syntax error", "rules: [ {name: a", 78, "cfg.yaml:2:1: YAML syntax error"),
        Row("tabs for indentation", "rules:\n\t- name: a\n", 78, "YAML does not allow tabs for indentation, use spaces"),
        Row("billion-laughs aliases", billionLaughs, 78, "expands to more than 200000 values through its aliases"),
        Row(
            "regex lookahead",
            rule(match: #"title: { regex: "(?!test).*" }"#),
            78,
            "cfg.yaml:5:24: regular expression \"(?!test).*\" is not valid RE2 syntax: invalid perl operator: (?!"
        ),
        Row("regex back-reference", rule(match: #"title: { regex: "(a)\\1" }"#), 78, "has no back-references"),
        Row(
            "invalid regex",
            rule(match: #"title: { regex: "[" }"#),
            78,
            "cfg.yaml:5:24: regular expression \"[\" is not valid RE2 syntax: missing ]: ["
        ),
        Row("unknown template field", rule(extra: #"summary: "{{#a}}{{/a}}""#), 78, "cfg.yaml:4:15: unknown field \"a\" in template"),
        Row("unclosed template section", rule(extra: #"summary: "{{#title}}x""#), 78, "cfg.yaml:4:"),
        Row("unknown connection", rule(extra: "connection: nope"), 78, "refers to unknown connection \"nope\"; define it under connections:"),
        Row("duplicate rule names", "rules:\n  - {name: r, project: P}\n  - {name: r, project: Q}\n", 78, "cfg.yaml:3:5: duplicate rule name \"r\""),
        Row("unknown top-level key", "bogus: 1\n", 78, "unknown key \"bogus\" in the configuration; known keys:"),
        Row("rules not a list", "rules: 5\n", 78, "cfg.yaml:1:8: rules must be a list"),
        Row("URL not http(s)", connection(#"url: "ftp://x", auth: {email: a@b.example, api_token: t}"#), 78, "must be an http(s) URL"),
        Row(
            "unset environment variable",
            connection(#"url: "https://x.atlassian.net", auth: {email: a@b.example, api_token: "${A2J_CATALOGUE_UNSET}"}"#),
            78,
            "environment variable A2J_CATALOGUE_UNSET is not set"
        ),
        Row(
            "missing secret file",
            connection(#"url: "https://x.atlassian.net", auth: {email: a@b.example, api_token_file: /nonexistent/token}"#),
            78,
            "cannot read api_token_file /nonexistent/token"
        ),
        Row("body limit out of range", "server:\n  body_limit: 1TB\n", 78, "server.body_limit must be a size between 1KiB and 64MiB"),
        Row("bad listen address", "server:\n  listen: \"host:abc\"\n", 78, "the port must be a number between 0 and 65535"),
        Row("bad unmatched policy", "unmatched: maybe\n", 78, "unmatched must be one of report, error, drop"),
        Row("gt on text", rule(match: #"cost.amount: { gt: "abc" }"#), 78, "gt compares numbers; \"abc\" is not a number"),
        Row("empty file", "", 78, "the configuration file is empty"),
        Row("invalid UTF-8", [0xFF, 0xFE, 0x0A], 78, "is not valid UTF-8"),
        Row("top level a list", "[1, 2]\n", 78, "the configuration must be a mapping, found a list"),
        Row("rule without a project", "rules:\n  - name: r\n", 78, "cfg.yaml:2:"),
        Row("deeply nested YAML", "a: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n", 78, "cfg.yaml:1:"),
    ]

    static let billionLaughs = """
        a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
        f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
        g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
        h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
        i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]

        """

    static func rule(match: String? = nil, extra: String? = nil) -> String {
        var text = "rules:\n  - name: r\n    project: P\n"
        if let extra { text += "    \(extra)\n" }
        if let match { text += "    match:\n      \(match)\n" }
        return text
    }

    static func connection(_ body: String) -> String {
        "connections:\n  j: {\(body)}\n"
    }

    @Test(arguments: configRows)
    func configuration(_ row: Row) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("a2j-catalogue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cfg.yaml")
        try Data(row.input).write(to: path)
        let result = try await CommandLineRunner.run(["check", "--config", path.path], currentDirectory: directory)
        #expect(Int(result.status) == row.status, "\(result.stderr.prefix(400))")
        #expect(result.stderr.contains(row.fragment), "\(result.stderr.prefix(400))")
    }

    // MARK: - HTTP

    static let token = "catalogue-bearer-token"
    static let authorized = [(name: "Authorization", value: "Bearer \(token)")]

    /// `alert2jira serve`: 400 for what is not JSON, 413 over the body limit, 415 for a content type that is not
    /// JSON (text/plain is JSON to SNS),
    /// 401 without credentials, 404 for unknown sources and formats, 422 for JSON that is not an alert.
    static let httpRows: [Row] = [
        Row(
            "truncated JSON",
            #"{"title": "#,
            400,
            "request body:1:11: invalid JSON at byte 10: unexpected end of input",
            extra: ["/alerts/src/am"],
            headers: authorized
        ),
        Row("JSON scalar", "42", 422, "the document is a JSON number, expected an object", extra: ["/alerts/src/am"], headers: authorized),
        Row("NaN", #"{"v": NaN}"#, 400, "NaN is not a valid JSON number", extra: ["/alerts/src/am"], headers: authorized),
        Row("lone surrogate", #"{"t": "\ud800"}"#, 400, "lone high surrogate", extra: ["/alerts/src/am"], headers: authorized),
        Row(
            "invalid UTF-8",
            [UInt8](#"{"title": ""#.utf8) + [0xFF] + [UInt8](#""}"#.utf8),
            400,
            "invalid UTF-8 byte 0xFF",
            extra: ["/alerts/src/any"],
            headers: authorized
        ),
        Row("duplicate keys", #"{"title": "x", "title": "y"}"#, 400, #"duplicate key \"title\""#, extra: ["/alerts/src/any"], headers: authorized),
        Row("empty body", "", 400, "no input", extra: ["/alerts/src/am"], headers: authorized),
        Row("100k-deep nesting", deepArrays, 400, "nesting deeper than 512 levels", extra: ["/alerts/src/any"], headers: authorized),
        Row(
            "10 MB body",
            tenMegabyteTitle,
            413,
            "larger than the 1024 KiB limit (server.body_limit)",
            extra: ["/alerts/src/any"],
            headers: authorized
        ),
        Row(
            "wrong content type",
            #"{"title": "x"}"#,
            415,
            "send the alert payload as Content-Type: application/json",
            extra: ["/alerts/src/any"],
            headers: authorized + [(name: "Content-Type", value: "application/xml")]
        ),
        Row("unknown format", "{}", 404, #"unknown format \"nope\""#, extra: ["/alerts/src/any/nope"], headers: authorized),
        Row("unknown source", "{}", 404, #"no source \"nosuch\" is configured"#, extra: ["/alerts/src/nosuch"], headers: authorized),
        Row("no credentials", #"{"title": "x"}"#, 401, "unauthorized", extra: ["/alerts/src/am"]),
        Row(
            "wrong bearer token",
            #"{"title": "x"}"#,
            401,
            "unauthorized",
            extra: ["/alerts/src/am"],
            headers: [(name: "Authorization", value: "Bearer wrong")]
        ),
        Row(
            "payload not in the source's format",
            #"{"title": "x"}"#,
            422,
            "is not in the alertmanager format",
            extra: ["/alerts/src/am"],
            headers: authorized
        ),
        Row("Pub/Sub envelope with bad base64", pubSubBadBase64, 422, "is not base64", extra: ["/alerts/src/any"], headers: authorized),
        Row("SNS envelope whose Message is not JSON", snsWithTextMessage, 202, #""accepted":1"#, extra: ["/alerts/src/any"], headers: authorized),
        Row("NDJSON with one broken line", "{\"title\": \"a\"}\n{\"b\":\n", 400, "request body:2:", extra: ["/alerts/src/any"], headers: authorized),
    ]

    @Test func http() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("a2j-catalogue-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = directory + "/alert2jira.yaml"
        let text = """
            connections:
              jira: { url: "http://127.0.0.1:9", auth: { email: a@b.example, api_token: t } }
            rules:
              - { name: everything, project: FINOPS, summary: "{{title}}" }
            sources:
              am: { format: alertmanager, bearer_token: \(Self.token) }
              any: { bearer_token: \(Self.token) }
            server:
              body_limit: 1MiB
            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: config))
        let server = try await ServeProcess.start(config: config, dataDirectory: directory + "/data")
        defer { server.signal(SIGKILL) }
        for row in Self.httpRows {
            let headers =
                row.headers.contains { $0.name == "Content-Type" } ? row.headers : [(name: "Content-Type", value: "application/json")] + row.headers
            let response = await server.send(row.extra[0], row.input, headers: headers)
            #expect(response?.status == row.status, "\(row.name): \(response?.body.prefix(300) ?? "no answer")")
            #expect(response?.body.contains(row.fragment) == true, "\(row.name): \(response?.body.prefix(300) ?? "no answer")")
        }
        // Still serving after all of that.
        #expect(await server.get("/healthz")?.status == 200)
    }

    /// At least the 60 rows the hardening issue asks for.
    @Test func catalogueSize() {
        #expect(Self.stdinRows.count + Self.configRows.count + Self.httpRows.count >= 60)
    }
}
