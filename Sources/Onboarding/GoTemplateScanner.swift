import Foundation

/// Splits template text into text and actions, applying Go's `{{-` and `-}}` whitespace trimming and
/// dropping comments.
enum GoTemplateScanner {
    enum Item {
        case text(String)
        case action(String, line: Int)
    }

    static func scan(_ text: String, firstLine: Int) throws(GoTemplateSyntaxError) -> [Item] {
        let characters = Array(text)
        var items: [Item] = []
        var pending = ""
        var line = firstLine
        var index = 0
        var trimNextText = false
        func flushText() {
            if trimNextText {
                pending = String(pending.drop { $0.isWhitespace })
                trimNextText = false
            }
            if !pending.isEmpty { items.append(.text(pending)) }
            pending = ""
        }
        while index < characters.count {
            guard characters[index] == "{", index + 1 < characters.count, characters[index + 1] == "{" else {
                if characters[index] == "\n" { line += 1 }
                pending.append(characters[index])
                index += 1
                continue
            }
            let actionLine = line
            var start = index + 2
            // `{{-` trims only when followed by whitespace: `{{-3}}` is the number -3.
            if start + 1 < characters.count, characters[start] == "-", characters[start + 1].isWhitespace {
                if trimNextText {
                    pending = String(pending.drop { $0.isWhitespace })
                    trimNextText = false
                }
                while let last = pending.last, last.isWhitespace { pending.removeLast() }
                start += 1
            }
            flushText()
            var end = start
            var quote: Character?
            var inComment = false
            while end < characters.count {
                let character = characters[end]
                if character == "\n" { line += 1 }
                if inComment {
                    if character == "*", end + 1 < characters.count, characters[end + 1] == "/" {
                        inComment = false
                        end += 1
                    }
                } else if let open = quote {
                    if character == "\\", open != "`" {
                        end += 1
                    } else if character == open {
                        quote = nil
                    }
                } else if character == "\"" || character == "`" || character == "'" {
                    quote = character
                } else if character == "/", end + 1 < characters.count, characters[end + 1] == "*" {
                    inComment = true
                    end += 1
                } else if character == "}", end + 1 < characters.count, characters[end + 1] == "}" {
                    break
                }
                end += 1
            }
            guard end < characters.count else {
                throw GoTemplateSyntaxError(line: actionLine, message: "unclosed action \"{{\"; close it with }}")
            }
            var contentEnd = end
            if contentEnd - 1 >= start, characters[contentEnd - 1] == "-", contentEnd - 2 >= start, characters[contentEnd - 2].isWhitespace {
                contentEnd -= 1
                trimNextText = true
            }
            let content = String(characters[start..<contentEnd]).trimmingCharacters(in: .whitespacesAndNewlines)
            if !(content.hasPrefix("/*") && content.hasSuffix("*/")) {
                items.append(.action(content, line: actionLine))
            }
            index = end + 2
        }
        flushText()
        return items
    }
}
