import AlertModel
import Contracts
import Foundation
import JSON
import Testing

@testable import AlertRules

@Suite struct DraftRendererTests {
    /// Renders the rule named `rule` of a config for an alert.
    func draft(_ yaml: String, rule: String? = nil, _ alert: Alert) throws -> IssueDraft {
        let config = try loadConfig(yaml)
        let chosen = try #require(rule.map { name in config.rules.first { $0.name == name } } ?? config.rules.first)
        return DraftRenderer(config: config).render(chosen, for: alert)
    }

    func rule(_ settings: String) -> String {
        "rules:\n  - name: r\n    project: OPS\n" + settings.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
    }

    @Test func defaultsOfAMinimalRule() throws {
        let draft = try draft(rule(""), paymentsAlert())
        #expect(draft.rule == "r")
        #expect(draft.connection == nil)
        #expect(draft.project == "OPS")
        #expect(draft.issueType == "Task")
        #expect(draft.summary == "HighErrorRate")
        #expect(
            draft.description
                == "5xx above 5% on checkout\n\nSource: alertmanager, severity: critical, status: firing\nhttps://prometheus.example.com/graph?g0.expr=rate"
        )
        #expect(draft.descriptionIsDefault)
        #expect(
            draft.descriptionLabels == [
                LabelPair(name: "alertname", value: "HighErrorRate"), LabelPair(name: "env", value: "prod"),
                LabelPair(name: "team", value: "payments"),
            ]
        )
        #expect(draft.rawPayload == nil)
        #expect(draft.priority == nil)
        #expect(draft.labels == [])
        #expect(draft.fields == [])
        #expect(draft.problems == [])
    }

    @Test func summaryIsOneLine() throws {
        var alert = paymentsAlert()
        alert.title = "  Disk\nfull\r\n on\t\thost\u{7}  db-1 \u{2028} now "
        #expect(try draft(rule(""), alert).summary == "Disk full on host db-1 now")
        #expect(DraftRenderer.oneLine("a\u{0}b\u{9F}c\u{A0}d") == "abc d")
    }

    @Test func longSummaryIsCutAtACharacterBoundary() throws {
        var alert = paymentsAlert()
        // 253 + 4 UTF-16 units: the skin-toned thumb does not fit before the marker and must not be split.
        alert.title = String(repeating: "a", count: 253) + "👍🏽" + " tail"
        let draft = try draft(rule(""), alert)
        #expect(draft.summary == String(repeating: "a", count: 253) + "…")
        #expect(draft.summary.utf16.count == 254)
        #expect(draft.problems == ["the summary was longer than 255 characters and was shortened"])

        alert.title = String(repeating: "a", count: 250) + "🇩🇪🇩🇪" + "end"
        let flags = try self.draft(rule(""), alert).summary
        #expect(flags == String(repeating: "a", count: 250) + "🇩🇪…")
        #expect(flags.utf16.count == 255)

        alert.title = String(repeating: "é", count: 255)
        #expect(try self.draft(rule(""), alert).summary == alert.title, "exactly 255 units stays whole")
        alert.title = String(repeating: "漢", count: 300)
        #expect(try self.draft(rule(""), alert).summary == String(repeating: "漢", count: 254) + "…")
    }

    @Test func emptySummaryFallsBackToTheTitle() throws {
        let yaml = rule("summary: \"{{annotations.nothing}}\"")
        let draft = try draft(yaml, paymentsAlert())
        #expect(draft.summary == "HighErrorRate")
        #expect(draft.problems == ["the summary template rendered empty; used the alert title instead"])

        var untitled = paymentsAlert()
        untitled.title = " \n "
        #expect(try self.draft(yaml, untitled).summary == "alertmanager alert")
    }

    @Test func emptyProjectAndIssueTypeAreProblems() throws {
        let draft = try draft(
            "rules:\n  - { name: r, project: \"{{labels.project}}\", issue_type: \"{{labels.type}}\" }\n",
            paymentsAlert()
        )
        #expect(draft.project == "")
        #expect(draft.issueType == "")
        #expect(
            draft.problems == [
                "the project template \"{{labels.project}}\" rendered empty",
                "the issue_type template \"{{labels.type}}\" rendered empty",
            ]
        )
    }

    @Test func templatedProjectAndIssueType() throws {
        let alert = paymentsAlert(labels: ["project": " PAY ", "type": "Incident\n"])
        let draft = try draft("rules:\n  - { name: r, project: \"{{labels.project}}\", issue_type: \"{{labels.type}}\" }\n", alert)
        #expect(draft.project == "PAY")
        #expect(draft.issueType == "Incident")
    }

    @Test func labelsAreMadeValid() throws {
        let yaml = rule(
            #"""
            labels:
              - finops
              - "needs triage"
              - "  spaced   out  "
              - "tab\there"
              - "bell\u0007less"
              - "{{labels.team}}"
              - payments
              - "{{labels.missing}}"
              - "   "
              - "{{labels.long}}"
              - "日本語 ラベル"
            """#
        )
        let alert = paymentsAlert(labels: ["team": "payments", "long": String(repeating: "x", count: 300)])
        let draft = try draft(yaml, alert)
        #expect(
            draft.labels == [
                "finops", "needs_triage", "spaced_out", "tab_here", "bellless", "payments", String(repeating: "x", count: 255), "日本語_ラベル",
            ]
        )
        #expect(DraftRenderer.label(String(repeating: "🙂", count: 200)) == String(repeating: "🙂", count: 127))
    }

    @Test func priorityAsTemplate() throws {
        let yaml = rule("priority: \"{{#raw.urgent}}Highest{{/raw.urgent}}{{^raw.urgent}}Medium{{/raw.urgent}}\"")
        #expect(try draft(yaml, paymentsAlert(raw: ["urgent": true])).priority == "Highest")
        #expect(try draft(yaml, paymentsAlert(raw: ["urgent": false])).priority == "Medium")
        #expect(try draft(rule("priority: \"{{labels.priority}}\""), paymentsAlert()).priority == nil, "empty means Jira's default")
        #expect(try draft(rule("priority: High"), paymentsAlert()).priority == "High")
    }

    @Test func priorityBySeverity() throws {
        let yaml = rule("priority:\n  critical: Highest\n  high: \"{{labels.high}}\"\n  warning: Medium")
        #expect(try draft(yaml, paymentsAlert(severity: .critical)).priority == "Highest")
        #expect(try draft(yaml, paymentsAlert(severity: .high, labels: ["high": "High"])).priority == "High")
        #expect(try draft(yaml, paymentsAlert(severity: .warning)).priority == "Medium")
        #expect(try draft(yaml, paymentsAlert(severity: .info)).priority == nil)
    }

    @Test func fieldsOfEveryKind() throws {
        let yaml = rule(
            """
            fields:
              Environment: "{{labels.env}}"
              customfield_10050: 3
              Story Points: 2.5
              Flagged: false
              Components: [billing, "{{labels.team}}"]
              Team: { id: "{{labels.team}}", weight: 10, active: true, parent: ~ }
              Blank: ~
            """
        )
        let draft = try draft(yaml, paymentsAlert())
        #expect(
            draft.fields == [
                DraftField(name: "Environment", value: .text("prod")),
                DraftField(name: "customfield_10050", value: .number("3")),
                DraftField(name: "Story Points", value: .number("2.5")),
                DraftField(name: "Flagged", value: .bool(false)),
                DraftField(name: "Components", value: .list([.text("billing"), .text("payments")])),
                DraftField(
                    name: "Team",
                    value: .object([
                        RenderedMember(key: "id", value: .text("payments")), RenderedMember(key: "weight", value: .number("10")),
                        RenderedMember(key: "active", value: .bool(true)), RenderedMember(key: "parent", value: .null),
                    ])
                ),
                DraftField(name: "Blank", value: .null),
            ]
        )
        #expect(draft.fields.map(\.value.isEmpty) == [false, false, false, false, false, false, true])
        #expect(RenderedValue.list([.text(""), .null]).isEmpty)
        #expect(RenderedValue.text("").isEmpty)
        #expect(RenderedValue.object([]).isEmpty)
    }

    @Test func connectionResolution() throws {
        let yaml = """
            connections:
              global: { url: "https://global.atlassian.net" }
              ops: { url: "https://ops.example.com", flavor: datacenter }
              special: { url: "https://special.atlassian.net" }
            default_connection: global
            project_connections: { OPS: ops }
            rules:
              - { name: own, project: OPS, connection: special }
              - { name: by-project, project: OPS }
              - { name: global, project: MISC }
              - { name: templated, project: "{{labels.project}}" }
            """
        #expect(try draft(yaml, rule: "own", paymentsAlert()).connection == "special")
        #expect(try draft(yaml, rule: "by-project", paymentsAlert()).connection == "ops")
        #expect(try draft(yaml, rule: "global", paymentsAlert()).connection == "global")
        #expect(try draft(yaml, rule: "templated", paymentsAlert(labels: ["project": "OPS"])).connection == "ops")
        #expect(try draft(yaml, rule: "templated", paymentsAlert(labels: ["project": "DEV"])).connection == "global")

        let single = "connections:\n  only: { url: \"https://only.atlassian.net\" }\nrules:\n  - { name: r, project: X }\n"
        #expect(try draft(single, paymentsAlert()).connection == "only")
    }

    @Test func templatedProjectWithoutConnection() throws {
        let yaml = """
            connections:
              a: { url: "https://a.atlassian.net" }
              b: { url: "https://b.atlassian.net" }
            project_connections: { OPS: a }
            rules:
              - { name: r, project: "{{labels.project}}" }
            """
        // A templated project cannot be checked when the config loads; the pipeline refuses the draft.
        let draft = try draft(yaml, paymentsAlert(labels: ["project": "DEV"]))
        #expect(draft.connection == nil)
        #expect(draft.problems == [])
        #expect(try self.draft(yaml, paymentsAlert(labels: ["project": "OPS"])).connection == "a")
    }

    @Test func includeLabelsAndRaw() throws {
        let raw: JSONValue = ["receiver": "payments", "alerts": [["status": "firing"]]]
        let without = try draft(rule("include_labels: false"), paymentsAlert(raw: raw))
        #expect(without.descriptionLabels == [])
        #expect(without.rawPayload == nil)

        let with = try draft(rule("include_raw: true"), paymentsAlert(labels: ["b": "2", "a": "1"], raw: raw))
        #expect(with.descriptionLabels == [LabelPair(name: "a", value: "1"), LabelPair(name: "b", value: "2")])
        #expect(with.rawPayload == raw.prettyJSONString)
        #expect(with.rawPayload?.contains("\"receiver\"") == true)
    }

    @Test func customDescriptionIsNotTheDefault() throws {
        let draft = try draft(rule("description: |\n  Team {{labels.team}}\n  <b>&</b>"), paymentsAlert())
        #expect(draft.description == "Team payments\n<b>&</b>\n", "a literal block keeps its final newline")
        #expect(!draft.descriptionIsDefault)
    }

    @Test func truncateHelper() {
        #expect(DraftRenderer.truncate("abcdef", toUTF16: 4, marker: "…") == "abc…")
        #expect(DraftRenderer.truncate("abcdef", toUTF16: 6, marker: "") == "abcdef")
        #expect(DraftRenderer.truncate("a👍🏽b", toUTF16: 5, marker: "") == "a👍🏽")
        #expect(DraftRenderer.truncate("a👍🏽b", toUTF16: 4, marker: "") == "a")
    }
}
