import FuzzSupport
import JiraKit
import JiraSpec

/// The JQL escaper: any text, made a string literal by `JQL.string`, must read back as exactly that text under
/// Jira's lexer rules, and lists and text clauses must hold one literal per value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJQL(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    let values = input.textParts
    // An input without NUL is one part, the whole text: escaping it twice would only double the cost.
    for value in values.count > 1 ? values + [input.text] : values {
        let literal = JQL.string(value)
        let parsed = JQLStringLiteral.parse(literal)
        require(parsed == .success(value), "\(value.debugDescription) → \(literal.debugDescription) → \(parsed)")
    }
    let list = JQL.list(values)
    require(JQLStringLiteral.parseList(list) == .success(values), "\(values) → \(list.debugDescription)")
    // A field is a name from the config, not alert text: the first of several parts, cut short, else a custom
    // field. The whole input as the field, repeated once per part, made the clause as long as the input times its
    // parts.
    let field = values.count > 1 ? String(values[0].prefix(64)) : "customfield_10050"
    let searched = values.count > 1 ? Array(values.dropFirst()) : values
    let clause = JQL.text(field: field, containsAnyOf: searched)
    require(textClause(clause, field: field, values: searched), "\(field.debugDescription), \(searched) → \(clause.debugDescription)")
    requireLinear(input) { tiled in _ = JQL.string(String(decoding: tiled, as: UTF8.self)) }
    return 0
}

/// Whether `clause` reads as `(F ~ "v1" OR F ~ "v2" …)`, one literal per value, where F names `field`: `cf[N]` for
/// a custom field's ID (`customfield_` and ASCII digits, as Jira has them), the quoted name for any other field.
private func textClause(_ clause: String, field: String, values: [String]) -> Bool {
    guard case .success(let tokens) = JQLLexer.tokenize(clause) else { return false }
    let number = field.dropFirst("customfield_".count)
    let isCustomField = field.hasPrefix("customfield_") && !number.isEmpty && number.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
    var expected: [(JQLToken.Kind, String)] = [(.leftParen, "(")]
    for (index, value) in values.enumerated() {
        if index > 0 { expected.append((.word, "OR")) }
        expected.append(isCustomField ? (.word, "cf[\(number)]") : (.string, field))
        expected += [(.comparison, "~"), (.string, value)]
    }
    expected += [(.rightParen, ")"), (.end, "")]
    return tokens.count == expected.count && zip(tokens, expected).allSatisfy { $0.kind == $1.0 && $0.text == $1.1 }
}
