import AlertConfig
import AlertModel
import Contracts
import Foundation
import Testing

@testable import AlertRules

/// Every problem a config can have, with the exact `file:line:column: message` users see.
@Suite struct ConfigErrorTests {
    @Test func yamlSyntaxError() {
        #expect(
            configProblems("project_connections: [OPS\nrules: []\n") == [
                "cfg.yaml:2:6: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 22)"
            ]
        )
    }

    @Test func tabsForIndentation() {
        #expect(
            configProblems("rules:\n\t- name: x\n") == [
                "cfg.yaml:2:1: YAML syntax error: found character that cannot start any token (while scanning for the next token at line 2, column 1); YAML does not allow tabs for indentation, use spaces"
            ]
        )
        #expect(
            configProblems("rules:\n  - name: x\n    project: OPS\n\tsummary: y\n") == [
                "cfg.yaml:4:1: YAML syntax error: found a tab character that violates indentation (while scanning a plain scalar at line 3, column 14); YAML does not allow tabs for indentation, use spaces"
            ]
        )
    }

    @Test func emptyFile() {
        let expected = ["cfg.yaml:1:1: the configuration file is empty; see samples/alert2jira.yaml for a starting point"]
        #expect(configProblems("") == expected)
        #expect(configProblems("# nothing yet\n\n") == expected)
        #expect(configProblems("just text\n") == ["cfg.yaml:1:1: the configuration must be a mapping, found a scalar"])
    }

    @Test func unknownTopLevelKey() {
        #expect(configProblems("rulez: []\n") == ["cfg.yaml:1:1: unknown key \"rulez\" in the configuration; did you mean \"rules\"?"])
        #expect(
            configProblems("colour: blue\n") == [
                "cfg.yaml:1:1: unknown key \"colour\" in the configuration; known keys: connections, default_connection, project_connections, include, rules, defaults, unmatched, samples, server, sources"
            ]
        )
    }

    @Test func unknownRuleKeyWithSuggestion() {
        let yaml = """
            rules:
              - name: x
                project: OPS
                sumary: "{{title}}"
            """
        #expect(configProblems(yaml) == ["cfg.yaml:4:5: unknown key \"sumary\" in rule \"x\"; did you mean \"summary\"?"])
    }

    @Test func wrongTypes() {
        let yaml = """
            connections: [cloud]
            unmatched: [report]
            rules:
              - name: x
                project: OPS
                summary: [a, b]
                continue: maybe
                labels: { a: b }
              - just-a-name
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:1:14: connections must be a mapping, found a list",
                "cfg.yaml:2:12: unmatched must be a string, found a list",
                "cfg.yaml:6:14: summary must be a string, found a list",
                "cfg.yaml:7:15: continue must be true or false, found \"maybe\"",
                "cfg.yaml:8:13: labels must be a list, found a mapping",
                "cfg.yaml:9:5: rule #2 must be a mapping, found a scalar",
            ]
        )
        #expect(configProblems("rules: {}\n") == ["cfg.yaml:1:8: rules must be a list, found a mapping"])
        #expect(configProblems("rules:\n  - name: x\n    project:\n") == ["cfg.yaml:3:13: project has no value"])
    }

    @Test func badRegex() {
        let yaml = """
            rules:
              - name: x
                project: OPS
                match:
                  labels.env: { regex: "prod(" }
                  labels.team: { not_regex: "a)|(b" }
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:5:29: regular expression \"prod(\" is not valid RE2 syntax: missing ): prod(",
                "cfg.yaml:6:34: regular expression \"a)|(b\" is not valid RE2 syntax: unexpected ): a)|(b",
            ]
        )
    }

    @Test func badTemplatesInQuotedScalars() {
        let yaml = """
            rules:
              - name: x
                project: OPS
                summary: "Disk {{#labels}}full"
                issue_type: 'Task {{labels.team full'
                priority: "{{#a}}x{{/b}}"
                labels: ["{{/team}}"]
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:4:20: section \"{{#labels}}\" is never closed; close it with {{/labels}}",
                "cfg.yaml:5:23: unclosed tag \"{{labels.team full\"; close it with }}",
                "cfg.yaml:6:16: unknown field \"a\" in template; fields are annotations, cost, endsAt, fingerprint, id, labels, raw, resource, rule, severity, severityRaw, source, startsAt, status, summary, title, url",
                "cfg.yaml:7:15: \"{{/team}}\" closes no open section",
            ]
        )
    }

    @Test func badTemplatesInBlockScalars() {
        let yaml = """
            rules:
              - name: x
                project: OPS
                description: |
                  Alert {{title}} fired.

                  {{#labels}}
                  team {{team}}
              - name: y
                project: OPS
                description: |
                  Owner: {{labels.team}}
                  Team: {{labels.team
                  and more
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:7:7: section \"{{#labels}}\" is never closed; close it with {{/labels}}",
                "cfg.yaml:13:13: unclosed tag \"{{labels.team\"; close it with }}",
            ]
        )
    }

    @Test func templateErrorsThatOnlySwiftMustacheFinds() {
        let yaml = """
            rules:
              - name: x
                project: OPS
                summary: "a {{bad name}} b"
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:4:17: invalid tag \"{{bad name}}\": names are letters, digits and . - _ ? *, and transforms are written like uppercased(severity)"
            ]
        )
    }

    @Test func misspelledTemplateField() {
        let yaml = """
            rules:
              - name: x
                project: OPS
                summary: "{{sumary}} {{#raw.alerts}}{{whatever}}{{/raw.alerts}}"
            """
        #expect(configProblems(yaml) == ["cfg.yaml:4:15: unknown field \"sumary\" in template; did you mean \"summary\"?"])
    }

    @Test func unknownConnections() {
        let yaml = """
            connections:
              cloud: { url: "https://x.atlassian.net" }
            default_connection: clud
            project_connections: { OPS: onprem }
            rules:
              - name: x
                project: OPS
                connection: cloude
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:3:21: default_connection refers to unknown connection \"clud\"; did you mean \"cloud\"?",
                "cfg.yaml:4:29: project_connections.OPS refers to unknown connection \"onprem\"; defined connections: cloud",
                "cfg.yaml:8:17: rule \"x\" refers to unknown connection \"cloude\"; did you mean \"cloud\"?",
            ]
        )
        #expect(
            configProblems("default_connection: cloud\n") == [
                "cfg.yaml:1:21: default_connection refers to unknown connection \"cloud\"; define it under connections:"
            ]
        )
    }

    @Test func brokenConnectionIsStillKnownByName() {
        let yaml = """
            connections:
              cloud: { url: "example.atlassian.net" }
            default_connection: cloud
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:2:18: url of connection \"cloud\" must be an http(s) URL like https://example.atlassian.net, found \"example.atlassian.net\""
            ]
        )
    }

    @Test func ambiguousConnection() {
        let yaml = """
            connections:
              a: { url: "https://a.atlassian.net" }
              b: { url: "https://b.atlassian.net" }
            project_connections: { OPS: a }
            rules:
              - { name: ops, project: OPS }
              - { name: dev, project: DEV }
              - { name: templated, project: "{{labels.project}}" }
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:7:5: rule \"dev\" does not say which connection project DEV uses; set connection: on the rule, project_connections: {DEV: …}, or default_connection"
            ]
        )
    }

    @Test func duplicateRuleName() throws {
        let yaml = """
            rules:
              - name: same
                project: A
              - name: same
                project: B
            """
        #expect(configProblems(yaml) == ["cfg.yaml:4:5: duplicate rule name \"same\" (first defined at cfg.yaml:2:5)"])

        // Across files the message names both.
        try withTemporaryDirectory(["rules.yaml": "- { name: same, project: A }\n"]) { directory in
            let problems = configProblems("include: rules.yaml\nrules:\n  - { name: same, project: B }\n", baseDirectory: directory)
            #expect(problems == ["cfg.yaml:3:5: duplicate rule name \"same\" (first defined at \(directory)/rules.yaml:1:3)"])
        }
    }

    @Test func duplicateYAMLKey() {
        let yaml = """
            rules:
              - name: x
                project: A
                summary: s
                "project": B
            """
        #expect(configProblems(yaml) == ["cfg.yaml:5:5: duplicate key \"project\" (first at cfg.yaml:3:5)"])
        #expect(configProblems("rules: []\nrules: []\n") == ["cfg.yaml:2:1: duplicate key \"rules\" (first at cfg.yaml:1:1)"])
        #expect(configProblems("defaults: { project: A, project: B }\n") == ["cfg.yaml:1:13: duplicate key \"project\""])
    }

    @Test func missingProjectAndName() {
        let yaml = """
            rules:
              - name: x
                summary: hi
              - project: OPS
              - name: ""
                project: OPS
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:2:5: rule \"x\" has no project; add project: KEY (or set it under defaults:)",
                "cfg.yaml:4:5: rule #2 has no name; add name: something-descriptive",
                "cfg.yaml:5:12: the name of rule #3 is empty",
            ]
        )
    }

    @Test func unknownMatchField() {
        let yaml = """
            rules:
              - name: x
                project: OPS
                match:
                  sevrity: critical
                  colour: red
                  labels: x
                  cost.total: { gt: 1 }
                  title.text: a
                  raw..a: b
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:5:7: unknown alert field \"sevrity\" in match; did you mean \"severity\"?",
                "cfg.yaml:6:7: unknown alert field \"colour\" in match; fields are annotations, cost, endsAt, fingerprint, id, labels, raw, resource, severity, severityRaw, source, startsAt, status, summary, title, url, and raw.* for the original payload",
                "cfg.yaml:7:7: labels takes a name: labels.<name>, found \"labels\"",
                "cfg.yaml:8:7: cost has cost.amount, cost.expected, cost.actual, cost.currency, found \"cost.total\"",
                "cfg.yaml:9:7: title is a single value; \"title.text\" leads nowhere",
                "cfg.yaml:10:7: empty component in field path \"raw..a\"",
            ]
        )
    }

    @Test func closedVocabularies() {
        let yaml = """
            rules:
              - name: x
                project: OPS
                match:
                  severity: crit
                  status: { in: [firing, fixed] }
                  source: alertmanger
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:5:17: severity is never \"crit\"; it is one of critical, high, warning, info (did you mean \"critical\"?)",
                "cfg.yaml:6:30: status is never \"fixed\"; it is one of firing, resolved",
                "cfg.yaml:7:15: source is never \"alertmanger\"; it is one of \(AlertFormats.ids.joined(separator: ", ")) (did you mean \"alertmanager\"?)",
            ]
        )
    }

    @Test func badConditions() {
        let yaml = """
            rules:
              - name: x
                project: OPS
                match:
                  cost.amount: { gtt: 100 }
                  cost.actual: { gt: lots }
                  cost.expected: { lte: 0x10 }
                  labels.team: { exists: maybe }
                  labels.env: {}
                  labels.a:
                  labels.b: [[x]]
                  any: []
                  not: [a]
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:5:22: unknown key \"gtt\" in the condition on cost.amount; did you mean \"gt\"?",
                "cfg.yaml:6:26: gt compares numbers; \"lots\" is not a number",
                "cfg.yaml:7:29: lte compares numbers; \"0x10\" is not a number",
                "cfg.yaml:8:30: exists must be true or false, found \"maybe\"",
                "cfg.yaml:9:19: empty condition; use one of eq, ne, in, not_in, regex, not_regex, gt, gte, lt, lte, exists, contains",
                "cfg.yaml:10:16: no value to compare labels.a with; to match a missing field write { exists: false }",
                "cfg.yaml:11:18: expected a single value, found a list",
                "cfg.yaml:12:12: any needs at least one matcher",
                "cfg.yaml:13:12: match must be a mapping, found a list",
            ]
        )
    }

    @Test func authMixingMethods() {
        let yaml = """
            connections:
              c:
                url: https://x.atlassian.net
                auth:
                  email: a@example.com
                  api_token: t
                  personal_access_token: p
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:5:7: auth of connection \"c\" mixes email + API token and personal access token; use one: email + api_token (Cloud), personal_access_token (Data Center), username + password, or client_id + client_secret"
            ]
        )
    }

    @Test func incompleteAuth() {
        let yaml = """
            connections:
              a: { url: "https://a.atlassian.net", auth: { email: a@example.com } }
              b: { url: "https://b.atlassian.net", auth: { password: p } }
              c: { url: "https://c.atlassian.net", auth: { client_id: id } }
              d: { url: "https://d.atlassian.net", auth: { api_token: t } }
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:2:46: auth of connection \"a\": email needs api_token or api_token_file",
                "cfg.yaml:3:46: auth of connection \"b\": password needs username",
                "cfg.yaml:4:46: auth of connection \"c\": client_id needs client_secret or client_secret_file",
                "cfg.yaml:5:46: auth of connection \"d\": api_token needs email",
            ]
        )
    }

    @Test func secretGivenTwice() {
        let yaml = """
            connections:
              c:
                url: https://x.atlassian.net
                auth: { email: a@example.com, api_token: t, api_token_file: /run/token }
            """
        #expect(configProblems(yaml) == ["cfg.yaml:4:65: give either api_token or api_token_file in auth of connection \"c\", not both"])
    }

    @Test func unreadableSecretFiles() throws {
        try withTemporaryDirectory(["empty": "\n", "dir/x": ""]) { directory in
            let yaml = """
                connections:
                  a:
                    url: https://a.atlassian.net
                    auth: { email: a@example.com, api_token_file: missing-token }
                  b:
                    url: https://b.atlassian.net
                    auth: { personal_access_token_file: empty }
                  c:
                    url: https://c.atlassian.net
                    auth: { username: u, password_file: dir }
                """
            #expect(
                configProblems(yaml, baseDirectory: directory) == [
                    "cfg.yaml:4:51: cannot read api_token_file \(directory)/missing-token: no such file",
                    "cfg.yaml:7:41: personal_access_token_file \(directory)/empty is empty",
                    "cfg.yaml:10:41: cannot read password_file \(directory)/dir: it is not readable",
                ]
            )
        }
    }

    @Test func connectionSettings() {
        let yaml = """
            connections:
              c:
                flavor: server
                timeout: soon
                scoped: yes please
                ca_file: /nonexistent/ca.pem
                token: x
              d:
                url: "${JIRA_URL:-}"
              e:
                url: https://e.example.com
                flavor: datacenter
                scoped: true
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:2:3: connection \"c\" has no url; add url: https://your-site.atlassian.net",
                "cfg.yaml:3:13: flavor must be one of auto, cloud, datacenter, found \"server\"",
                "cfg.yaml:4:14: timeout must be a duration like 30s, 10m, 1h or 1h30m, found \"soon\"",
                "cfg.yaml:5:13: scoped must be true or false, found \"yes please\"",
                "cfg.yaml:6:14: ca_file /nonexistent/ca.pem is not a readable file",
                "cfg.yaml:7:5: unknown key \"token\" in connection \"c\"; known keys: url, flavor, auth, scoped, cloud_id, gateway_url, token_url, ca_file, insecure_skip_verify, connect_timeout, timeout, metadata_ttl",
                "cfg.yaml:9:11: url of connection \"d\" must be an http(s) URL like https://example.atlassian.net, found \"\"",
                "cfg.yaml:10:3: connection \"e\" is scoped (API gateway) but flavor is datacenter; scoped tokens exist only on Jira Cloud",
            ]
        )
    }

    @Test func unsetEnvironmentVariable() {
        let yaml = """
            connections:
              c:
                url: "${JIRA_URL}"
                auth: { email: "${JIRA_EMAIL}", api_token: "${JIRA_TOKEN}" }
            """
        #expect(
            configProblems(yaml, environment: ["JIRA_EMAIL": "bot@example.com"]) == [
                "cfg.yaml:3:11: environment variable JIRA_URL is not set; set it, or write ${JIRA_URL:-default}",
                "cfg.yaml:4:49: environment variable JIRA_TOKEN is not set; set it, or write ${JIRA_TOKEN:-default}",
            ]
        )
    }

    @Test func missingIncludedFile() {
        #expect(
            configProblems("include: [rules/missing.yaml, { path: rules/*.yaml, optional: true }]\n") == [
                "cfg.yaml:1:11: included file \"rules/missing.yaml\" does not exist (paths are relative to /nonexistent)"
            ]
        )
        #expect(
            configProblems("samples: examples/one.json\n") == [
                "cfg.yaml:1:10: sample file \"examples/one.json\" does not exist (paths are relative to /nonexistent)"
            ]
        )
    }

    @Test func errorsInsideIncludedFiles() throws {
        try withTemporaryDirectory([
            "rules/a.yaml": "- name: a\n  project: OPS\n  match: { sevrity: high }\n",
            "rules/b.yaml": "rules:\n  - name: b\n    projct: OPS\n",
            "rules/c.yaml": "rules: [\n",
            "rules/d.yaml": "",
            "rules/e.yaml": "rule: []\n",
        ]) { directory in
            #expect(
                configProblems("include: rules/*.yaml\n", baseDirectory: directory) == [
                    "\(directory)/rules/a.yaml:3:12: unknown alert field \"sevrity\" in match; did you mean \"severity\"?",
                    "\(directory)/rules/b.yaml:2:5: rule \"b\" has no project; add project: KEY (or set it under defaults:)",
                    "\(directory)/rules/b.yaml:3:5: unknown key \"projct\" in rule \"b\"; did you mean \"project\"?",
                    "\(directory)/rules/c.yaml:2:1: YAML syntax error: did not find expected node content (while parsing a flow node at line 2, column 1)",
                    "\(directory)/rules/d.yaml:1:1: the rule file is empty",
                    "\(directory)/rules/e.yaml:1:1: unknown key \"rule\" in the rule file; did you mean \"rules\"?",
                ]
            )
        }
    }

    @Test func defaultsProblemsAreReportedOnce() {
        let yaml = """
            defaults:
              summary: "{{#labels}}"
              colour: red
            rules:
              - { name: a, project: A }
              - { name: b, project: B }
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:2:13: section \"{{#labels}}\" is never closed; close it with {{/labels}}",
                "cfg.yaml:3:3: unknown key \"colour\" in defaults; known keys: connection, project, issue_type, summary, description, priority, labels, fields, include_labels, include_raw, dedup, on_resolved, resolve_transition, resolution, wont_fix_resolution, max_new_issues",
            ]
        )
    }

    @Test func priorityBySeverityNamesSeverities() {
        let yaml = """
            rules:
              - name: x
                project: OPS
                priority: { critical: Highest, urgent: High }
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:4:36: priority maps severities to priorities; \"urgent\" is not one of critical, high, warning, info"
            ]
        )
    }

    @Test func aliasBombFailsFast() {
        var yaml = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            previous = name
        }
        let valueBomb = yaml + "rules: *i\n"
        #expect(
            configProblems(valueBomb) == [
                "cfg.yaml:1:1: the YAML expands to more than 200000 values through its aliases (an alias bomb?); refusing to read it"
            ]
        )
        // Used as a key, the bomb would be hashed by Yams itself before any node could be counted.
        #expect(configProblems(yaml + "j: { ? *i : 1 }\n") == ["cfg.yaml:10:8: an alias cannot be used as a mapping key"])
        #expect(configProblems(yaml + "*i : 1\n") == ["cfg.yaml:10:1: an alias cannot be used as a mapping key"])
    }

    @Test func severalErrorsAreAllReported() {
        let yaml = """
            connections:
              cloud:
                url: https://x.atlassian.net
                auth: { email: a@example.com }
            unmatched: sometimes
            rules:
              - name: a
                project: OPS
                match: { sevrity: critical }
              - name: b
                project: OPS
                sumary: x
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:4:11: auth of connection \"cloud\": email needs api_token or api_token_file",
                "cfg.yaml:5:12: unmatched must be one of report, error, drop, found \"sometimes\"",
                "cfg.yaml:9:14: unknown alert field \"sevrity\" in match; did you mean \"severity\"?",
                "cfg.yaml:12:5: unknown key \"sumary\" in rule \"b\"; did you mean \"summary\"?",
            ]
        )
    }

    @Test func windowsLineEndingsKeepPositions() {
        let yaml = "rules:\r\n  - name: x\r\n    project: OPS\r\n    description: |\r\n      ok\r\n      {{#labels}}\r\n    project: B\r\n"
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:7:5: duplicate key \"project\" (first at cfg.yaml:3:5)"
            ]
        )
        let template = "rules:\r\n  - name: x\r\n    project: OPS\r\n    description: |\r\n      ok\r\n      {{#labels}}\r\n"
        #expect(configProblems(template) == ["cfg.yaml:6:7: section \"{{#labels}}\" is never closed; close it with {{/labels}}"])
    }

    @Test func configErrorDescriptionJoinsLines() {
        let error = ConfigError([
            ConfigProblem(Contracts.SourceLocation(file: "a.yaml", line: 1, column: 2), "one"),
            ConfigProblem(Contracts.SourceLocation(file: "b.yaml", line: 3, column: 4), "two"),
        ])
        #expect(error.description == "a.yaml:1:2: one\nb.yaml:3:4: two")
    }

    /// A project key written out in the config is checked when it loads, where it is written.
    @Test func aWrittenProjectKeyThatIsNotAJiraKeyIsAConfigError() {
        let yaml = "rules:\n  - name: r\n    project: ops/x\n"
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:3:14: project key \"ops/x\" is not a Jira project key: keys are an uppercase letter followed by uppercase "
                    + "letters, digits or underscores (OPS, FINOPS_2)"
            ]
        )
    }

    /// Credentials in a connection's url would be printed wherever the url is: the url is refused, without its secret.
    @Test(arguments: ["https://bot:s3cret@jira.example.com", "https://s3cret@jira.example.com/jira", "bot:s3cret@jira.example.com"])
    func aURLWithCredentialsIsRefusedWithoutShowingThem(url: String) {
        let yaml = "connections:\n  dc:\n    url: \(url)\nrules:\n  - name: r\n    project: OPS\n"
        let problems = configProblems(yaml)
        #expect(
            problems == [
                "cfg.yaml:3:10: url of connection \"dc\" has a user name or password in it; put credentials under auth: (email and "
                    + "api_token, personal_access_token, username and password, or client_id and client_secret) and give the url without them"
            ]
        )
        #expect(!problems.joined().contains("s3cret"))
    }

    /// An include glob that matches nothing would load no rules and exit 0: an error, unless the entry says optional.
    @Test func anIncludeGlobThatMatchesNothingIsAnErrorUnlessOptional() throws {
        let yaml = "include: [\"nowhere/*.yaml\", { path: \"empty/*.yaml\", optional: true }, { optional: true }]\n"
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:1:12: include pattern \"nowhere/*.yaml\" matches no file (paths are relative to /nonexistent); fix the pattern, "
                    + "or write { path: \"nowhere/*.yaml\", optional: true } if the folder may be empty",
                "cfg.yaml:1:71: an include entry needs path: GLOB (and optionally optional: true)",
            ]
        )
    }

    /// A template error, a duplicate name and an unknown connection all come out of one run, each once, even when the
    /// duplicate's first rule is itself broken.
    @Test func templateDuplicateAndConnectionErrorsComeOutTogether() {
        let yaml = """
            connections:
              j: { url: "https://jira.example.com", flavor: cloud }
            rules:
              - name: a
                project: OPS
                summary: "{{#title}}x"
              - name: a
                project: OPS
              - name: b
                project: OPS
                connection: nope
            """
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:6:15: section \"{{#title}}\" is never closed; close it with {{/title}}",
                "cfg.yaml:7:5: duplicate rule name \"a\" (first defined at cfg.yaml:4:5)",
                "cfg.yaml:11:17: rule \"b\" refers to unknown connection \"nope\"; defined connections: j",
            ]
        )
    }
}
