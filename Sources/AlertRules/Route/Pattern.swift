import Foundation

/// A regular expression that must match the whole value, as Alertmanager's `=~` does: `prod` does
/// not match `preprod`; write `.*prod.*` to search.
///
/// Patterns come from the config and the text they match from alerts, which anyone who can reach the
/// webhook writes, so no pattern may let a value make matching take exponential time (ReDoS). Two
/// defences, because the matcher (ICU's, behind `NSRegularExpression`) backtracks:
///
/// - **Refused at load time**: the shapes that are catastrophic on their own, with a config error at
///   the pattern — a repeated group that itself repeats something (`(a+)+`, `(a*)*`, `(\w+\s?)*`,
///   `((ab)*c)+`), and back-references (`\1`, `\k<name>`). Possessive quantifiers (`a++`) and atomic
///   groups (`(?>…)`) never backtrack, so a group made of them may be repeated.
/// - **Bounded at match time**: every match gets a budget of backtracking steps,
///   ``baseStepBudget`` plus ``stepsPerCharacter`` per UTF-16 unit of the value (ICU reports progress
///   every 10,000 steps, through `NSRegularExpression`'s `reportProgress`). That is far more than any
///   linear match needs, and stops what static checks cannot see, such as overlapping alternatives
///   (`(a|aa)+$`) or stacked wildcards (`(.*a){20}`), within milliseconds. A match that runs out of
///   budget counts as no match: `regex` does not hold and `not_regex` does (``match(_:)`` tells them
///   apart).
public struct Pattern: Sendable {
    public let source: String
    private let regex: NSRegularExpression

    /// Backtracking steps every match may take, whatever the length of the value.
    public static let baseStepBudget = 2_000_000
    /// Further steps per UTF-16 unit of the value; a linear match takes a few.
    public static let stepsPerCharacter = 10
    /// How many steps ICU takes between two progress reports.
    static let stepsPerReport = 10_000

    /// - Throws: a message saying what is wrong with the pattern.
    public init(_ source: String) throws(PatternError) {
        self.source = source
        do {
            // Compiled alone first: wrapped, an unbalanced `a)|(b` would compile to a different,
            // valid pattern instead of being refused.
            _ = try NSRegularExpression(pattern: source)
            regex = try NSRegularExpression(pattern: "\\A(?:" + source + ")\\z")
        } catch {
            throw PatternError(message: "invalid regular expression \"\(source)\"")
        }
        if let problem = PatternSafety.problem(in: source) {
            throw PatternError(message: "regular expression \"\(source)\" \(problem)")
        }
    }

    /// How a match ended.
    public enum Outcome: Sendable, Equatable {
        case matched
        case notMatched
        /// The match ran out of its step budget; see ``Pattern``.
        case abandoned
    }

    public func matches(_ text: String) -> Bool {
        match(text) == .matched
    }

    public func match(_ text: String) -> Outcome {
        let range = NSRange(text.startIndex..., in: text)
        let reports = (Self.baseStepBudget + Self.stepsPerCharacter * range.length) / Self.stepsPerReport
        var outcome = Outcome.notMatched
        var reported = 0
        regex.enumerateMatches(in: text, options: [.reportProgress], range: range) { result, _, stop in
            if result != nil {
                outcome = .matched
                stop.pointee = true
                return
            }
            reported += 1
            if reported > reports {
                outcome = .abandoned
                stop.pointee = true
            }
        }
        return outcome
    }
}

/// Why a pattern was refused.
public struct PatternError: Error, Sendable, Equatable {
    public let message: String
}

/// Finds the pattern shapes that backtrack catastrophically whatever the budget: nested repetition and
/// back-references. Reads ICU syntax just far enough to know groups, classes, escapes and quantifiers
/// apart; the pattern has already compiled, so it is well-formed.
enum PatternSafety {
    private struct Group {
        /// `(?>…)`, which never backtracks into itself.
        var isAtomic = false
        /// Something inside repeats without bound and may backtrack.
        var repeats = false
        /// Where the group starts, for the message.
        var start: Int
    }

