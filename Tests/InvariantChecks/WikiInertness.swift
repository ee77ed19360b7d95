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
        let scalars = replacingLinks(Array(text.unicodeScalars))

        // By Unicode scalars rather than by Characters: making each line a String, and reading it by Characters,
        // was a third of the wiki fuzzer's time.
        var inLabels = false
        for rawLine in lines(of: scalars) {
            var line = rawLine
            if line.elementsEqual("*Labels*".unicodeScalars) {
                inLabels = true
                continue
            }
            if inLabels, line.starts(with: "* ".unicodeScalars) {
                line = line.dropFirst(2)
            } else {
                inLabels = false
            }
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if let first = trimmed.first, "*-#|{[!_+^~?".unicodeScalars.contains(first) {
                problems.append("line starts with markup: \(string(rawLine))")
            }
            // Only `h`, `H`, `b` or `B` lowercase to the letter a heading or quote starts with.
            if let first = trimmed.first, "hHbB".unicodeScalars.contains(first), startsWithHeadingOrQuote(Substring(string(trimmed))) {
                problems.append("line starts with a heading or quote: \(string(rawLine))")
            }
            // Jira reads UTF-16, so a prepended or combining scalar never hides the markup character next to it.
            let characters = Array(line)
            for (index, character) in characters.enumerated() {
                let escaped = index > 0 && characters[index - 1] == "\\"
                if isMarkup(character), !escaped {
                    problems.append("unescaped \(character) in: \(string(rawLine))")
                }
                if character == "\\" {
                    let next: Unicode.Scalar = index + 1 < characters.count ? characters[index + 1] : " "
                    if !isEscapable(next) { problems.append("stray backslash in: \(string(rawLine))") }
                }
            }
            // An entity is not an emoticon: Jira matches `(x)` and its kin on the raw text.
            if hasAutolinkOrEmoticon(characters) {
                problems.append("autolink or emoticon in: \(string(rawLine))")
            }
        }
        return problems
    }

    /// The lines, split where Jira starts a new one: at `"\n"`, `"\r\n"` and a lone `"\r"`. A split by Characters
    /// would miss the `"\n"` in `"\r\n"`, which is one Character.
    static func lines(of scalars: [Unicode.Scalar]) -> [ArraySlice<Unicode.Scalar>] {
        var lines: [ArraySlice<Unicode.Scalar>] = []
        var start = 0
        var index = 0
        while index < scalars.count {
            switch scalars[index] {
            case "\n":
                lines.append(scalars[start..<index])
                start = index + 1
            case "\r":
                lines.append(scalars[start..<index])
                if index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
                start = index + 1
            default:
                break
            }
            index += 1
        }
        lines.append(scalars[start...])
        return lines
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        String(String.UnicodeScalarView(scalars))
    }

    // The two line checks are written out rather than as regexes: compiling a Regex per line made the wiki
    // fuzzer run at 60 inputs a second.

    /// Every `\[[^\[\]|\\]*\|(?i:https?)://[^\[\]|\s{}]+\]` (by Unicode scalars) replaced with `&LINK&`. At each `[`
    /// the pattern can match in one way only, so a left-to-right scan finds what the regex finds.
    static func replacingLinks(_ text: String) -> String {
        String(String.UnicodeScalarView(replacingLinks(Array(text.unicodeScalars))))
    }

    static func replacingLinks(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(scalars.count)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "[", let end = linkEnd(scalars, from: index) {
                result += "&LINK&".unicodeScalars
                index = end
            } else {
                result.append(scalars[index])
                index += 1
            }
        }
        return result
    }

    /// The index after the link that starts with the `[` at `start`, if one does.
    private static func linkEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start + 1
        while index < scalars.count, !["[", "]", "|", "\\"].contains(scalars[index]) { index += 1 }
        guard index < scalars.count, scalars[index] == "|" else { return nil }
        index += 1
        func lower(_ offset: Int) -> String? {
            index + offset < scalars.count ? scalars[index + offset].properties.lowercaseMapping : nil
        }
        guard lower(0) == "h", lower(1) == "t", lower(2) == "t", lower(3) == "p" else { return nil }
        index += 4
        if lower(0) == "s" { index += 1 }
        guard index + 2 < scalars.count, scalars[index] == ":", scalars[index + 1] == "/", scalars[index + 2] == "/" else { return nil }
        index += 3
        let targetStart = index
        while index < scalars.count, !["[", "]", "|", "{", "}"].contains(scalars[index]), !scalars[index].properties.isWhitespace { index += 1 }
        guard index > targetStart, index < scalars.count, scalars[index] == "]" else { return nil }
        return index + 1
    }

    /// `{}[]!|`, which must be escaped wherever they appear.
    static func isMarkup(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "{", "}", "[", "]", "!", "|": true
        default: false
        }
    }

    /// What a backslash may escape in Jira's wiki markup.
    static func isEscapable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "*", "_", "?", "-", "+", "^", "~", "{", "}", "[", "]", "!", "|": true
        default: false
        }
    }

    /// `^(?i:h[1-6]|bq)\.`, by Characters as the regex matched: Jira's heading and quote markers.
    static func startsWithHeadingOrQuote(_ line: Substring) -> Bool {
        let characters = Array(line.prefix(3))
        guard characters.count == 3, characters[2] == "." else { return false }
        let first = characters[0].lowercased()
        let second = characters[1]
        return (first == "h" && "123456".contains(second)) || (first == "b" && second.lowercased() == "q")
    }

    /// `[A-Za-z]:[^\s\d]|\([^\s()&]{1,9}\)|;\)`, by Unicode scalars: an autolink scheme, or an emoticon like `(x)`.
    static func hasAutolinkOrEmoticon(_ scalars: [Unicode.Scalar]) -> Bool {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isWhitespace }
        for (index, scalar) in scalars.enumerated() {
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            let isLetter = (0x41...0x5A).contains(scalar.value) || (0x61...0x7A).contains(scalar.value)
            if isLetter, next == ":", index + 2 < scalars.count {
                let after = scalars[index + 2]
                if !isSpace(after), after.properties.numericType == nil { return true }
            }
            if scalar == ";", next == ")" { return true }
            if scalar == "(" {
                var length = 0
                var position = index + 1
                while position < scalars.count, length < 10 {
                    let inside = scalars[position]
                    if inside == ")" { break }
                    if isSpace(inside) || inside == "(" || inside == "&" {
                        length = 10
                        break
                    }
                    length += 1
                    position += 1
                }
                if position < scalars.count, scalars[position] == ")", (1...9).contains(length) { return true }
            }
        }
        return false
    }
}
