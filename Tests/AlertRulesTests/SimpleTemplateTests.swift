import AlertModel
import Contracts
import JSON
import Testing

@testable import AlertRules

/// The fast path for plain-variable templates must print exactly what Mustache prints.
@Suite("SimpleTemplate agrees with Mustache")
struct SimpleTemplateTests {
    static let alerts: [Alert] = [
        Alert(
            source: "aws-cost-anomaly",
            id: "a-1",
            fingerprint: "fp",
            severity: .high,
            severityRaw: "HIGH",
            title: "R&D <prod> \"spend\"",
            summary: "",
            labels: ["team": "finops", "empty": "", "ünï": "çødé"],
            annotations: ["runbook_url": "https://x/y?a=1&b=2"],
            startsAt: "2026-11-23T10:00:00Z",
            url: nil,
            cost: Cost(amount: 1001, expected: 300.5, actual: nil, currency: "USD"),
            resource: Resource(service: "EC2", account: nil, region: "eu-west-1"),
            raw: ["detail": ["impact": ["totalImpact": 1001.25, "list": [1, 2, 3]], "flag": true, "nothing": nil, "text": "x"], "top": "🚀 émoji"]
        ),
        Alert(source: "generic"),
    ]

    static let templates = [
        "{{title}}", "{{{title}}}", "{{& title}}", "{{ title }}", "[{{severity}}] {{title}}: {{summary}}",
        "{{labels.team}}/{{labels.empty}}/{{labels.missing}}",
        "{{labels}}", "{{annotations.runbook_url}}", "{{cost.amount}} {{cost.currency}} of {{cost.expected}} ({{cost.actual}})", "{{cost}}",
        "{{resource}}",
        "{{resource.service}}-{{resource.account}}", "{{raw.detail.impact.totalImpact}}", "{{raw.detail.impact.list}}", "{{raw.detail.flag}}",
        "{{raw.detail.nothing}}", "{{raw.detail.text.deeper}}", "{{raw.top}}", "{{raw.detail}}", "{{raw}}", "{{rule}}", "{{url}}",
        "{{startsAt}} {{endsAt}}",
        "{{severityRaw}}{{status}}{{source}}{{id}}{{fingerprint}}", "no tags at all {", "{{cost.nope}}{{resource.nope}}{{labels.x.y}}",
        // Conditionals on single-valued fields, with Mustache's standalone-line rule.
        "{{#url}}\n{{url}}{{/url}}",
        "{{summary}}\n\n{{#annotations.runbook_url}}\nRunbook: {{annotations.runbook_url}}\n{{/annotations.runbook_url}}\nend",
        "  {{#title}}  \n  indented {{title}}\n  {{/title}}  \ntail", "{{#title}}inline{{/title}} and {{^url}}no url{{/url}}",
        "{{^summary}}\n(no summary)\n{{/summary}}\n",
        "a\n{{#labels.team}}\nteam {{labels.team}}\n{{#labels.empty}}\nnever\n{{/labels.empty}}\n{{/labels.team}}",
        "{{#cost.amount}}{{cost.amount}} {{cost.currency}}{{/cost.amount}}", "{{#resource.account}}acct{{/resource.account}}|",
        "{{#url}}\r\nx\r\n{{/url}}\r\n", "line\n  {{#title}}\n{{title}}\n  {{/title}}", "{{#title}}{{#url}}both{{/url}}{{/title}}",
        "{{#startsAt}}\n\nstarted {{startsAt}}\n\n{{/startsAt}}", "x {{#title}}\ny\n{{/title}} z",
    ]

    @Test(arguments: templates)
    func rendersLikeMustache(source: String) throws {
        let template = try Template(source, location: Contracts.SourceLocation(file: "t", line: 1, column: 1))
        for alert in Self.alerts {
            let context = AlertTemplateContext(alert: alert, rule: "r")
            #expect(template.render(context) == template.renderWithMustache(context), "\(source)")
        }
    }

    @Test func onlyPlainVariablesTakeTheFastPath() {
        #expect(
            SimpleTemplate("{{title}} and {{labels.team}}")?.segments == [
                .variable(FieldAccessor(["title"])), .text(" and "), .variable(FieldAccessor(["labels", "team"])),
            ]
        )
        #expect(
            SimpleTemplate("{{#url}}[{{url}}]{{/url}}")?.segments == [
                .section(FieldAccessor(["url"]), inverted: false, body: [.text("["), .variable(FieldAccessor(["url"])), .text("]")])
            ]
        )
        for source in [
            "{{#labels}}{{team}}{{/labels}}", "{{#raw.x}}y{{/raw.x}}", "{{#title}}{{.}}{{/title}}", "{{#url}}unclosed", "{{/url}}", "{{^x}}y{{/x}}",
            "{{! comment }}", "{{> partial}}", "{{uppercased(title)}}", "{{.}}", "{{=<% %>=}}", "{{title",
        ] {
            #expect(SimpleTemplate(source) == nil, "\(source)")
        }
    }
}

extension SimpleTemplate: Equatable {
    public static func == (lhs: SimpleTemplate, rhs: SimpleTemplate) -> Bool { lhs.segments == rhs.segments }
}
