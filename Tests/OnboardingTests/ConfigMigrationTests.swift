import AlertConfig
import AlertRules
import Contracts
import Foundation
import Onboarding
import TestSupport
import Testing

/// The converters against the real jiralert and Alertmanager configs in `samples/migrate/`, and against
/// configs written here for the keys those samples lack: what each key becomes, that the output loads with
/// alert2jira's own loader, and that what cannot be converted is reported and kept as a comment.
@Suite struct ConfigMigrationTests {
    static let cloudEnvironment = ["JIRA_EMAIL": "alert2jira@example.com", "JIRA_API_TOKEN": "token-value"]

    /// Writes the conversion to a fresh directory and loads it the way `alert2jira` does.
    func load(_ converted: ConvertedConfig, environment: [String: String]) throws -> Config {
        let directory = try TemporaryDirectory(prefix: "a2j-onboarding")
        defer { directory.cleanUp() }
        let paths = try converted.write(to: directory.path)
        #expect(paths.count == 2)
        return try ConfigLoader(environment: environment).load(path: paths[0])
    }

    func rule(_ config: Config, _ name: String) throws -> Rule {
        try #require(config.rules.first { $0.name == name }, "no rule \(name) in \(config.rules.map(\.name))")
    }

    func rulesText(_ converted: ConvertedConfig) -> String {
        converted.files.first { $0.path == ConfigMigration.rulesPath }?.contents ?? ""
    }

    func write(_ directory: TemporaryDirectory, _ name: String, _ text: String) throws -> String {
        try directory.write(name, text)
    }

    // MARK: - jiralert's example

    @Test func jiralertExampleConvertsAndLoads() throws {
        let converted = try ConfigMigration.fromJiralert(configPath: Repository.samplePath("migrate/jiralert.yml"))
        #expect(converted.environmentVariables == ["JIRA_EMAIL", "JIRA_API_TOKEN"])
        let config = try load(converted, environment: Self.cloudEnvironment)
        #expect(config.rules.map(\.name) == ["jira-ab", "jira-xy"])
        let connection = try #require(config.connections["jira"])
        #expect(connection.url == "https://jiralert.atlassian.net")
        #expect(connection.flavor == .cloud)
        #expect(connection.auth == .cloudToken(email: "alert2jira@example.com", apiToken: Secret("token-value")))

        let ab = try rule(config, "jira-ab")
        #expect(ab.project.source == "AB")
        #expect(ab.issueType.source == "Bug")
        #expect(ab.labels.map(\.source) == ["anotherLabel", "custom"])
        #expect(ab.lifecycle.perGroup)
        #expect(ab.lifecycle.onRepeat == .update)
        #expect(ab.lifecycle.onResolved == .none)
        #expect(ab.lifecycle.reopenTransition == "To Do")
        // jiralert's reopen_duration: 0h reopens however old the issue is.
        #expect(ab.lifecycle.reopenWindow == .seconds(36500 * 86400))
        #expect(ab.lifecycle.wontFixResolution == "Won't Fix")
        #expect(!ab.includeLabels)

        let xy = try rule(config, "jira-xy")
        #expect(xy.project.source == "XY")
        #expect(xy.issueType.source == "Task")
        #expect(xy.lifecycle.onResolved == .transition)
        #expect(xy.lifecycle.resolveTransition == "Done")
        #expect(xy.lifecycle.onRepeat == .comment)
        #expect(xy.fields.map(\.name) == ["components", "customfield_10001", "customfield_10002", "customfield_10003"])
        let text = rulesText(converted)
        #expect(text.contains("customfield_10002: { value: \"red\" }"))
        #expect(text.contains("customfield_10003: [{ value: \"red\" }, { value: \"blue\" }, { value: \"green\" }]"))
        #expect(text.contains("raw.receiver: \"jira-xy\""))
    }

    @Test func jiralertTemplatesBecomeMustache() throws {
        let converted = try ConfigMigration.fromJiralert(configPath: Repository.samplePath("migrate/jiralert.yml"))
        let config = try load(converted, environment: Self.cloudEnvironment)
        let ab = try rule(config, "jira-ab")
        // `[{{ .Status | toUpper }}…] {{ .GroupLabels.SortedPairs.Values | join " " }} …`, without the comparisons.
        #expect(
            ab.summary.source
                == "[{{uppercased(status)}}] {{#enumerated(raw.groupLabels)}}{{value}}{{^last()}} {{/last()}}{{/enumerated(raw.groupLabels)}} "
        )
        #expect(ab.description.source.hasPrefix("{{#raw.alerts}}Labels:\n{{#enumerated(labels)}} - {{key}} = {{value}}\n{{/enumerated(labels)}}"))
        #expect(ab.description.source.contains("Source: {{generatorURL}}"))
        // jira.priority is named but never defined in jiralert.tmpl: no priority, and a problem.
        #expect(ab.priority == nil)

