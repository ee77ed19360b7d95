import AlertModel
import Foundation
import JSON
import Testing

@testable import AlertRules

/// No pattern in a config may let an alert's text make matching take more than linear time. Matching is
/// RE2's (see ``Pattern``): the classic ReDoS shapes load and answer correctly on the texts that make a
/// backtracking engine run for ages, and what RE2 cannot do in linear time is a config error at the pattern.
@Suite struct RegexSafetyTests {
    /// 23 KB, the size of the body that held a legitimate alert back for 6.7 s under the backtracking engine.
    static let attack = String(repeating: "a", count: 23_000) + "!"

    /// Back-references, lookaround, atomic groups and possessive quantifiers: refused where they are written,
    /// saying what RE2 refused and what to do instead.
    @Test(arguments: [
        ("(a)\\1", "invalid escape sequence: \\1 (RE2, like Alertmanager, has no back-references)"),
        ("(a)(b)\\2", "invalid escape sequence: \\2 (RE2, like Alertmanager, has no back-references)"),
        ("(?=prod)p.*", "invalid perl operator: (?= (RE2, like Alertmanager, has no lookahead; put what must not match under not_regex)"),
        ("(?!test).*", "invalid perl operator: (?! (RE2, like Alertmanager, has no lookahead; put what must not match under not_regex)"),
        ("(?<=eu-)prod", "invalid perl operator: (?< (RE2 has no lookbehind, and names a group (?P<name>…))"),
        ("(?>a+)b", "invalid perl operator: (?> (RE2 has no atomic groups, and needs none: it never backtracks)"),
        ("(a++)+b", "bad repetition operator: ++ (RE2 has no possessive quantifiers, and needs none: it never backtracks)"),
        ("a)|(b", "unexpected ): a)|(b"),
        ("[", "missing ]: ["),
        ("a{1001}", "invalid repetition size: {1001}"),
    ])
    func whatRE2CannotMatchInLinearTimeIsAConfigError(pattern: String, reason: String) {
        #expect(throws: PatternError(message: "regular expression \"\(pattern)\" is not valid RE2 syntax: \(reason)")) {
            try Pattern(pattern)
        }
        let quoted = pattern.replacingOccurrences(of: "'", with: "''")
        let yaml = "rules:\n  - name: r\n    project: P\n    match:\n      labels.env: { regex: '\(quoted)' }\n"
        let problems = configProblems(yaml)
        #expect(problems == ["cfg.yaml:5:29: regular expression \"\(pattern)\" is not valid RE2 syntax: \(reason)"])
    }

    /// The shapes that are catastrophic for a backtracking engine load, and answer exactly, on texts that would
    /// make one run for longer than the universe has existed.
    @Test(arguments: [
        ("(a+)+$", false), ("(a|aa)+$", false), ("(.*a){20}", false), ("^(\\w+\\s?)*$", false), ("(a|a)*b", false),
        (".*a.*a.*a.*a.*a.*a.*b", false), ("(a*)*", false), ("((ab)*c)+", false), ("(a+)+!", true), ("(a|aa)+!", true),
        ("(.*a){20}!", true), ("[a!]*", true),
    ])
    func backtrackingShapesMatchExactly(pattern: String, matchesAttack: Bool) throws {
        let compiled = try Pattern(pattern)
        #expect(compiled.matches(Self.attack) == matchesAttack)
        #expect(FieldCondition.regex(compiled).holds(for: .string(Self.attack)) == matchesAttack)
        #expect(FieldCondition.notRegex(compiled).holds(for: .string(Self.attack)) == !matchesAttack)
    }

    /// Everyday patterns, in the syntax Alertmanager routes are written in.
    @Test(arguments: [
        ("prod|staging", "staging", true), (".*prod.*", "eu-prod-1", true), ("(\\d{1,3}\\.){3}\\d{1,3}", "10.0.0.1", true),
        ("(foo|bar)+", "foobarfoo", true), ("[(a+)+]*", "a+(", true), ("\\Q(a+)+\\E", "(a+)+", true),
        ("a{2,3}(b{1,2})+", "aabb", true), ("[\\d]+", "12", true), ("(ab)*", "abab", true), ("(ab)*", "aba", false),
        ("(?i)PROD", "prod", true), ("(?P<env>prod)-\\d+", "prod-3", true), ("[[:alpha:]]+", "abc", true), ("\\pL+", "été", true),
        ("(é|ü)+", "üé", true), ("🔥.*", "🔥 fire", true), (".*", "two\nlines", false), ("(?s).*", "two\nlines", true),
    ])
    func everydayPatternsWork(pattern: String, text: String, expected: Bool) throws {
        #expect(try Pattern(pattern).matches(text) == expected)
    }

    /// Long values are matched whole, however long.
    @Test func longValuesMatchWhole() throws {
        let long = String(repeating: "x", count: 200_000) + "prod" + String(repeating: "y", count: 200_000)
        #expect(try Pattern(".*prod.*").matches(long))
        #expect(!(try Pattern("[xy]*").matches(long)))
    }

    /// A value with a NUL byte is matched whole: the pattern sees every byte, not a C string cut short.
    @Test func valuesAreNotCutAtANulByte() throws {
        #expect(!(try Pattern("prod").matches("prod\u{0}evil")))
        #expect(try Pattern("prod.evil").matches("prod\u{0}evil"))
    }
}
