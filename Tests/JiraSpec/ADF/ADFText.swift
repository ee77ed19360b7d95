/// The text inside an Atlassian Document Format document, for length limits and text search.
public enum ADFText {
    /// Text node characters plus one per `hardBreak`, in UTF-16 units: how the length limit is counted (the same
    /// measure `JiraMarkup` budgets against).
    public static func measuredLength(_ document: SpecJSON) -> Int {
        var length = 0
        walk(document) { node in
            switch node["type"]?.stringValue {
            case "text": length += node["text"]?.stringValue?.utf16.count ?? 0
            case "hardBreak": length += 1
            default: break
            }
        }
        return length
    }

    /// The document's words with blocks and breaks turned into newlines, for `~` searches.
    public static func plainText(_ document: SpecJSON) -> String {
        var text = ""
        walk(document) { node in
            switch node["type"]?.stringValue {
            case "text": text += node["text"]?.stringValue ?? ""
            case "hardBreak", "paragraph", "heading", "codeBlock", "listItem", "tableCell", "tableHeader": text += "\n"
            case "mention", "emoji", "inlineCard":
                text += " " + (node["attrs"]?["text"]?.stringValue ?? node["attrs"]?["url"]?.stringValue ?? "") + " "
            default: break
            }
        }
        return text
    }

    /// Visits every node depth-first (parents before children).
    private static func walk(_ node: SpecJSON, depth: Int = 0, _ visit: (SpecJSON) -> Void) {
        guard depth < 128, node.objectValue != nil else { return }
        visit(node)
        for child in node["content"]?.arrayValue ?? [] {
            walk(child, depth: depth + 1, visit)
        }
    }
}