    /// What is wrong with `pattern`, as the end of a sentence; `nil` when it is safe to compile.
    static func problem(in pattern: String) -> String? {
        let scalars = Array(pattern.unicodeScalars)
        var groups = [Group(start: 0)]
        /// The group that closed just before `index`, which a quantifier there would repeat.
        var closed: Group?
        var index = 0
        func fragment(from start: Int) -> String {
            let end = min(index, scalars.count)
            return String(String.UnicodeScalarView(scalars[start..<end]))
        }
        while index < scalars.count {
            let scalar = scalars[index]
            let atomStart = index
            var atomGroup: Group?
            switch scalar {
            case "\\":
                index += 1
                guard index < scalars.count else { return nil }
                let escaped = scalars[index]
                switch escaped {
                case "1"..."9", "k":
                    return "uses a back-reference (\(fragment(from: atomStart))\(escaped)), which can make matching take exponential time"
                case "Q":
                    // Literal text up to `\E`.
                    index += 1
                    while index < scalars.count, !(scalars[index] == "\\" && index + 1 < scalars.count && scalars[index + 1] == "E") {
                        index += 1
                    }
                    index += 2
                case "p", "P", "N", "x":
                    index += 1
                    if index < scalars.count, scalars[index] == "{" {
                        while index < scalars.count, scalars[index] != "}" { index += 1 }
                    }
                    index += 1
                default:
                    index += 1
                }
            case "[":
                index = classEnd(scalars, from: index)
            case "(":
                var group = Group(start: index)
                index += 1
                if index < scalars.count, scalars[index] == "?" {
                    let kind = index + 1 < scalars.count ? scalars[index + 1] : " "
                    if kind == "#" {
                        while index < scalars.count, scalars[index] != ")" { index += 1 }
                        index += 1
                        continue
                    }
                    group.isAtomic = kind == ">"
                }
                groups.append(group)
                closed = nil
                continue
            case ")":
                index += 1
                guard groups.count > 1 else { continue }
                atomGroup = groups.removeLast()
                if atomGroup!.repeats, !atomGroup!.isAtomic { groups[groups.count - 1].repeats = true }
            default:
                index += 1
            }
            closed = atomGroup
            // A quantifier after the atom.
            guard let (unbounded, end) = quantifier(scalars, at: index) else { continue }
            let possessive = end < scalars.count && scalars[end] == "+"
            let lazyOrPossessive = end < scalars.count && (scalars[end] == "+" || scalars[end] == "?")
            index = lazyOrPossessive ? end + 1 : end
            guard unbounded, !possessive else { continue }
            if let closed, closed.repeats, !closed.isAtomic {
                return "repeats a group that repeats (\(fragment(from: closed.start))), which can make matching take exponential time; "
                    + "repeat the inner part only, or make it possessive (a++) or atomic ((?>…))"
            }
            groups[groups.count - 1].repeats = true
            closed = nil
        }
        return nil
    }

    /// The index after the character class that starts at `start`.
    private static func classEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start + 1
        if index < scalars.count, scalars[index] == "^" { index += 1 }
        // A `]` first in the class is literal.
        if index < scalars.count, scalars[index] == "]" { index += 1 }
        var depth = 1
        while index < scalars.count {
            switch scalars[index] {
            case "\\": index += 1
            case "[": depth += 1
            case "]":
                depth -= 1
                if depth == 0 { return index + 1 }
            default: break
            }
            index += 1
        }
        return index
    }

    /// The quantifier at `index`, if any: whether it is unbounded (`*`, `+`, `{n,}`) and where it ends.
    private static func quantifier(_ scalars: [Unicode.Scalar], at index: Int) -> (unbounded: Bool, end: Int)? {
        guard index < scalars.count else { return nil }
        switch scalars[index] {
        case "*", "+": return (true, index + 1)
        case "?": return (false, index + 1)
        case "{":
            var end = index + 1
            var sawComma = false
            var afterComma = false
            while end < scalars.count, scalars[end] != "}" {
                if scalars[end] == "," {
                    sawComma = true
                } else if sawComma {
                    afterComma = true
                }
                end += 1
            }
            guard end < scalars.count else { return nil }
            return (sawComma && !afterComma, end + 1)
        default:
            return nil
        }
    }
}
