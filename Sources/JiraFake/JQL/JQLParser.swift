import JiraSpec

/// Parses JQL into a ``JQLQuery``, failing with the messages Jira's parser gives.
struct JQLParser {
    /// Words JQL reserves; unquoted they cannot be field names or values.
    static let reservedWords: Set<String> = [
        "a", "an", "abort", "access", "add", "after", "alias", "all", "alter", "and", "any", "are", "as", "asc", "at", "audit", "avg", "be",
        "before", "begin", "between", "boolean", "break", "but", "by", "byte", "catch", "cf", "char", "character", "check", "checkpoint",
        "collate", "collation", "column", "commit", "connect", "continue", "count", "create", "current", "date", "decimal", "declare",
        "decrement", "default", "defaults", "define", "delete", "delimiter", "desc", "difference", "distinct", "divide", "do", "double",
        "drop", "else", "empty", "encoding", "end", "equals", "escape", "exclusive", "exec", "execute", "exists", "explain", "false",
        "fetch", "file", "field", "first", "float", "for", "from", "function", "go", "goto", "grant", "greater", "group", "having",
        "identified", "if", "immediate", "in", "increment", "index", "initial", "inner", "inout", "input", "insert", "int", "integer",
        "intersect", "intersection", "into", "is", "isempty", "isnull", "join", "last", "left", "less", "like", "limit", "lock", "long",
        "max", "min", "minus", "mode", "modify", "modulo", "more", "multiply", "next", "noaudit", "not", "notin", "nowait", "null", "number",
        "object", "of", "on", "option", "or", "order", "outer", "output", "power", "previous", "prior", "privileges", "public", "raise",
        "raw", "remainder", "rename", "resource", "return", "returns", "revoke", "right", "row", "rowid", "rownum", "rows", "select",
        "session", "set", "share", "size", "sqrt", "start", "strict", "string", "subtract", "sum", "synonym", "table", "then", "to",
        "trans", "transaction", "trigger", "true", "uid", "union", "unique", "update", "user", "validate", "values", "view", "when",
        "whenever", "where", "while", "with",
    ]

    static let operatorList = "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'."

    private let tokens: [JQLToken]
    private var index = 0

    private init(tokens: [JQLToken]) {
        self.tokens = tokens
    }

    static func parse(_ query: String) -> Result<JQLQuery, JQLError> {
        switch JQLLexer.tokenize(query) {
        case .failure(let error):
            return .failure(error)
        case .success(let tokens):
            var parser = JQLParser(tokens: tokens)
            do {
                return .success(try parser.query())
            } catch {
                return .failure(error)
            }
        }
    }

    private var current: JQLToken { tokens[index] }

    private mutating func advance() -> JQLToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private mutating func query() throws(JQLError) -> JQLQuery {
        var condition: JQLExpression?
        if current.kind != .end, !current.isKeyword("order") {
            condition = try orExpression()
        }
        var orderBy: [JQLQuery.OrderItem] = []
        if current.isKeyword("order") {
            _ = advance()
            guard current.isKeyword("by") else {
                throw current.kind == .end
                    ? .syntax("Expecting 'by' before the end of the query.", at: nil)
                    : .syntax("Expecting 'by' but got '\(current.display)'.", at: current.position)
            }
            _ = advance()
            repeat {
                if current.kind == .comma { _ = advance() }
                guard current.kind == .word || current.kind == .string else {
                    throw current.kind == .end
                        ? .syntax("Expecting a field name before the end of the query.", at: nil)
                        : .syntax("Expecting a field name but got '\(current.display)'.", at: current.position)
                }
                let field = advance()
                var descending = false
                if current.isKeyword("desc") || current.isKeyword("asc") {
                    descending = advance().isKeyword("desc")
                }
                orderBy.append(JQLQuery.OrderItem(field: field.text, descending: descending, position: field.position))
            } while current.kind == .comma
        }
        guard current.kind == .end else {
            if current.kind == .rightParen { throw .syntax("Expecting either 'OR' or 'AND' but got ')'.", at: current.position) }
            throw .syntax("Expecting either 'OR' or 'AND' but got '\(current.display)'.", at: current.position)
        }
        return JQLQuery(condition: condition, orderBy: orderBy)
    }

    private var atOr: Bool { current.kind == .orSymbol || current.isKeyword("or") }
    private var atAnd: Bool { current.kind == .andSymbol || current.isKeyword("and") }

    private mutating func orExpression() throws(JQLError) -> JQLExpression {
        var terms = [try andExpression()]
        while atOr {
            _ = advance()
            terms.append(try andExpression())
        }
        return terms.count == 1 ? terms[0] : .or(terms)
    }

    private mutating func andExpression() throws(JQLError) -> JQLExpression {
        var terms = [try notExpression()]
        while atAnd {
            _ = advance()
            terms.append(try notExpression())
        }
        return terms.count == 1 ? terms[0] : .and(terms)
    }

