import AlertConfig
import AlertModel
import Contracts
import Foundation
import Testing

@testable import AlertRules

@Suite struct ConfigLoaderTests {
    static let mainConfig = """
        connections:
          cloud:
            url: https://example.atlassian.net/
            flavor: cloud
            auth: { email: "${JIRA_EMAIL}", api_token: "${JIRA_API_TOKEN}" }
            timeout: 45s
            metadata_ttl: 1h30m
          cloud-file:
            url: https://other.atlassian.net
            auth: { email: bot@example.com, api_token_file: secrets/token }
          onprem:
            url: https://jira.example.com
            flavor: datacenter
            auth: { personal_access_token_file: secrets/pat }
            ca_file: secrets/ca.pem
            connect_timeout: 5
          legacy:
            url: http://jira.internal:8080/jira
            flavor: datacenter
            auth:
              username: svc-alerts
              password_file: /SECRETS/password
          gateway:
            url: https://example.atlassian.net
            auth: { client_id: abc, client_secret: "${CLIENT_SECRET:-fallback-secret}" }
            cloud_id: 1234-abcd
          preview:
            url: https://preview.atlassian.net
        default_connection: cloud
        project_connections: { OPS: onprem, LEGACY: legacy }
        include: [rules/*.yaml]
        unmatched: drop
        samples: [samples/*.json, samples/one.txt]
        defaults:
          issue_type: Bug
          labels: [alert2jira]
        rules:
          - name: inline-critical
            match: { severity: critical }
            project: OPS
            priority: { critical: Highest, high: High }
            continue: true
          - name: catch-all
            project: MISC
            issue_type: Task
            include_labels: false
            include_raw: true
        """

    static let costRules = """
        - name: cost-anomaly
          match:
            source: aws-cost-anomaly
            cost.amount: { gt: 100 }
          project: FINOPS
          summary: "Cost anomaly in {{resource.service}}: +{{cost.amount}} {{cost.currency}}"
          labels: [finops, "{{resource.region}}"]
          fields: { Environment: Production, Story Points: 3, Flagged: true, Components: [billing, "{{resource.service}}"] }
        """

    static let opsRules = """
        rules:
          - name: ops-pages
            match: { labels.team: ops }
            project: OPS
            connection: legacy
        """

    func withFullConfig(_ body: (Config, String) throws -> Void) throws {
        try withTemporaryDirectory([
            "alert2jira.yaml": Self.mainConfig,
            "rules/10-cost.yaml": Self.costRules,
            "rules/20-ops.yaml": Self.opsRules,
            "rules/notes.txt": "not a rule file",
            "secrets/token": "cloud-file-token\n",
            "secrets/pat": "  pat-value  \n",
            "secrets/ca.pem": "-----BEGIN CERTIFICATE-----\n",
            "SECRETS/password": "hunter2",
            "samples/b.json": "{}",
            "samples/a.json": "{}",
            "samples/one.txt": "x",
        ]) { directory in
            let yaml = Self.mainConfig.replacingOccurrences(of: "/SECRETS/", with: directory + "/SECRETS/")
            let environment = ["JIRA_EMAIL": "bot@example.com", "JIRA_API_TOKEN": "cloud-token"]
            let config = try ConfigLoader(environment: environment).load(
                yaml: yaml,
                file: directory + "/alert2jira.yaml",
                baseDirectory: directory
            )
            try body(config, directory)
        }
    }

