import FuzzSupport
import JiraKit
import JiraSpec

/// The JQL escaper: any text, made a string literal by `JQL.string`, must read back as exactly that text under
/// Jira's lexer rules, and lists and text clauses must hold one literal per value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJQL(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    let values = input.textParts
    for value in values + [input.text] {
        let literal = JQL.string(value)
        let parsed = JQLStringLiteral.parse(literal)
        require(parsed == .success(value), "\(value.debugDescription) → \(literal.debugDescription) → \(parsed)")
    }
    let list = JQL.list(values)
    require(JQLStringLiteral.parseList(list) == .success(values), "\(values) → \(list.debugDescription)")
    _ = JQL.text(field: "customfield_10050", containsAnyOf: values)
    _ = JQL.text(field: input.text, containsAnyOf: values)
    requireLinear(input) { tiled in _ = JQL.string(String(decoding: tiled, as: UTF8.self)) }
    return 0
}