    private mutating func notExpression() throws(JQLError) -> JQLExpression {
        if current.kind == .notSymbol || current.isKeyword("not") {
            _ = advance()
            return .not(try notExpression())
        }
        if current.kind == .leftParen {
            _ = advance()
            let inner = try orExpression()
            guard current.kind == .rightParen else {
                throw current.kind == .end
                    ? .syntax("Expecting ')' before the end of the query.", at: nil)
                    : .syntax("Expecting ')' but got '\(current.display)'.", at: current.position)
            }
            _ = advance()
            return inner
        }
        return .clause(try clause())
    }

    private mutating func clause() throws(JQLError) -> JQLClause {
        let field = current
        switch field.kind {
        case .word:
            if Self.reservedWords.contains(field.text.lowercased()) {
                throw .syntax(
                    "'\(field.text)' is a reserved JQL word. You must surround it in quotation marks to use it in a query.",
                    at: field.position
                )
            }
        case .string:
            break
        case .end:
            throw .syntax("Expecting a field name before the end of the query.", at: nil)
        default:
            throw .syntax("Expecting a field name but got '\(field.display)'.", at: field.position)
        }
        _ = advance()
        let op = try operatorToken()
        let operand: JQLOperand
        switch op {
        case "in", "not in":
            operand = try list()
        case "is", "is not":
            guard current.isKeyword("empty") || current.isKeyword("null") else {
                throw current.kind == .end
                    ? .syntax("Expecting 'EMPTY' before the end of the query.", at: nil)
                    : .syntax("Expecting 'EMPTY' but got '\(current.display)'.", at: current.position)
            }
            _ = advance()
            operand = .empty
        default:
            operand = try singleOperand()
        }
        return JQLClause(field: field.text, fieldPosition: field.position, op: op, operand: operand)
    }

    private mutating func operatorToken() throws(JQLError) -> String {
        let token = current
        if token.kind == .comparison {
            _ = advance()
            return token.text
        }
        if token.isKeyword("in") {
            _ = advance()
            return "in"
        }
        if token.isKeyword("is") {
            _ = advance()
            if current.isKeyword("not") {
                _ = advance()
                return "is not"
            }
            return "is"
        }
        if token.isKeyword("not"), tokens[min(index + 1, tokens.count - 1)].isKeyword("in") {
            _ = advance()
            _ = advance()
            return "not in"
        }
        if token.kind == .end { throw .syntax("Expecting operator before the end of the query. \(Self.operatorList)", at: nil) }
        throw .syntax("Expecting operator but got '\(token.display)'. \(Self.operatorList)", at: token.position)
    }

    private mutating func singleOperand() throws(JQLError) -> JQLOperand {
        let token = current
        switch token.kind {
        case .string:
            _ = advance()
            return .value(JQLLiteral(text: token.text, quoted: true, position: token.position))
        case .word:
            if token.isKeyword("empty") || token.isKeyword("null") {
                _ = advance()
                return .empty
            }
            if Self.reservedWords.contains(token.text.lowercased()) {
                throw .syntax(
                    "Expecting either a value, list or function but got '\(token.text)'. You must surround '\(token.text)' in quotation marks to use it as a value.",
                    at: token.position
                )
            }
            _ = advance()
            if current.kind == .leftParen {
                _ = advance()
                while current.kind != .rightParen {
                    guard current.kind != .end else { throw .syntax("Expecting ')' before the end of the query.", at: nil) }
                    _ = advance()
                }
                _ = advance()
                return .function(name: token.text, position: token.position)
            }
            return .value(JQLLiteral(text: token.text, quoted: false, position: token.position))
        case .end:
            throw .syntax("Expecting either a value, list or function before the end of the query.", at: nil)
        default:
            throw .syntax("Expecting either a value, list or function but got '\(token.display)'.", at: token.position)
        }
    }

    private mutating func list() throws(JQLError) -> JQLOperand {
        guard current.kind == .leftParen else {
            if current.kind == .word, !Self.reservedWords.contains(current.text.lowercased()) {
                let function = try singleOperand()
                if case .function = function { return function }
            }
            throw current.kind == .end
                ? .syntax("Expecting either a value, list or function before the end of the query.", at: nil)
                : .syntax("Expecting '(' but got '\(current.display)'.", at: current.position)
        }
        _ = advance()
        var values: [JQLLiteral] = []
        while true {
            switch try singleOperand() {
            case .value(let literal): values.append(literal)
            case .empty: values.append(JQLLiteral(text: "", quoted: false, position: current.position))
            case .function(let name, let position): values.append(JQLLiteral(text: name + "()", quoted: false, position: position))
            case .list: break
            }
            if current.kind == .comma {
                _ = advance()
                continue
            }
            guard current.kind == .rightParen else {
                throw current.kind == .end
                    ? .syntax("Expecting ')' before the end of the query.", at: nil)
                    : .syntax("Expecting ',' or ')' but got '\(current.display)'.", at: current.position)
            }
            _ = advance()
            return .list(values)
        }
    }
}
