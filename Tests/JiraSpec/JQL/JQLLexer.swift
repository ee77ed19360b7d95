/// Splits a JQL query into tokens. Quoted strings are decoded here, so nothing inside quotes can ever become
/// syntax: `labels = "a\" OR project = X"` is one label value.
public struct JQLLexer {
    /// Characters JQL reserves outside quotes (and the escape Jira suggests for each).
    public static let reservedCharacters: Set<Unicode.Scalar> = ["+", ".", ";", "?", "*", "/", "%", "^", "$", "#", "@", "[", "]", "{", "}"]

    private let characters: [Unicode.Scalar]
    private var index = 0

    public init(_ query: String) {
        characters = Array(query.unicodeScalars)
    }

    public static func tokenize(_ query: String) -> Result<[JQLToken], JQLError> {
        var lexer = JQLLexer(query)
        var tokens: [JQLToken] = []
        while true {
            switch lexer.next() {
            case .failure(let error):
                return .failure(error)
            case .success(let token):
                tokens.append(token)
                if token.kind == .end { return .success(tokens) }
            }
        }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    private mutating func next() -> Result<JQLToken, JQLError> {
        while let character = peek(), character.properties.isWhitespace { index += 1 }
        let position = index + 1
        guard let character = peek() else { return .success(JQLToken(kind: .end, text: "", position: position)) }
        switch character {
        case "(":
            index += 1
            return .success(JQLToken(kind: .leftParen, text: "(", position: position))
        case ")":
            index += 1
            return .success(JQLToken(kind: .rightParen, text: ")", position: position))
        case ",":
            index += 1
            return .success(JQLToken(kind: .comma, text: ",", position: position))
        case "\"", "'":
            return string(quote: character)
        case "=", "~":
            index += 1
            return .success(JQLToken(kind: .comparison, text: String(character), position: position))
        case "!", "<", ">":
            index += 1
            if peek() == "=" || (character == "!" && peek() == "~") {
                let second = peek()!
                index += 1
                return .success(JQLToken(kind: .comparison, text: "\(character)\(second)", position: position))
            }
            return .success(JQLToken(kind: character == "!" ? .notSymbol : .comparison, text: String(character), position: position))
        case "&", "|":
            index += 1
            if peek() == character { index += 1 }
            return .success(JQLToken(kind: character == "&" ? .andSymbol : .orSymbol, text: String(character), position: position))
        default:
            return word(position: position)
        }
    }

    private mutating func string(quote: Unicode.Scalar) -> Result<JQLToken, JQLError> {
        let position = index + 1
        index += 1
        var text = ""
        while let character = peek() {
            index += 1
            if character == quote { return .success(JQLToken(kind: .string, text: text, position: position)) }
            guard character == "\\" else {
                if JQLStringLiteral.isRefused(character) {
                    let code = String(character.value, radix: 16)
                    return .failure(.syntax("The quoted string contains the illegal character U+\(code).", at: index))
                }
                text.unicodeScalars.append(character)
                continue
            }
            guard let escaped = peek() else { break }
            index += 1
            switch escaped {
            case "\"", "'", "\\", " ": text.unicodeScalars.append(escaped)
            case "n": text.append("\n")
            case "r": text.append("\r")
            case "t": text.append("\t")
            case "u":
                let digits = String(String.UnicodeScalarView((0..<4).compactMap { peek($0) }))
                guard digits.unicodeScalars.count == 4, let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
                    return .failure(.syntax("Illegal Unicode escape '\\u\(digits)'.", at: index))
                }
                index += 4
                text.unicodeScalars.append(scalar)
            default:
                return .failure(.syntax("Illegal escape sequence '\\\(escaped)' in the string '\(text)'.", at: index - 1))
            }
        }
        return .failure(.syntax("The quoted string '\(text)' has not been completed.", at: position))
    }

    private mutating func word(position: Int) -> Result<JQLToken, JQLError> {
        var text = ""
        while let character = peek(), !character.properties.isWhitespace, !"()\",'=!<>~&|".unicodeScalars.contains(character) {
            if character == "[", text.lowercased() == "cf" {
                // `cf[10050]` names a custom field by number.
                var number = ""
                var offset = 1
                while let digit = peek(offset), ("0"..."9").contains(digit) {
                    number.unicodeScalars.append(digit)
                    offset += 1
                }
                if !number.isEmpty, peek(offset) == "]" {
                    text += "[\(number)]"
                    index += offset + 1
                    continue
                }
            }
            if Self.reservedCharacters.contains(character) {
                let code = String(character.value, radix: 16)
                let escape = String(repeating: "0", count: 4 - code.count) + code
                return .failure(
                    .syntax(
                        "The character '\(character)' is a reserved JQL character. You must enclose it in a string or use the escape '\\u\(escape)' instead.",
                        at: index + 1
                    )
                )
            }
            text.unicodeScalars.append(character)
            index += 1
        }
        return .success(JQLToken(kind: .word, text: text, position: position))
    }
}
