/// A lexical token of a JQL query, with its 1-based character position for Jira-style error messages.
public struct JQLToken: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// An unquoted word: a field name, keyword, value or function name.
        case word
        /// A quoted string; `text` holds it unescaped.
        case string
        case leftParen
        case rightParen
        case comma
        /// `=`, `!=`, `~`, `!~`, `<`, `<=`, `>`, `>=`.
        case comparison
        /// `&`, `&&`.
        case andSymbol
        /// `|`, `||`.
        case orSymbol
        /// `!` before a clause.
        case notSymbol
        case end
    }

    public var kind: Kind
    /// The word, the unescaped string, or the symbol.
    public var text: String
    public var position: Int

    /// Whether this is the unquoted keyword `word` (case-insensitive).
    public func isKeyword(_ word: String) -> Bool {
        kind == .word && text.lowercased() == word
    }

    /// How error messages quote the token.
    public var display: String { kind == .end ? "" : text }
}