        let problems = converted.problems.map(\.description)
        let tmpl = Repository.samplePath("migrate/jiralert.tmpl")
        #expect(problems.contains { $0.hasPrefix("\(tmpl):1: not converted:") && $0.contains("{{ if eq .Status \"firing\" }}") })
        #expect(problems.contains { $0.contains("gt (len .CommonLabels)") })
        #expect(problems.contains { $0.contains("no template \"jira.priority\"") })
        #expect(problems.contains { $0.contains("changed") && $0.contains(".Alerts.Firing") })
        #expect(converted.hasUnconverted)
        // Each loss is kept beside its key, with the original.
        let text = rulesText(converted)
        #expect(text.contains("# NOT CONVERTED (in part): the original"))
        #expect(text.contains("#   priority: '{{ template \"jira.priority\" . }}'"))
        // other_projects has no equivalent.
        #expect(problems.contains { $0.contains("jiralert.yml:34: not converted: other_projects") })
        #expect(text.contains("#   other_projects:\n    #     - \"OTHER1\""))
    }

    @Test func jiralertSecretsAreNeverCopied() throws {
        let directory = try TemporaryDirectory(prefix: "a2j-onboarding")
        defer { directory.cleanUp() }
        let path = try write(
            directory,
            "jiralert.yml",
            """
            defaults:
              api_url: https://jira.example.com
              personal_access_token: pat-hunter2-secret
              issue_type: Bug
              summary: '{{ .CommonLabels.alertname }} on {{ .CommonLabels.instance | toLower }}'
              reopen_state: Reopen
              reopen_duration: 1w
            receivers:
              - name: dc
                project: OPS
                priority: '{{ .CommonLabels.priority }}'
                description: '{{ printf "%s" .Status }} {{ .CommonAnnotations.summary }}'
            template: missing.tmpl
            """
        )
        let converted = try ConfigMigration.fromJiralert(configPath: path)
        for file in converted.files { #expect(!file.contents.contains("pat-hunter2-secret")) }
        #expect(converted.environmentVariables == ["JIRA_PAT"])
        let config = try load(converted, environment: ["JIRA_PAT": "pat"])
        #expect(config.connections["jira"]?.flavor == .datacenter)
        #expect(config.connections["jira"]?.auth == .personalAccessToken(Secret("pat")))
        let dc = try rule(config, "dc")
        #expect(dc.summary.source == "{{labels.alertname}} on {{lowercased(labels.instance)}}")
        #expect(dc.description.source == " {{annotations.summary}}")
        #expect(dc.lifecycle.reopenWindow == .seconds(7 * 86400))
        if case .template(let priority)? = dc.priority {
            #expect(priority.source == "{{labels.priority}}")
        } else {
            Issue.record("priority should be a template")
        }
        // printf has no equivalent: reported at its line, and the original kept as a comment.
        #expect(converted.problems.contains { $0.kind == .notConverted && $0.location?.line == 12 && $0.message.contains("printf") })
        #expect(rulesText(converted).contains("#   description: '{{ printf \"%s\" .Status }} {{ .CommonAnnotations.summary }}'"))
        // The template file that does not exist is a problem too.
        #expect(converted.problems.contains { $0.message.contains("missing.tmpl") })
    }

    // MARK: - Alertmanager's jira_configs

    @Test func alertmanagerTestdataConvertsAndLoads() throws {
        let converted = try ConfigMigration.fromAlertmanager(configPath: Repository.samplePath("migrate/conf.jira-legacy-labels.yml"))
        let config = try load(converted, environment: ["JIRA_USERNAME": "alert2jira", "JIRA_PASSWORD": "secret"])
        let rule = try rule(config, "default")
        #expect(rule.project.source == "OPS")
        #expect(rule.issueType.source == "Bug")
        #expect(rule.labels.map(\.source) == ["alertmanager", "{{labels.severity}}"])
        #expect(rule.lifecycle.perGroup)
        // No reopen_transition: Alertmanager makes a new issue once the old one is resolved.
        #expect(rule.lifecycle.reopenWindow == .zero)
        #expect(rule.lifecycle.onResolved == .none)
        if case .bySeverity(let map)? = rule.priority {
            #expect(map["critical"]?.source == "High" && map["warning"]?.source == "Medium" && map["info"]?.source == "Low")
        } else {
            Issue.record("the default priority should become a severity map")
        }
        #expect(config.connections["jira"]?.url == "https://jira.example.com")
        // The sample has no http_config: that is reported, and the connection waits for credentials.
        #expect(converted.problems.contains { $0.kind == .notConverted && $0.message.contains("no credentials") })
        #expect(rulesText(converted).contains("sends this receiver every alert that reaches it"))
    }

    @Test func alertmanagerKeysMapOneByOne() throws {
        let directory = try TemporaryDirectory(prefix: "a2j-onboarding")
        defer { directory.cleanUp() }
        _ = try write(
            directory,
            "jira.tmpl",
            """
            {{ define "team.summary" }}{{ .CommonLabels.alertname }} for {{ .GroupLabels.team | toUpper }}{{ end }}
            """
        )
        let secretFile = try write(directory, "jira-token", "token-from-file")
        _ = chmod(secretFile, 0o600)
        let path = try write(
            directory,
            "alertmanager.yml",
            """
            global:
              jira_api_url: https://example.atlassian.net/rest/api/2/
            templates: ["*.tmpl"]
            route:
              receiver: fallback
              routes:
                - receiver: team-db
                  matchers: ['team="db"', 'severity=~"critical|high"']
            receivers:
              - name: fallback
              - name: team-db
                jira_configs:
                  - project: DB
                    issue_type: Incident
                    summary: '{{ template "team.summary" . }}'
                    description: |
                      {{ range .Alerts }}{{ .Labels.instance }}: {{ .Annotations.description }}
                      {{ end }}
                    priority: '{{ if eq .CommonLabels.severity "critical" }}Highest{{ else }}High{{ end }}'
                    labels: ['{{ .CommonLabels.team }}', static]
                    fields:
                      customfield_10050: '{{ .CommonLabels.cluster }}'
                      customfield_10060: 5
                    resolve_transition: Resolve
                    reopen_transition: Reopen issue
                    reopen_duration: 2h
                    wont_fix_resolution: Won't Do
                    api_type: cloud
                    http_config:
                      basic_auth:
                        username: bot@example.com
                        password: am-hunter2-secret
                  - project: DB2
                    send_resolved: false
                    resolve_transition: Resolve
                    http_config:
                      basic_auth:
                        username: bot@example.com
                        password_file: \(secretFile)
            """
        )
        let converted = try ConfigMigration.fromAlertmanager(configPath: path)
        for file in converted.files { #expect(!file.contents.contains("am-hunter2-secret")) }
        var environment = Self.cloudEnvironment
        environment["JIRA_EMAIL_2"] = "bot@example.com"
        let config = try load(converted, environment: environment)
        #expect(config.rules.map(\.name) == ["team-db", "team-db-2"])
        let db = try rule(config, "team-db")
        #expect(db.continueMatching)
        #expect(db.project.source == "DB")
        #expect(db.issueType.source == "Incident")
        #expect(db.summary.source == "{{labels.alertname}} for {{uppercased(raw.groupLabels.team)}}")
        #expect(db.description.source == "{{#raw.alerts}}{{labels.instance}}: {{annotations.description}}\n{{/raw.alerts}}\n")
        // The priority compares, which Mustache cannot: left out, reported and kept as a comment.
        #expect(db.priority == nil)
        #expect(converted.problems.contains { $0.message.contains("priority of rule \"team-db\"") && $0.location?.line == 19 })
        #expect(db.labels.map(\.source) == ["{{labels.team}}", "static"])
        #expect(db.fields.map(\.name) == ["customfield_10050", "customfield_10060"])
        #expect(db.lifecycle.onResolved == .transition)
        #expect(db.lifecycle.resolveTransition == "Resolve")
        #expect(db.lifecycle.reopenTransition == "Reopen issue")
        #expect(db.lifecycle.reopenWindow == .seconds(7200))
        #expect(db.lifecycle.wontFixResolution == "Won't Do")
        #expect(db.connection != nil)
        let second = try rule(config, "team-db-2")
        #expect(!second.continueMatching)
        #expect(second.lifecycle.onResolved == .none)
        // Two logins make two connections; the file-based one keeps its file.
        #expect(config.connections.count == 2)
        #expect(config.connections.values.allSatisfy { $0.url == "https://example.atlassian.net" && $0.flavor == .cloud })
        #expect(converted.environmentVariables == ["JIRA_EMAIL", "JIRA_API_TOKEN", "JIRA_EMAIL_2"])
        let text = rulesText(converted)
        #expect(text.contains("api_token_file") == false)
        #expect(converted.mainFile.contents.contains("api_token_file: \"\(secretFile)\""))
        // The route's matchers, as the match that takes the same alerts.
        #expect(text.contains("#   labels.team: \"db\""))
        #expect(text.contains("#   labels.severity: { regex: \"critical|high\" }"))
    }

    @Test func unreadableAndEmptyConfigsAreErrors() throws {
        #expect(throws: MigrationError.self) { try ConfigMigration.fromJiralert(configPath: "/nonexistent/jiralert.yml") }
        let directory = try TemporaryDirectory(prefix: "a2j-onboarding")
        defer { directory.cleanUp() }
        let path = try write(directory, "alertmanager.yml", "route: { receiver: x }\nreceivers: [{ name: x }]\n")
        do {
            _ = try ConfigMigration.fromAlertmanager(configPath: path)
            Issue.record("a config without jira_configs should not convert")
        } catch {
            #expect(error.description.contains("no receiver has jira_configs"))
        }
    }

    @Test func writingRefusesToReplaceFiles() throws {
        let converted = try ConfigMigration.fromJiralert(configPath: Repository.samplePath("migrate/jiralert.yml"))
        let directory = try TemporaryDirectory(prefix: "a2j-onboarding")
        defer { directory.cleanUp() }
        try converted.write(to: directory.path)
        #expect(throws: MigrationError.outputExists(path: directory.path + "/alert2jira.yaml")) {
            try converted.write(to: directory.path)
        }
    }
}
