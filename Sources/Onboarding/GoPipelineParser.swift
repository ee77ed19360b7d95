/// Reads the inside of a Go template action (`.Alerts.Firing | len`, `$x := index .Labels "a"`) into a
/// ``GoPipeline``.
enum GoPipelineParser {
    private enum Token: Equatable {
        case field([String])
        case variable(String, [String])
        case string(String)
        case literal(String)
        case identifier(String)
        case pipe
        case open
        case close
        case comma
        case declare
        case assign
    }

    static func parse(_ text: String, source: String, line: Int) throws(GoTemplateSyntaxError) -> GoPipeline {
        var tokens = try tokenize(text, line: line)[...]
        return try pipeline(&tokens, source: source, line: line, nested: false)
    }

    private static func pipeline(
        _ tokens: inout ArraySlice<Token>,
        source: String,
        line: Int,
        nested: Bool
    ) throws(GoTemplateSyntaxError) -> GoPipeline {
        var declarations: [String] = []
        // `$x :=`, `$x, $y :=` and `$x =` declare or assign; look ahead for the operator.
        var lookahead = tokens
        var names: [String] = []
        while case .variable(let name, let chain)? = lookahead.first, chain.isEmpty {
            names.append(name)
            lookahead = lookahead.dropFirst()
            if lookahead.first == .comma {
                lookahead = lookahead.dropFirst()
                continue
            }
            if lookahead.first == .declare || lookahead.first == .assign {
                declarations = names
                tokens = lookahead.dropFirst()
            }
            break
        }
        var commands: [[GoOperand]] = [[]]
        while let token = tokens.first {
            tokens = tokens.dropFirst()
            switch token {
            case .pipe:
                guard !commands[commands.count - 1].isEmpty else {
                    throw GoTemplateSyntaxError(line: line, message: "missing command before \"|\" in \"\(source)\"")
                }
                commands.append([])
            case .close:
                guard nested else { throw GoTemplateSyntaxError(line: line, message: "unexpected \")\" in \"\(source)\"") }
                return GoPipeline(source: source, line: line, declarations: declarations, commands: commands)
            case .open:
                let inner = try pipeline(&tokens, source: source, line: line, nested: true)
                var chain: [String] = []
                if case .field(let fields)? = tokens.first {
                    chain = fields
                    tokens = tokens.dropFirst()
                }
                commands[commands.count - 1].append(.group(inner, chain))
            case .field(let chain): commands[commands.count - 1].append(.field(chain))
            case .variable(let name, let chain): commands[commands.count - 1].append(.variable(name, chain))
            case .string(let text): commands[commands.count - 1].append(.string(text))
            case .literal(let text): commands[commands.count - 1].append(.literal(text))
            case .identifier(let name): commands[commands.count - 1].append(.identifier(name))
            case .comma, .declare, .assign:
                throw GoTemplateSyntaxError(line: line, message: "unexpected \",\", \":=\" or \"=\" in \"\(source)\"")
            }
        }
        guard !nested else { throw GoTemplateSyntaxError(line: line, message: "unclosed \"(\" in \"\(source)\"") }
        guard !commands[commands.count - 1].isEmpty || commands.count == 1 else {
            throw GoTemplateSyntaxError(line: line, message: "missing command after \"|\" in \"\(source)\"")
        }
        return GoPipeline(source: source, line: line, declarations: declarations, commands: commands.filter { !$0.isEmpty })
    }

    private static func tokenize(_ text: String, line: Int) throws(GoTemplateSyntaxError) -> [Token] {
        let characters = Array(text)
        var tokens: [Token] = []
        var index = 0
        func isNameCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber || character == "_" }
        func name() -> String {
            let start = index
            while index < characters.count, isNameCharacter(characters[index]) { index += 1 }
            return String(characters[start..<index])
        }
        /// `.A.B.C` from the current `.`; an empty chain for a lone `.`.
        func chain() -> [String] {
            var fields: [String] = []
            while index < characters.count, characters[index] == "." {
                index += 1
                let field = name()
                if field.isEmpty { break }
                fields.append(field)
            }
            return fields
        }
        while index < characters.count {
            let character = characters[index]
            switch character {
            case " ", "\t", "\n", "\r":
                index += 1
            case "|":
                tokens.append(.pipe)
                index += 1
            case "(":
                tokens.append(.open)
                index += 1
            case ")":
                tokens.append(.close)
                index += 1
            case ",":
                tokens.append(.comma)
                index += 1
            case ":":
                guard index + 1 < characters.count, characters[index + 1] == "=" else {
                    throw GoTemplateSyntaxError(line: line, message: "unexpected \":\" in \"\(text)\"")
                }
                tokens.append(.declare)
                index += 2
            case "=":
                tokens.append(.assign)
                index += 1
            case ".":
                tokens.append(.field(chain()))
            case "$":
                index += 1
                let variable = name()
                tokens.append(.variable(variable, chain()))
            case "\"", "`":
                index += 1
                var value = ""
                var closed = false
                while index < characters.count {
                    let next = characters[index]
                    index += 1
                    if next == character {
                        closed = true
                        break
                    }
                    if next == "\\", character == "\"", index < characters.count {
                        let escaped = characters[index]
                        index += 1
                        switch escaped {
                        case "n": value.append("\n")
                        case "t": value.append("\t")
                        case "r": value.append("\r")
                        default: value.append(escaped)
                        }
                        continue
                    }
                    value.append(next)
                }
                guard closed else { throw GoTemplateSyntaxError(line: line, message: "unterminated string in \"\(text)\"") }
                tokens.append(.string(value))
            default:
                if character.isNumber || character == "-" || character == "+" || character == "'" {
                    let start = index
                    index += 1
                    while index < characters.count, !" \t\n|()".contains(characters[index]) { index += 1 }
                    tokens.append(.literal(String(characters[start..<index])))
                } else if isNameCharacter(character) {
                    let word = name()
                    tokens.append(["true", "false", "nil"].contains(word) ? .literal(word) : .identifier(word))
                } else {
                    throw GoTemplateSyntaxError(line: line, message: "unexpected \"\(character)\" in \"\(text)\"")
                }
            }
        }
        return tokens
    }
}
