import AlertConfig
import AlertModel
import Contracts
import Foundation
import JSON
import Testing

@testable import AlertRules

@Suite struct TemplateTests {
    static let raw: JSONValue = [
        "receiver": "team-payments",
        "alerts": [
            ["status": "firing", "labels": ["alertname": "HighErrorRate", "pod": "checkout-1"]],
            ["status": "resolved", "labels": ["alertname": "HighLatency", "pod": "checkout-2"]],
        ],
        "tags": ["db", "prod"],
        // The payload's own number text, which templates must print as the sender wrote it.
        "detail": ["impact": ["totalImpact": "$11,111.00", "maxImpact": .number(JSONNumber(literal: "7000.50"))]],
        "flag": false,
        "empty": "",
        "nothing": nil,
    ]

    static let alert = paymentsAlert(raw: raw)

    @Test func textModeDoesNotEscape() throws {
        var alert = Self.alert
        alert.title = #"R&D <prod> "quoted" 'single' `tick` = / \"#
        #expect(try render("{{title}}", alert) == #"R&D <prod> "quoted" 'single' `tick` = / \"#)
        #expect(
            try render("{{{title}}}|{{&title}}", alert) == #"R&D <prod> "quoted" 'single' `tick` = / \|R&D <prod> "quoted" 'single' `tick` = / \"#
        )
    }

    @Test func missingKeysRenderEmpty() throws {
        #expect(try render("[{{labels.nothing}}][{{raw.x.y.z}}][{{endsAt}}][{{cost.amount}}][{{raw.nothing}}]", Self.alert) == "[][][][][]")
        #expect(try render("[{{#cost}}has cost{{/cost}}][{{^cost}}no cost{{/cost}}]", Self.alert) == "[][no cost]")
    }

    @Test func unicodePassesThrough() throws {
        var alert = Self.alert
        alert.title = "🔥 Disk full — 磁盘已满 — القرص ممتلئ — 👩🏽‍💻 🇩🇪"
        alert.labels["team"] = "платежи"
        #expect(try render("{{title}} / {{labels.team}} ✓", alert) == "🔥 Disk full — 磁盘已满 — القرص ممتلئ — 👩🏽‍💻 🇩🇪 / платежи ✓")
    }

    @Test func nestedRawAccess() throws {
        #expect(try render("{{raw.detail.impact.totalImpact}} / {{raw.detail.impact.maxImpact}}", Self.alert) == "$11,111.00 / 7000.50")
        #expect(try render("{{raw.receiver}}", Self.alert) == "team-payments")
        #expect(try render("{{raw.alerts.1.labels.pod}}", Self.alert) == "", "Mustache paths do not index arrays")
    }

    @Test func arraysInSections() throws {
        let template = """
            {{#raw.alerts}}
            - {{labels.alertname}} on {{labels.pod}} ({{status}}, rule {{rule}})
            {{/raw.alerts}}
            """
        #expect(
            try render(template, Self.alert, rule: "payments")
                == "- HighErrorRate on checkout-1 (firing, rule payments)\n- HighLatency on checkout-2 (resolved, rule payments)\n"
        )
        #expect(try render("{{#raw.tags}}{{.}};{{/raw.tags}}", Self.alert) == "db;prod;")
        #expect(try render("{{^raw.missing}}none{{/raw.missing}}", Self.alert) == "none")
    }

    @Test func emptyTextFalseAndNullSkipSections() throws {
        #expect(try render("[{{#raw.empty}}x{{/raw.empty}}][{{^raw.empty}}empty{{/raw.empty}}]", Self.alert) == "[][empty]")
        #expect(try render("[{{#raw.flag}}x{{/raw.flag}}][{{^raw.flag}}off{{/raw.flag}}]", Self.alert) == "[][off]")
        #expect(try render("[{{#raw.nothing}}x{{/raw.nothing}}]", Self.alert) == "[]")
        #expect(try render("{{#url}}Link: {{url}}{{/url}}", Self.alert) == "Link: https://prometheus.example.com/graph?g0.expr=rate")
        var noURL = Self.alert
        noURL.url = nil
        #expect(try render("{{#url}}Link: {{url}}{{/url}}", noURL) == "")
        #expect(try render("{{#annotations.runbook}}Runbook: {{.}}{{/annotations.runbook}}", paymentsAlert(annotations: ["runbook": ""])) == "")
    }

    @Test(arguments: [
        (1001.0, "1001"), (333.67, "333.67"), (0.1, "0.1"), (-12.5, "-12.5"), (0.0, "0"), (1_000_000.0, "1000000"),
    ])
    func costAmountFormatting(amount: Double, expected: String) throws {
        #expect(try render("{{cost.amount}}", costAlert(amount: amount)) == expected)
    }

    @Test func costAndResourceFields() throws {
        let text = try render(
            "{{resource.service}} in {{resource.account}}/{{resource.region}}: +{{cost.amount}} {{cost.currency}} (expected {{cost.expected}}, actual {{cost.actual}})",
            costAlert(amount: 1001)
        )
        #expect(text == "Amazon EC2 in 123456789012/us-east-1: +1001 USD (expected 100, actual 1101)")
    }

    /// How fast it renders is `Benchmarks/linearity.sh`'s business; here only that nothing is cut or lost.
    @Test func largeAnnotationRendersFully() throws {
        let body = String(repeating: "0123456789abcdef ", count: 640)  // ~10 KB
        let alert = paymentsAlert(annotations: ["description": body])
        let template = try Template("Details:\n{{annotations.description}}\nEnd", location: Contracts.SourceLocation(file: "t", line: 1, column: 1))
        let rendered = template.render(AlertTemplateContext(alert: alert, rule: "r"))
        #expect(rendered == "Details:\n\(body)\nEnd")
    }

    /// No partials are ever registered: {{> name}} rendered empty without a word, so it is refused where it is written.
    @Test(arguments: ["{{> footer}}", "before {{>footer}} after", "{{<parent}}{{/parent}}"])
    func partialsAreRefusedWhereTheyAreWritten(source: String) {
        let tag = source.firstRange(of: "{{").map { source[$0.lowerBound...] }.map { String($0.prefix { $0 != "}" }) + "}}" } ?? ""
        let column = source.distance(from: source.startIndex, to: source.firstRange(of: "{{")!.lowerBound) + 5
        #expect(
            throws: ConfigProblem(
                .init(file: "f.yaml", line: 3, column: column),
                "\"\(tag)\" includes a partial, and templates have none; write the text in the template itself"
            )
        ) {
            try Template(source, location: Contracts.SourceLocation(file: "f.yaml", line: 3, column: 5))
        }
    }

    @Test func constantTemplates() throws {
        let location = Contracts.SourceLocation(file: "t", line: 1, column: 1)
        for text in ["OPS", "", "a } b { c }}", "100% <done> & {not a tag}"] {
            let template = try Template(text, location: location)
            #expect(template.isConstant)
            #expect(template.render(AlertTemplateContext(alert: Self.alert, rule: "r")) == text)
        }
        #expect(try !Template("{{title}}", location: location).isConstant)
        #expect(Template.builtIn("Task").isBuiltIn)
        #expect(try !Template("Task", location: location).isBuiltIn)
    }

    @Test func transforms() throws {
        #expect(
            try render("{{uppercased(severity)}} {{lowercased(title)}} {{capitalized(labels.team)}}", Self.alert) == "CRITICAL higherrorrate Payments"
        )
        #expect(try render("{{count(raw.alerts)}} alerts, {{count(labels)}} labels", Self.alert) == "2 alerts, 3 labels")
        #expect(try render("{{#first(raw.alerts)}}{{labels.pod}}{{/first(raw.alerts)}}", Self.alert) == "checkout-1")
        #expect(
            try render("{{#enumerated(labels)}}{{key}}={{value}} {{/enumerated(labels)}}", Self.alert)
                == "alertname=HighErrorRate env=prod team=payments "
        )
        #expect(try render("{{^empty(annotations)}}has annotations{{/empty(annotations)}}", Self.alert) == "has annotations")
        #expect(try render("[{{unknownTransform(title)}}]", Self.alert) == "[]")
    }

    @Test func wholeObjectsRenderAsJSON() throws {
        #expect(try render("{{labels}}", Self.alert) == #"{"alertname":"HighErrorRate","env":"prod","team":"payments"}"#)
        #expect(try render("{{raw.detail}}", Self.alert) == #"{"impact":{"totalImpact":"$11,111.00","maxImpact":7000.50}}"#)
    }

    @Test func scalarsOfEveryKind() throws {
        #expect(
            try render("{{source}} {{id}} {{fingerprint}} {{status}} {{severity}} {{severityRaw}} {{startsAt}}", Self.alert)
                == "alertmanager a-1 f00d firing critical critical 2024-05-01T10:00:00Z"
        )
        #expect(try render("{{raw.flag}} {{#raw.tags}}{{.}}{{/raw.tags}}", Self.alert) == "false dbprod")
    }

    @Test func standaloneTagsKeepMustacheWhitespaceRules() throws {
        let template = "{{#labels}}\nteam: {{team}}\n{{/labels}}\ndone\n"
        #expect(try render(template, Self.alert) == "team: payments\ndone\n")
        #expect(try render("\nleading newline", Self.alert) == "\nleading newline", "a leading newline survives the pragma line")
    }

    @Test func defaultDescription() throws {
        let description = try render(RuleDefaults.description, Self.alert)
        #expect(
            description
                == "5xx above 5% on checkout\n\nSource: alertmanager, severity: critical, status: firing\nhttps://prometheus.example.com/graph?g0.expr=rate"
        )
        var noURL = Self.alert
        noURL.url = nil
        #expect(
            try render(RuleDefaults.description, noURL) == "5xx above 5% on checkout\n\nSource: alertmanager, severity: critical, status: firing\n"
        )
    }

    @Test func errorPositionsFollowTheTemplateLines() {
        let flow = Contracts.SourceLocation(file: "f.yaml", line: 10, column: 20)
        #expect(throws: ConfigProblem(.init(file: "f.yaml", line: 11, column: 3), "unclosed tag \"{{title\"; close it with }}")) {
            try Template("first {{title}}\n  {{title", location: flow)
        }
        #expect(throws: ConfigProblem(.init(file: "f.yaml", line: 12, column: 9), "unclosed tag \"{{title\"; close it with }}")) {
            try Template("first\nsecond\n  {{title", location: Contracts.SourceLocation(file: "f.yaml", line: 10, column: 7), isBlock: true)
        }
        #expect(
            throws: ConfigProblem(
                .init(file: "f.yaml", line: 10, column: 32),
                "\"{{/b}}\" does not close the open section \"{{#labels}}\"; close that with {{/labels}} first"
            )
        ) {
            try Template("{{#labels}}x{{/b}}", location: flow)
        }
        #expect(throws: ConfigProblem(.init(file: "f.yaml", line: 10, column: 22), "unclosed tag \"{{{title}}\"; close it with }}}")) {
            try Template("a {{{title}}", location: flow)
        }
    }
}
