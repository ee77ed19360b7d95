import JSON
import JiraSpec

/// Checks that an ADF description built from alert data holds nothing but our own structure, so no alert text
/// can add a node, a mark or a link of its own.
public enum ADFInvariants {
    /// What is wrong with `document`, made by `DescriptionDocument.adf(maximumLength:)`: what ``ADFValidator``
    /// finds, nodes we never write, text content over `maximumLength`, control characters, and any mark but
    /// `strong` on the labels heading and `link` to an http(s) URL. Empty when it is ours.
    ///
    /// The document is judged as Jira sees it: written to text by our writer, read back by JiraSpec's parser.
    public static func problems(in produced: JSONValue, maximumLength: Int) -> [String] {
        let document: SpecJSON
        do {
            document = try SpecJSON.parse(produced.jsonString)
        } catch {
            return ["Jira could not read the document: \(error)"]
        }
        var problems = ADFValidator.validate(document)
        var length = 0
        var stack = [document]
        while let node = stack.popLast() {
            guard let object = node.objectValue else { continue }
            switch object["type"]?.stringValue {
            case "text":
                let text = object["text"]?.stringValue ?? ""
                length += text.utf16.count
                for mark in object["marks"]?.arrayValue ?? [] {
                    switch mark["type"]?.stringValue {
                    case "strong" where text == "Labels": break
                    case "link":
                        let href = mark["attrs"]?["href"]?.stringValue?.lowercased() ?? ""
                        if !(href.hasPrefix("http://") || href.hasPrefix("https://")) { problems.append("link to \(href)") }
                    default: problems.append("mark \(mark.jsonString) on \(text.debugDescription)")
                    }
                }
                if text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) {
                    problems.append("control character in \(text.debugDescription)")
                }
            case "hardBreak": length += 1
            case "doc", "paragraph", "bulletList", "listItem", "codeBlock": break
            case let type: problems.append("node \(type ?? "without a type")")
            }
            stack.append(contentsOf: object["content"]?.arrayValue ?? [])
        }
        if length > maximumLength { problems.append("text content of \(length) UTF-16 units, over \(maximumLength)") }
        return problems
    }
}

extension ADFInvariants {
    /// What Jira would refuse in a document we produced, judged as Jira sees it: written to text by our
    /// writer, read back and validated by JiraSpec, which shares no code with the renderer.
    public static func jiraProblems(_ produced: JSONValue) -> [String] {
        do {
            return ADFValidator.validate(try SpecJSON.parse(produced.jsonString))
        } catch {
            return ["Jira could not read the document: \(error)"]
        }
    }
}
