import CRE2

/// A regular expression that must match the whole value, as Alertmanager's `=~` does: `prod` does
/// not match `preprod`; write `.*prod.*` to search.
///
/// Patterns come from the config and the text they match from alerts, which anyone who can reach the
/// webhook writes, so matching must never take more than linear time. RE2 guarantees that, and its
/// syntax is Go's, the one Alertmanager and Prometheus matchers are written in, so a matcher pasted
/// from a route means the same here. What RE2 cannot match in linear time (back-references,
/// lookaround) it refuses, and the refusal is a config error at the pattern.
public struct Pattern: Sendable {
    public let source: String
    private let compiled: CompiledPattern

    /// - Throws: a message saying what RE2 refused in the pattern, and why.
    public init(_ source: String) throws(PatternError) {
        self.source = source
        var reason = [CChar](repeating: 0, count: 256)
        let regexp = source.utf8CString.withUnsafeBufferPointer { pattern in
            // The count includes the terminating NUL, which is not part of the pattern.
            cre2_compile(pattern.baseAddress, pattern.count - 1, &reason, reason.count)
        }
        guard let regexp else {
            let why = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw PatternError(message: "regular expression \"\(source)\" is not valid RE2 syntax: \(why)\(Self.hint(for: why))")
        }
        compiled = CompiledPattern(regexp)
    }

    public func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { cre2_full_match(compiled.regexp, $0.baseAddress, $0.count) != 0 }
        }
    }

    /// What to do about the refusals users meet most, coming from PCRE or ICU.
    private static func hint(for reason: String) -> String {
        let hints: [(refusal: String, hint: String)] = [
            ("invalid perl operator: (?=", "RE2, like Alertmanager, has no lookahead; put what must not match under not_regex"),
            ("invalid perl operator: (?!", "RE2, like Alertmanager, has no lookahead; put what must not match under not_regex"),
            ("invalid perl operator: (?<", "RE2 has no lookbehind, and names a group (?P<name>…)"),
            ("invalid perl operator: (?>", "RE2 has no atomic groups, and needs none: it never backtracks"),
            ("bad repetition operator: ++", "RE2 has no possessive quantifiers, and needs none: it never backtracks"),
            ("bad repetition operator: *+", "RE2 has no possessive quantifiers, and needs none: it never backtracks"),
        ]
        // `\1` … `\9`: any back-reference, whatever its number.
        if reason.hasPrefix("invalid escape sequence: \\"), reason.last?.isNumber == true {
            return " (RE2, like Alertmanager, has no back-references)"
        }
        return hints.first { reason.hasPrefix($0.refusal) }.map { " (\($0.hint))" } ?? ""
    }
}

/// Owns RE2's compiled program, so copies of a ``Pattern`` share it and the last one frees it. RE2
/// allows concurrent matches on one program, so sharing it across tasks is safe.
private final class CompiledPattern: Sendable {
    nonisolated(unsafe) let regexp: OpaquePointer

    init(_ regexp: OpaquePointer) {
        self.regexp = regexp
    }

    deinit {
        cre2_free(regexp)
    }
}

/// Why a pattern was refused.
public struct PatternError: Error, Sendable, Equatable {
    public let message: String
}
