import AlertModel
import JSON
import Testing

@testable import AlertRules

@Suite struct MatcherTests {
    /// A Grafana-ish payload with nesting, arrays, numbers, booleans, nulls and string amounts.
    static let raw: JSONValue = [
        "count": "100.0",
        "exact": 100,
        "ratio": 0.25,
        "resolved": true,
        "resolvedText": "false",
        "nothing": nil,
        "tags": ["db", "prod", 3],
        "detail": ["impact": ["totalImpact": "$11,111.00"], "region": "eu-west-1"],
        "a": ["b": [["c": "first"], ["c": "second"]]],
        "weird": "n/a",
    ]

    static let alert = paymentsAlert(
        labels: ["alertname": "HighErrorRate", "team": "payments", "env": "prod", "app.kubernetes.io/name": "checkout"],
        annotations: ["summary": "5xx above 5% on checkout", "runbook_url": "https://runbooks.example.com/5xx"],
        raw: raw
    )

    func matches(_ match: String, _ alert: Alert = alert, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Bool {
        try loadMatcher(match, sourceLocation: sourceLocation).matches(alert)
    }

    @Test(arguments: [
        // Plain values mean equals; text compares as text.
        ("labels.team: payments", true),
        ("labels.team: Payments", false),
        ("labels.missing: payments", false),
        ("severity: critical", true),
        ("status: resolved", false),
        ("source: alertmanager", true),
        ("title: HighErrorRate", true),
        // Numbers compare numerically, whatever the payload's spelling.
        ("raw.count: 100", true),
        ("raw.count: 100.00", true),
        ("raw.count: \"100\"", false),
        ("raw.exact: 100.0", true),
        ("raw.exact: \"100\"", true),
        ("raw.ratio: .25", true),
        // Booleans match JSON booleans and their text.
        ("raw.resolved: true", true),
        ("raw.resolved: false", false),
        ("raw.resolvedText: false", true),
        // eq is the long form.
        ("labels.env: { eq: prod }", true),
        // ne, not_in and not_regex hold for missing fields: "this field is not X".
        ("labels.team: { ne: ops }", true),
        ("labels.team: { ne: payments }", false),
        ("labels.missing: { ne: payments }", true),
        ("labels.env: { in: [staging, prod] }", true),
        ("labels.env: [staging, prod]", true),
        ("labels.env: [staging, dev]", false),
        ("labels.missing: { in: [staging, prod] }", false),
        ("labels.env: { not_in: [staging, dev] }", true),
        ("labels.env: { not_in: [prod] }", false),
        ("labels.missing: { not_in: [prod] }", true),
        ("raw.exact: [1, 100]", true),
        // Regexes match the whole value, as Alertmanager's =~ does.
        ("labels.env: { regex: prod }", true),
        ("labels.env: { regex: pro }", false),
        ("labels.env: { regex: \"prod|staging\" }", true),
        ("labels.alertname: { regex: \"High.*\" }", true),
        ("raw.exact: { regex: \"1\\\\d\\\\d\" }", true),
        ("labels.missing: { regex: \".*\" }", false),
        ("labels.env: { not_regex: \"dev|staging\" }", true),
        ("labels.env: { not_regex: \"pr.*\" }", false),
        ("labels.missing: { not_regex: prod }", true),
        // Dotted label names, annotations and paths into the payload.
        ("labels.app.kubernetes.io/name: checkout", true),
        ("annotations.runbook_url: { regex: \"https://.*\" }", true),
        ("raw.a.b.0.c: first", true),
        ("raw.a.b.1.c: second", true),
        ("raw.a.b.2.c: { exists: true }", false),
        ("raw.a.b.x.c: { exists: true }", false),
        ("raw.detail.region: eu-west-1", true),
        // Amounts written as text compare as numbers.
        ("raw.detail.impact.totalImpact: { gt: 11110 }", true),
        ("raw.detail.impact.totalImpact: { gt: 11111 }", false),
        ("raw.detail.impact.totalImpact: { gte: 11111 }", true),
        ("raw.detail.impact.totalImpact: { lt: 11111.01 }", true),
        ("raw.detail.impact.totalImpact: { lte: 11110.99 }", false),
        ("raw.weird: { gt: 0 }", false),
        ("raw.weird: { lt: 0 }", false),
        ("raw.resolved: { gt: 0 }", false),
        ("labels.missing: { lt: 1 }", false),
        // exists: null counts as absent.
        ("annotations.runbook_url: { exists: true }", true),
        ("annotations.description: { exists: false }", true),
        ("raw.nothing: { exists: false }", true),
        ("raw.nothing: { exists: true }", false),
        ("url: { exists: true }", true),
        ("endsAt: { exists: false }", true),
        ("cost.amount: { exists: false }", true),
        // contains: substring of text, element of an array, key of an object.
        ("summary: { contains: 5xx }", true),
        ("summary: { contains: 4xx }", false),
        ("raw.tags: { contains: prod }", true),
        ("raw.tags: { contains: 3 }", true),
        ("raw.tags: { contains: pro }", false),
        ("raw.detail: { contains: impact }", true),
        ("raw.detail: { contains: region2 }", false),
        ("raw.exact: { contains: 10 }", false),
        ("labels.missing: { contains: x }", false),
    ])
    func condition(match: String, expected: Bool) throws {
        #expect(try matches(match) == expected)
    }

    @Test func numericComparisonsOnCost() throws {
        let bounds: [(String, [Double?: Bool])] = [
            ("gt: 100", [99.99: false, 100: false, 100.01: true, nil: false]),
            ("gte: 100", [99.99: false, 100: true, 100.01: true, nil: false]),
            ("lt: 100", [99.99: true, 100: false, 100.01: false, nil: false]),
            ("lte: 100", [99.99: true, 100: true, 100.01: false, nil: false]),
        ]
        for (condition, cases) in bounds {
            let matcher = try loadMatcher("cost.amount: { \(condition) }")
            for (amount, expected) in cases {
                #expect(matcher.matches(costAlert(amount: amount)) == expected, "\(condition) with \(String(describing: amount))")
            }
        }
        #expect(!(try loadMatcher("cost.amount: { gt: 0 }").matches(paymentsAlert())), "an alert without cost has no amount")
        let range = try loadMatcher("cost.amount: { gt: 100, lte: 1000 }")
        #expect(range.matches(costAlert(amount: 1000)))
        #expect(!range.matches(costAlert(amount: 1000.5)))
        #expect(!range.matches(costAlert(amount: 100)))
    }

    @Test func combinators() throws {
        let match = """
            source: aws-cost-anomaly
            any:
              - cost.amount: { gte: 1000 }
              - all:
                  - resource.service: { regex: "Amazon (EC2|RDS)" }
                  - not: { resource.region: { regex: "us-.*" } }
            """
        let matcher = try loadMatcher(match)
        #expect(matcher.matches(costAlert(amount: 5000)))
        #expect(!matcher.matches(costAlert(amount: 50)), "EC2 in us-east-1, below the threshold")
        var europe = costAlert(amount: 50)
        europe.resource?.region = "eu-west-1"
        #expect(matcher.matches(europe))
        europe.resource?.service = "Amazon S3"
        #expect(!matcher.matches(europe))
        europe.source = "gcp-budget"
        europe.cost?.amount = 5000
        #expect(!matcher.matches(europe), "the top level is an implicit all")
    }

    @Test func emptyMatchTakesEverything() throws {
        #expect(try matches("{}"))
        #expect(Matcher.always.matches(Self.alert))
        #expect(Matcher.all([]).matches(Self.alert))
        #expect(!Matcher.any([]).matches(Self.alert))
    }

    @Test func patternsAreWholeValue() throws {
        let pattern = try Pattern("prod")
        #expect(pattern.matches("prod"))
        #expect(!pattern.matches("preprod"))
        #expect(!pattern.matches("production"))
        #expect(!pattern.matches("prod\n"))
        #expect(try Pattern("a|b").matches("b"), "alternation stays inside the anchors")
        #expect(!(try Pattern("a|b").matches("ab")))
        #expect(try Pattern("(é|ü)+").matches("üé"))
        #expect(try Pattern("🔥.*").matches("🔥 fire"))
        #expect(throws: PatternError(message: "regular expression \"a)|(b\" is not valid RE2 syntax: unexpected ): a)|(b")) { try Pattern("a)|(b") }
        #expect(throws: PatternError(message: "regular expression \"[\" is not valid RE2 syntax: missing ]: [")) { try Pattern("[") }
    }

    // MARK: - Algebra

    /// A deterministic generator, so a failure names an alert that can be reproduced.
    struct Generator {
        var state: UInt64

        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }

        mutating func pick<T>(_ options: [T]) -> T { options[next(options.count)] }
    }

