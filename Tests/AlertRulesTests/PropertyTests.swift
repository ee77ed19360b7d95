import AlertModel
import Contracts
import InvariantChecks
import JSON
import NastyStrings
import PropertyBased
import Testing

@testable import AlertRules

/// Properties of rendering and matching that must hold for any alert text.
@Suite struct PropertyTests {
    static let location = SourceLocation(file: "cfg.yaml", line: 1, column: 1)

    static func rule(summary: String, labels: [String]) -> Rule {
        Rule(
            name: "r",
            project: Template.builtIn("OPS"),
            issueType: Template.builtIn("Task"),
            summary: try! Template(summary, location: location),
            description: Template.builtIn("{{summary}}"),
            labels: labels.map { try! Template($0, location: location) },
            location: location
        )
    }

    static func alert(title: String, summary: String, team: String, source: String = "alertmanager") -> Alert {
        Alert(source: source, title: title, summary: summary, labels: ["team": team, "env": title], annotations: ["note": summary])
    }

    static let renderer = DraftRenderer(config: Config())

    @Test func summariesAreAlwaysOneLineOf1To255Characters() async {
        await propertyCheck(count: 300, input: NastyStrings.longStrings, NastyStrings.strings, NastyStrings.strings) { title, summary, team in
            for template in ["{{title}}", "{{summary}} on {{labels.team}}", "{{labels.missing}}", "   \n", "{{{title}}}{{title}}"] {
                let draft = Self.renderer.render(
                    Self.rule(summary: template, labels: []),
                    for: Self.alert(title: title, summary: summary, team: team)
                )
                #expect(FieldInvariants.summaryProblem(draft.summary) == nil, "\(template) → \(draft.summary.debugDescription)")
            }
            // Nothing to fall back on but the source.
            let bare = Alert(source: team, title: "")
            let draft = Self.renderer.render(Self.rule(summary: "{{labels.none}}", labels: []), for: bare)
            #expect(FieldInvariants.summaryProblem(draft.summary) == nil, "\(draft.summary.debugDescription)")
        }
    }

    @Test func labelsAreAlwaysValidJiraLabels() async {
        await propertyCheck(count: 300, input: NastyStrings.longStrings, NastyStrings.strings) { title, team in
            let rule = Self.rule(summary: "s", labels: ["{{title}}", "{{labels.team}}", "team-{{labels.team}}", "{{title}} {{labels.team}}"])
            let draft = Self.renderer.render(rule, for: Self.alert(title: title, summary: "", team: team))
            for label in draft.labels {
                #expect(FieldInvariants.labelProblem(label) == nil, "\(label.debugDescription)")
            }
            #expect(Set(draft.labels).count == draft.labels.count)
            let direct = DraftRenderer.label(title)
            #expect(direct.isEmpty || FieldInvariants.labelProblem(direct) == nil, "\(direct.debugDescription)")
        }
    }

    // MARK: - Matcher combinators

    static let conditions: [FieldCondition] = [
        .equals(.text("prod")), .notEquals(.text("prod")), .isIn([.text("a"), .number(1)]), .notIn([.text("a")]),
        .regex(try! Pattern("p.*")), .notRegex(try! Pattern("(a|aa)+$")), .greaterThan(1), .lessThanOrEqual(0), .exists(true),
        .exists(false), .contains("a"),
    ]
    static let paths = [["labels", "env"], ["labels", "team"], ["title"], ["raw", "n"], ["labels", "missing"]]

    /// A matcher tree read from a list of choices: a leaf condition, or `not`, `any` or `all` over the next ones.
    static func matcher(_ choices: [Int], _ position: inout Int, depth: Int = 0) -> Matcher {
        guard position < choices.count else { return .always }
        let choice = choices[position]
        position += 1
        switch choice % 8 {
        case 0 where depth < 4: return .not(matcher(choices, &position, depth: depth + 1))
        case 1 where depth < 4, 2 where depth < 4:
            let count = choice / 8 % 4
            let children = (0..<count).map { _ in matcher(choices, &position, depth: depth + 1) }
            return choice % 8 == 1 ? .any(children) : .all(children)
        case 3: return .always
        default:
            return .field(path: paths[choice / 8 % paths.count], condition: conditions[choice / 40 % conditions.count])
        }
    }

    static let matcherChoices = Gen<Int>.int(in: 0...10_000).array(of: 1...30)
    static let matcherLists = Gen<Int>.int(in: 0...10_000).array(of: 0...30)

    static func alert(_ text: String, _ number: Int) -> Alert {
        Alert(
            source: "generic",
            title: text,
            labels: number % 3 == 0 ? ["env": text] : ["env": "prod", "team": text],
            raw: ["n": .number(JSONNumber(number % 5 - 2))]
        )
    }

    @Test func notNotIsIdentity() async {
        await propertyCheck(count: 500, input: Self.matcherChoices, NastyStrings.strings, Gen<Int>.int(in: 0...100)) { choices, text, number in
            var position = 0
            let matcher = Self.matcher(choices, &position)
            let alert = Self.alert(text, number)
            #expect(Matcher.not(.not(matcher)).matches(alert) == matcher.matches(alert))
        }
    }

    @Test func anyAndAllFollowDeMorgan() async {
        await propertyCheck(count: 500, input: Self.matcherLists, NastyStrings.strings, Gen<Int>.int(in: 0...100)) { choices, text, number in
            var position = 0
            var children: [Matcher] = []
            while position < choices.count { children.append(Self.matcher(choices, &position, depth: 2)) }
            let alert = Self.alert(text, number)
            let negated = children.map(Matcher.not)
            #expect(Matcher.not(.any(children)).matches(alert) == Matcher.all(negated).matches(alert))
            #expect(Matcher.not(.all(children)).matches(alert) == Matcher.any(negated).matches(alert))
        }
    }
}
