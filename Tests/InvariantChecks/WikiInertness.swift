import Foundation

/// Checks that wiki markup produced from alert data can't be anything but literal text in Jira.
///
/// Our own constructs are removed first: `[shown|http(s)://…]` links (the shown part may only hold entities,
/// never raw markup), label items (`* ` lines after `*Labels*`) and the trailing `{noformat}` block. What is
/// left must have no unescaped brace, bracket, bang or pipe, no backslash that isn't escaping one of Jira's
/// special characters, and no line that starts with markup.
public enum WikiInertness {
    public static func problems(in wiki: String) -> [String] {
        var problems: [String] = []
        var text = wiki
        // The standard library's search, by Characters: Foundation's would not find the opening line when
        // the payload starts with a combining mark, which it treats as part of the newline before it.
        if let open = text.firstRange(of: "{noformat}\n") {
            guard text.hasSuffix("\n{noformat}") else { return ["payload block is not closed at the end"] }
            text = String(text[..<open.lowerBound])
        }
        // Our links: the shown text has no raw `[`, `]` or `|`; the target has no `]`, `|`, `[` or space. The
        // stand-in holds no `;` and is fenced by `&`, so brackets around a link, `([…|…])`, don't read as `(x)` or `;)`.
        text = text.replacing(try! Regex(#"\[[^\[\]|\\]*\|(?i:https?)://[^\[\]|\s{}]+\]"#).matchingSemantics(.unicodeScalar), with: "&LINK&")

        var inLabels = false
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            if line == "*Labels*" {
                inLabels = true
                continue
            }
            if inLabels, line.unicodeScalars.starts(with: "* ".unicodeScalars) {
                line = Substring(line.unicodeScalars.dropFirst(2))
            } else {
                inLabels = false
            }
            let trimmed = Substring(line.unicodeScalars.drop(while: { $0 == " " || $0 == "\t" }))
            if let first = trimmed.unicodeScalars.first, "*-#|{[!_+^~?".unicodeScalars.contains(first) {
                problems.append("line starts with markup: \(rawLine)")
            }
            if (try? Regex(#"^(?i:h[1-6]|bq)\."#).firstMatch(in: trimmed)) != nil {
                problems.append("line starts with a heading or quote: \(rawLine)")
            }
            // Jira reads UTF-16, so a prepended or combining scalar never hides the markup character next to it.
            let characters = Array(line.unicodeScalars)
            for (index, character) in characters.enumerated() {
                let escaped = index > 0 && characters[index - 1] == "\\"
                if "{}[]!|".unicodeScalars.contains(character), !escaped {
                    problems.append("unescaped \(character) in: \(rawLine)")
                }
                if character == "\\" {
                    let next: Unicode.Scalar = index + 1 < characters.count ? characters[index + 1] : " "
                    if !"*_?-+^~{}[]!|".unicodeScalars.contains(next) { problems.append("stray backslash in: \(rawLine)") }
                }
            }
            // An entity is not an emoticon: Jira matches `(x)` and its kin on the raw text.
            if (try? Regex(#"[A-Za-z]:[^\s\d]|\([^\s()&]{1,9}\)|;\)"#).matchingSemantics(.unicodeScalar).firstMatch(in: line)) != nil {
                problems.append("autolink or emoticon in: \(rawLine)")
            }
        }
        return problems
    }
}