    static let generatedAlerts: [Alert] = {
        var generator = Generator(state: 42)
        return (0..<300).map { index in
            var labels: [String: String] = [:]
            if generator.next(3) > 0 { labels["team"] = generator.pick(["payments", "ops", "data"]) }
            if generator.next(2) > 0 { labels["env"] = generator.pick(["prod", "preprod", "staging"]) }
            return Alert(
                source: generator.pick(["alertmanager", "aws-cost-anomaly", "grafana"]),
                id: "generated-\(index)",
                status: generator.pick(AlertStatus.allCases),
                severity: generator.pick(Severity.allCases),
                title: generator.pick(["Disk full", "High latency", "Cost spike"]),
                labels: labels,
                cost: generator.next(2) == 0 ? nil : Cost(amount: Double(generator.next(2000)), currency: "USD"),
                raw: ["tags": .array([.string(generator.pick(["a", "b", "c"]))]), "amount": .string("$\(generator.next(500)).50")]
            )
        }
    }()

    static let atoms: [Matcher] = [
        .field(path: ["labels", "team"], condition: .equals(.text("payments"))),
        .field(path: ["labels", "env"], condition: .regex(try! Pattern("pre.*|staging"))),
        .field(path: ["labels", "env"], condition: .notIn([.text("prod")])),
        .field(path: ["severity"], condition: .isIn([.text("critical"), .text("high")])),
        .field(path: ["status"], condition: .notEquals(.text("resolved"))),
        .field(path: ["cost", "amount"], condition: .greaterThan(1000)),
        .field(path: ["cost", "amount"], condition: .lessThanOrEqual(500)),
        .field(path: ["labels", "team"], condition: .exists(true)),
        .field(path: ["raw", "tags"], condition: .contains("b")),
        .field(path: ["raw", "amount"], condition: .greaterThanOrEqual(250)),
        .field(path: ["title"], condition: .notRegex(try! Pattern("Disk.*"))),
    ]

