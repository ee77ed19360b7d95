/// Jira's lexer rules for a JQL string literal (`JqlLexer`): a quoted string holds escapes — `\t \n \r \" \' \\`,
/// `\<space>` and `\uXXXX` — and any character but `"`, `\` and the control characters: U+0000–U+0009, U+000B,
/// U+000C, U+000E–U+001F, U+007F–U+009F and the noncharacters U+FDD0–U+FDEF, U+FFFE and U+FFFF (raw `\n` and
/// `\r` are allowed). Jira reads UTF-16 units; scalars give the same answers, as no refused character is a
/// surrogate.
public enum JQLStringLiteral {
    public enum Failure: Error, Equatable {
        case syntax(String)
    }

    /// The text of the string literal that is all of `source`.
    public static func parse(_ source: String) -> Result<String, Failure> {
        var scalars = source.unicodeScalars[...]
        let result = literal(&scalars)
        if case .success = result, !scalars.isEmpty { return .failure(.syntax("text after the literal")) }
        return result
    }

    /// The values of `("a", "b")`.
    public static func parseList(_ source: String) -> Result<[String], Failure> {
        var scalars = source.unicodeScalars[...]
        guard scalars.popFirst() == "(" else { return .failure(.syntax("no (")) }
        var values: [String] = []
        while !(values.isEmpty && scalars.first == ")") {
            switch literal(&scalars) {
            case .failure(let failure): return .failure(failure)
            case .success(let value): values.append(value)
            }
            if scalars.first == ")" { break }
            guard scalars.popFirst() == ",", scalars.popFirst() == " " else { return .failure(.syntax("no \", \" between values")) }
        }
        guard scalars.popFirst() == ")", scalars.isEmpty else { return .failure(.syntax("text after )")) }
        return .success(values)
    }

    private static func literal(_ scalars: inout Substring.UnicodeScalarView) -> Result<String, Failure> {
        guard scalars.popFirst() == "\"" else { return .failure(.syntax("no opening quote")) }
        var text = String.UnicodeScalarView()
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "\"":
                return .success(String(text))
            case "\\":
                guard let escaped = scalars.popFirst() else { return .failure(.syntax("escape at the end")) }
                switch escaped {
                case "t": text.append("\t")
                case "n": text.append("\n")
                case "r": text.append("\r")
                case "\"", "'", "\\", " ": text.append(escaped)
                case "u":
                    let digits = String(String.UnicodeScalarView(scalars.prefix(4)))
                    guard digits.unicodeScalars.count == 4, digits.unicodeScalars.allSatisfy(\.properties.isASCIIHexDigit),
                        let value = UInt32(digits, radix: 16), let decoded = Unicode.Scalar(value)
                    else { return .failure(.syntax("bad escape \\u\(digits)")) }
                    scalars.removeFirst(4)
                    text.append(decoded)
                default:
                    return .failure(.syntax("illegal escape \\\(escaped)"))
                }
            default:
                if isRefused(scalar) { return .failure(.syntax("raw control character U+\(String(scalar.value, radix: 16))")) }
                text.append(scalar)
            }
        }
        return .failure(.syntax("unterminated literal"))
    }

    /// The characters Jira's lexer refuses inside a quoted string.
    public static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F, 0xFDD0...0xFDEF, 0xFFFE, 0xFFFF: true
        default: false
        }
    }
}
