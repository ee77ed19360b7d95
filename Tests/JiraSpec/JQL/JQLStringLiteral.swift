/// Jira's rules for a JQL string literal, read with the same lexer the fake's parser uses, so the checks of our
/// quoting and the fake that answers our searches cannot disagree about what a literal means.
public enum JQLStringLiteral {
    public enum Failure: Error, Equatable {
        case syntax(String)
    }

    /// The text of the string literal that is all of `source`.
    public static func parse(_ source: String) -> Result<String, Failure> {
        switch tokens(source) {
        case .failure(let failure): return .failure(failure)
        case .success(let tokens):
            guard tokens.count == 2, tokens[0].kind == .string, source.unicodeScalars.first == "\"" else {
                return .failure(.syntax("not one double-quoted literal"))
            }
            return .success(tokens[0].text)
        }
    }

    /// The values of a parenthesised list of literals, `("a", "b")`.
    public static func parseList(_ source: String) -> Result<[String], Failure> {
        let tokens: [JQLToken]
        switch self.tokens(source) {
        case .failure(let failure): return .failure(failure)
        case .success(let all): tokens = all
        }
        guard tokens.first?.kind == .leftParen, tokens.count >= 3, tokens[tokens.count - 2].kind == .rightParen else {
            return .failure(.syntax("not a parenthesised list"))
        }
        let inner = tokens[1..<(tokens.count - 2)]
        var values: [String] = []
        for (offset, token) in inner.enumerated() {
            let wanted: JQLToken.Kind = offset.isMultiple(of: 2) ? .string : .comma
            guard token.kind == wanted else { return .failure(.syntax("unexpected \(token.display) in the list")) }
            if wanted == .string { values.append(token.text) }
        }
        guard inner.isEmpty || inner.count % 2 == 1 else { return .failure(.syntax("a list cannot end with a comma")) }
        return .success(values)
    }

    private static func tokens(_ source: String) -> Result<[JQLToken], Failure> {
        JQLLexer.tokenize(source).mapError { .syntax($0.messages.joined(separator: "; ")) }
    }

    /// The characters Jira's lexer refuses raw inside a quoted string: the control characters U+0000–U+0009,
    /// U+000B, U+000C, U+000E–U+001F, U+007F–U+009F and the noncharacters U+FDD0–U+FDEF, U+FFFE and U+FFFF.
    /// Raw `\n` and `\r` are allowed. Jira reads UTF-16 units; scalars give the same answers, as no refused
    /// character is a surrogate.
    public static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F, 0xFDD0...0xFDEF, 0xFFFE, 0xFFFF: true
        default: false
        }
    }
}
