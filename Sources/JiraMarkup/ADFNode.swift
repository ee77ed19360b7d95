import JSON

/// Builds the few Atlassian Document Format nodes a description uses, with Jira's key order and shapes.
///
/// Keeping every node constructor here means the set of nodes and marks this module can emit is visible in one
/// place, and none of them takes anything but plain strings.
///
/// Each node is a copy of a prebuilt template with its variable members replaced: the copy shares the template's
/// keys, so a node costs one small allocation instead of building and searching a fresh object.
enum ADFNode {
    static func document(_ content: [JSONValue]) -> JSONValue {
        filled(documentTemplate, "content", .array(content))
    }

    static func paragraph(_ content: [JSONValue]) -> JSONValue {
        filled(paragraphTemplate, "content", .array(content))
    }

    /// A text node; the caller guarantees `text` is non-empty, as ADF requires.
    static func text(_ text: String) -> JSONValue {
        filled(textTemplate, "text", .string(text))
    }

    static func strong(_ text: String) -> JSONValue {
        ["type": "text", "text": .string(text), "marks": [["type": "strong"]]]
    }

    /// A URL shown as itself and linking to itself.
    static func link(_ url: String) -> JSONValue {
        let href: JSONValue = .string(url)
        let mark = filled(linkMarkTemplate, "attrs", filled(linkAttributesTemplate, "href", href))
        var node = linkTemplate
        node["text"] = href
        node["marks"] = [mark]
        return .object(node)
    }

    static let hardBreak: JSONValue = ["type": "hardBreak"]

    static func bulletList(_ items: [JSONValue]) -> JSONValue {
        filled(bulletListTemplate, "content", .array(items))
    }

    static func listItem(_ content: [JSONValue]) -> JSONValue {
        filled(listItemTemplate, "content", .array(content))
    }

    /// A code block holding `text` verbatim; empty text gives an empty block rather than an empty text node.
    static func codeBlock(language: String, text: String) -> JSONValue {
        let content: [JSONValue] = text.isEmpty ? [] : [Self.text(text)]
        return ["type": "codeBlock", "attrs": ["language": .string(language)], "content": .array(content)]
    }

    private static func filled(_ template: JSONObject, _ key: String, _ value: JSONValue) -> JSONValue {
        var node = template
        node[key] = value
        return .object(node)
    }

    // Placeholders hold each variable member's place, so the key order is the one Jira uses.
    private static let documentTemplate: JSONObject = ["version": 1, "type": "doc", "content": []]
    private static let paragraphTemplate: JSONObject = ["type": "paragraph", "content": []]
    private static let textTemplate: JSONObject = ["type": "text", "text": ""]
    private static let linkTemplate: JSONObject = ["type": "text", "text": "", "marks": []]
    private static let linkMarkTemplate: JSONObject = ["type": "link", "attrs": [:]]
    private static let linkAttributesTemplate: JSONObject = ["href": ""]
    private static let bulletListTemplate: JSONObject = ["type": "bulletList", "content": []]
    private static let listItemTemplate: JSONObject = ["type": "listItem", "content": []]
}
