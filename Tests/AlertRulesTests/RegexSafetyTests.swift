import AlertModel
import Foundation
import JSON
import Testing

@testable import AlertRules

/// No pattern in a config may let an alert's text make matching take exponential time: the classic ReDoS
/// shapes are refused when the config loads, and every match has a step budget (see ``Pattern``).
@Suite struct RegexSafetyTests {
    static let attack = String(repeating: "a", count: 5_000) + "!"
    static let shortAttack = String(repeating: "a", count: 40) + "!"

    /// Patterns that are catastrophic by shape: refused with a config error at the pattern.
    @Test(arguments: ["(a+)+$", "(a*)*", "^(\\w+\\s?)*$", "((ab)*c)+", "(?:x+y?)+z", "(a+){2,}", "(.*)*", "(a)\\1", "(?<n>a)\\k<n>"])
    func catastrophicShapesAreRefusedAtLoadTime(pattern: String) {
        #expect(throws: PatternError.self) { try Pattern(pattern) }
        let yaml = "rules:\n  - name: r\n    project: P\n    match:\n      labels.env: { regex: '\(pattern)' }\n"
        let problems = configProblems(yaml)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("cfg.yaml:5:29: regular expression") == true, "\(problems)")
    }

    /// Patterns that backtrack badly without a nested repetition: they load, and on the attack either fail to
    /// match or stop at their step budget, which bounds the work whatever the text.
    @Test(arguments: ["(a|aa)+$", "(.*a){20}", "(a|a)*b", ".*a.*a.*a.*a.*a.*a.*b", "(\\w|a)+!x"])
    func overlappingPatternsStopWithinTheirBudget(pattern: String) throws {
        let compiled = try Pattern(pattern)
        for text in [Self.shortAttack, Self.attack] {
            #expect([.notMatched, .abandoned].contains(compiled.match(text)), "\(pattern) on \(text.count) characters")
        }
        #expect(compiled.match(Self.attack) == .abandoned, "\(pattern) ran its whole search on the 5,000-character attack")
    }

    /// Every classic ReDoS pattern, however it is defended, is refused or abandoned at its budget.
    @Test(arguments: ["(a+)+$", "(a|aa)+$", "(.*a){20}", "^(\\w+\\s?)*$"])
    func classicReDoSIsRefusedOrAbandoned(pattern: String) {
        guard let compiled = try? Pattern(pattern) else { return }
        #expect(compiled.match(Self.attack) == .abandoned)
    }

    /// Safe patterns, including repeated groups of bounded or possessive parts, load and match as before.
    @Test(arguments: [
        ("prod|staging", "staging", true), (".*prod.*", "eu-prod-1", true), ("(\\d{1,3}\\.){3}\\d{1,3}", "10.0.0.1", true),
        ("(foo|bar)+", "foobarfoo", true), ("(?>a+)+b", "aaab", true), ("(a++)+b", "aaab", true), ("[(a+)+]*", "a+(", true),
        ("\\Q(a+)+\\E", "(a+)+", true), ("(?#a+ then more)x", "x", true), ("a{2,3}(b{1,2})+", "aabb", true), ("[\\d]+", "12", true),
        ("(ab)*", "abab", true), ("(ab)*", "aba", false),
    ])
    func safePatternsStillWork(pattern: String, text: String, expected: Bool) throws {
        #expect(try Pattern(pattern).matches(text) == expected)
    }

    /// A long value that matches in linear time is not cut short by the budget.
    @Test func longValuesStillMatch() throws {
        let long = String(repeating: "x", count: 200_000) + "prod" + String(repeating: "y", count: 200_000)
        #expect(try Pattern(".*prod.*").match(long) == .matched)
        #expect(try Pattern("[xy]*").match(long) == .notMatched)
    }

    /// A match that runs out of budget is no match: `regex` fails and `not_regex` holds.
    @Test func abandonedMatchesCountAsNoMatch() throws {
        let pattern = try Pattern("(a|aa)+$")
        #expect(pattern.match(Self.attack) == .abandoned)
        #expect(FieldCondition.regex(pattern).holds(for: .string(Self.attack)) == false)
        #expect(FieldCondition.notRegex(pattern).holds(for: .string(Self.attack)) == true)
    }
}