    @Test func fullConfigConnections() throws {
        try withFullConfig { config, directory in
            #expect(config.connections.keys.sorted() == ["cloud", "cloud-file", "gateway", "legacy", "onprem", "preview"])

            let cloud = try #require(config.connections["cloud"])
            #expect(cloud.url == "https://example.atlassian.net")
            #expect(cloud.flavor == .cloud)
            #expect(cloud.auth == .cloudToken(email: "bot@example.com", apiToken: Secret("cloud-token")))
            #expect(cloud.requestTimeout == .seconds(45))
            #expect(cloud.metadataTTL == .seconds(5400))
            #expect(cloud.connectTimeout == .seconds(10))
            #expect(cloud.scoped == false)
            #expect(cloud.location == Contracts.SourceLocation(file: directory + "/alert2jira.yaml", line: 2, column: 3))

            let file = try #require(config.connections["cloud-file"])
            #expect(file.auth == .cloudToken(email: "bot@example.com", apiToken: Secret("cloud-file-token")))
            #expect(file.flavor == .auto)
            #expect(file.offlineFlavor == .cloud)

            let onprem = try #require(config.connections["onprem"])
            #expect(onprem.flavor == .datacenter)
            #expect(onprem.offlineFlavor == .datacenter)
            #expect(onprem.auth == .personalAccessToken(Secret("pat-value")))
            #expect(onprem.caFile == directory + "/secrets/ca.pem")
            #expect(onprem.connectTimeout == .seconds(5))

            let legacy = try #require(config.connections["legacy"])
            #expect(legacy.url == "http://jira.internal:8080/jira")
            #expect(legacy.auth == .basic(username: "svc-alerts", password: Secret("hunter2")))

            let gateway = try #require(config.connections["gateway"])
            #expect(gateway.auth == .oauthClientCredentials(clientID: "abc", clientSecret: Secret("fallback-secret")))
            #expect(gateway.scoped, "OAuth tokens only work through the API gateway")
            #expect(gateway.cloudID == "1234-abcd")
            #expect(gateway.gatewayURL == "https://api.atlassian.com")

            #expect(config.connections["preview"]?.auth == ConnectionConfig.Auth.none)
        }
    }

    @Test func fullConfigRoutingSettings() throws {
        try withFullConfig { config, directory in
            #expect(config.defaultConnection == "cloud")
            #expect(config.projectConnections == ["OPS": "onprem", "LEGACY": "legacy"])
            #expect(config.unmatched == .drop)
            #expect(config.samples == [directory + "/samples/a.json", directory + "/samples/b.json", directory + "/samples/one.txt"])
            #expect(config.file == directory + "/alert2jira.yaml")
        }
    }

    @Test func fullConfigRules() throws {
        try withFullConfig { config, directory in
            // Included files come first, in file name order, then the inline rules.
            #expect(config.rules.map(\.name) == ["cost-anomaly", "ops-pages", "inline-critical", "catch-all"])

            let cost = config.rules[0]
            #expect(cost.location == Contracts.SourceLocation(file: directory + "/rules/10-cost.yaml", line: 1, column: 3))
            #expect(cost.project.source == "FINOPS")
            #expect(cost.issueType.source == "Bug", "issue_type comes from defaults:")
            #expect(cost.labels.map(\.source) == ["finops", "{{resource.region}}"], "the rule's labels replace the defaults'")
            #expect(cost.summary.source == "Cost anomaly in {{resource.service}}: +{{cost.amount}} {{cost.currency}}")
            #expect(cost.summary.location == Contracts.SourceLocation(file: directory + "/rules/10-cost.yaml", line: 6, column: 13))
            #expect(cost.matcher.matches(costAlert(amount: 150)))
            #expect(!cost.matcher.matches(costAlert(amount: 50)))
            #expect(cost.fields.map(\.name) == ["Environment", "Story Points", "Flagged", "Components"])
            #expect(cost.connection == nil)
            #expect(cost.includeLabels == true)
            #expect(cost.includeRaw == false)

            let ops = config.rules[1]
            #expect(ops.connection == "legacy")
            #expect(ops.labels.map(\.source) == ["alert2jira"], "labels come from defaults:")

            let inline = config.rules[2]
            #expect(inline.continueMatching)
            #expect(inline.location == Contracts.SourceLocation(file: directory + "/alert2jira.yaml", line: 38, column: 5))
            guard case .bySeverity(let map) = inline.priority else {
                Issue.record("priority should map severities")
                return
            }
            #expect(map.mapValues(\.source) == ["critical": "Highest", "high": "High"])

            let catchAll = config.rules[3]
            #expect(catchAll.issueType.source == "Task")
            #expect(catchAll.includeLabels == false)
            #expect(catchAll.includeRaw == true)
            #expect(catchAll.matcher.matches(costAlert(amount: 1)), "a rule without match: takes every alert")
            #expect(catchAll.description.isBuiltIn)
            #expect(!catchAll.summary.isConstant)
        }
    }

