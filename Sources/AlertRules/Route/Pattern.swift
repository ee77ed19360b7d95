import Foundation

/// A regular expression that must match the whole value, as Alertmanager's `=~` does: `prod` does
/// not match `preprod`; write `.*prod.*` to search.
public struct Pattern: Sendable {
    public let source: String
    private let regex: NSRegularExpression

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
    }

    public func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

/// Why a pattern was refused.
public struct PatternError: Error, Sendable, Equatable {
    public let message: String
}