    @Test func doubleNegationIsIdentity() {
        for atom in Self.atoms {
            for alert in Self.generatedAlerts {
                #expect(Matcher.not(.not(atom)).matches(alert) == atom.matches(alert), "\(alert.id)")
            }
        }
    }

    @Test func deMorgan() {
        var generator = Generator(state: 7)
        for _ in 0..<40 {
            let parts = (0..<(1 + generator.next(3))).map { _ in generator.pick(Self.atoms) }
            for alert in Self.generatedAlerts {
                #expect(Matcher.not(.any(parts)).matches(alert) == Matcher.all(parts.map { .not($0) }).matches(alert))
                #expect(Matcher.not(.all(parts)).matches(alert) == Matcher.any(parts.map { .not($0) }).matches(alert))
            }
        }
    }

    @Test func negatedConditionsAreComplements() {
        // Each pair is a condition and the one the docs call its negation; missing fields included.
        let pairs: [(FieldCondition, FieldCondition)] = [
            (.equals(.text("payments")), .notEquals(.text("payments"))),
            (.isIn([.text("payments"), .text("ops")]), .notIn([.text("payments"), .text("ops")])),
            (.regex(try! Pattern("pay.*")), .notRegex(try! Pattern("pay.*"))),
            (.exists(true), .exists(false)),
        ]
        for (condition, negation) in pairs {
            for alert in Self.generatedAlerts {
                let value = alert.value(at: ["labels", "team"])
                #expect(condition.holds(for: value) != negation.holds(for: value), "\(alert.id)")
            }
        }
    }

    @Test func generatedAlertsExerciseBothOutcomes() {
        // Guards the algebra tests against a generator that makes every atom constant.
        for atom in Self.atoms {
            let outcomes = Set(Self.generatedAlerts.map(atom.matches))
            #expect(outcomes == [true, false])
        }
    }
}