    @Test func loadsFromPathAndResolvesConfigLocation() throws {
        try withTemporaryDirectory([
            "conf/alert2jira.yaml": "include: rules.yaml\n",
            "conf/rules.yaml": "- { name: only, project: OPS }\n",
        ]) { directory in
            let config = try ConfigLoader(environment: [:]).load(path: directory + "/conf/alert2jira.yaml")
            #expect(config.rules.map(\.name) == ["only"])
        }
        #expect(ConfigLoader(environment: [:]).resolvePath("explicit.yaml") == "explicit.yaml")
        #expect(ConfigLoader(environment: ["ALERT2JIRA_CONFIG": "/etc/a2j.yaml"]).resolvePath(nil) == "/etc/a2j.yaml")
        #expect(ConfigLoader(environment: [:]).resolvePath(nil) == "alert2jira.yaml")
    }

    @Test func missingConfigFile() {
        #expect(
            throws: ConfigError([
                ConfigProblem(.init(file: "/nope/a.yaml", line: 1, column: 1), "cannot read configuration file /nope/a.yaml: no such file")
            ])
        ) {
            try ConfigLoader(environment: [:]).load(path: "/nope/a.yaml")
        }
    }

    @Test func includeGlobDoesNotReadTheMainFileAgain() throws {
        try withTemporaryDirectory([
            "main.yaml": "include: '*.yaml'\n",
            "rules.yaml": "- { name: only, project: OPS }\n",
        ]) { directory in
            let config = try ConfigLoader(environment: [:]).load(path: directory + "/main.yaml")
            #expect(config.rules.map(\.name) == ["only"])
        }
    }

    @Test func singleScalarsStandForLists() throws {
        let config = try loadConfig(
            """
            rules:
              - name: r
                project: OPS
                labels: finops
                match:
                  labels.team: [a, b]
            """
        )
        #expect(config.rules[0].labels.map(\.source) == ["finops"])
    }

    @Test func anchorsAndMergeKeysShareSettings() throws {
        let config = try loadConfig(
            """
            rules:
              - &base
                name: first
                project: OPS
                issue_type: Incident
                labels: &labels [alert2jira, ops]
              - <<: *base
                name: second
                issue_type: Task
              - <<: [{ project: DEV, summary: s }, *base]
                name: third
                labels: *labels
            """
        )
        #expect(config.rules.map(\.name) == ["first", "second", "third"])
        #expect(config.rules.map(\.project.source) == ["OPS", "OPS", "DEV"], "earlier merge sources win")
        #expect(config.rules.map(\.issueType.source) == ["Incident", "Task", "Incident"], "the rule's own keys win")
        #expect(config.rules.map(\.summary.source) == ["{{title}}", "{{title}}", "s"])
        #expect(config.rules[2].labels.map(\.source) == ["alert2jira", "ops"])
    }

    @Test func fieldValuesKeepTheirKind() throws {
        let config = try loadConfig(
            """
            rules:
              - name: r
                project: OPS
                fields:
                  Text: Production
                  Quoted number: "5"
                  Number: 5
                  Negative: -2.5e3
                  Leading zero: 007
                  Hex: 0x1F
                  Infinity: -inf
                  Yes: true
                  Nothing: ~
                  List: [a, 1]
                  Object: { id: "{{labels.team}}", value: 10 }
            """
        )
        let fields = config.rules[0].fields
        func describe(_ field: FieldTemplate) -> String {
            switch field {
            case .text(let template): "text(\(template.source))"
            case .number(let literal): "number(\(literal))"
            case .bool(let bool): "bool(\(bool))"
            case .null: "null"
            case .list(let items): "list(\(items.map(describe).joined(separator: ",")))"
            case .object(let members): "object(\(members.map { "\($0.key)=\(describe($0.value))" }.joined(separator: ",")))"
            }
        }
        #expect(
            fields.map { "\($0.name): \(describe($0.value))" } == [
                "Text: text(Production)",
                "Quoted number: text(5)",
                "Number: number(5)",
                "Negative: number(-2.5e3)",
                "Leading zero: text(007)",
                "Hex: text(0x1F)",
                "Infinity: text(-inf)",
                "Yes: bool(true)",
                "Nothing: null",
                "List: list(text(a),number(1))",
                "Object: object(id=text({{labels.team}}),value=number(10))",
            ]
        )
    }

    @Test(arguments: [
        ("90s", Duration.seconds(90)), ("10m", .seconds(600)), ("1h30m", .seconds(5400)), ("2d", .seconds(172_800)),
        ("1w", .seconds(604_800)), ("500ms", .milliseconds(500)), ("45", .seconds(45)), ("0", .zero),
    ])
    func durations(text: String, expected: Duration) {
        #expect(DurationParser.parse(text) == expected)
    }

    @Test(arguments: ["", "m", "10x", "1.5s", "-5", "10m5", "99999999999999999999s", "9999999999w"])
    func invalidDurations(text: String) {
        #expect(DurationParser.parse(text) == nil)
    }

    @Test func connectionChoice() throws {
        let config = try loadConfig(
            """
            connections:
              a: { url: "https://a.atlassian.net" }
              b: { url: "https://b.atlassian.net" }
              c: { url: "https://c.atlassian.net" }
            default_connection: a
            project_connections: { OPS: b }
            rules:
              - { name: own, project: OPS, connection: c }
              - { name: project, project: OPS }
              - { name: global, project: OTHER }
            """
        )
        let rules = config.rules
        #expect(config.connectionName(rule: rules[0], project: "OPS") == "c")
        #expect(config.connectionName(rule: rules[1], project: "OPS") == "b")
        #expect(config.connectionName(rule: rules[2], project: "OTHER") == "a")

        let single = try loadConfig("connections:\n  only: { url: \"https://x.atlassian.net\" }\nrules:\n  - { name: r, project: X }\n")
        #expect(single.connectionName(rule: single.rules[0], project: "X") == "only")
        let none = try loadConfig("rules:\n  - { name: r, project: X }\n")
        #expect(none.connectionName(rule: none.rules[0], project: "X") == nil)
    }

    @Test func emptySecretsAllowPreviews() throws {
        let config = try loadConfig(
            """
            connections:
              cloud:
                url: https://example.atlassian.net
                auth: { email: "${JIRA_EMAIL:-}", api_token: "${JIRA_API_TOKEN:-}" }
            """
        )
        #expect(config.connections["cloud"]?.auth == .cloudToken(email: "", apiToken: Secret("")))
    }

    @Test func shippedSampleConfigLoads() throws {
        // Resolved through symlinks so the test finds the repository's samples/ from any checkout layout.
        let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = repository.appendingPathComponent("samples/alert2jira.yaml").path
        try #require(FileManager.default.fileExists(atPath: path))
        let config = try ConfigLoader(environment: [:]).load(path: path)
        #expect(config.connections["cloud"]?.url == "https://example.atlassian.net")
        #expect(!config.rules.isEmpty)
        #expect(!config.samples.isEmpty)
    }

    @Test func defaultsOfAnEmptyConfig() throws {
        let config = try loadConfig("rules: []\n")
        #expect(config.rules.isEmpty)
        #expect(config.connections.isEmpty)
        #expect(config.unmatched == .report)
        #expect(config.samples.isEmpty)
    }
}
