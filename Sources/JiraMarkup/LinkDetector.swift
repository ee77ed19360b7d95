/// Finds the `http`/`https` URLs in a line of alert text, the only text that may become a link.
///
/// Only these two schemes are recognised so that `javascript:`, `data:` or `file:` in an alert can never turn
/// into something clickable. The end of a URL follows the usual autolink heuristic: it stops at whitespace and
/// at characters that can't appear unencoded in a URL, and trailing sentence punctuation (`.`, `,`, `;`, `:`,
/// `!`, `?`, quotes, and `)`/`]` without a matching opener inside the URL) is left to the text.
///
/// The rules are about Characters, but the scan reads bytes: in ASCII every byte is a Character, and where a
/// non-ASCII scalar is next to one, ``UTF8Text`` says where Characters begin and end. That matters because a
/// prepended scalar can swallow the `h` of a scheme, and `Character` equality is canonical equivalence (U+1FEF
/// GREEK VARIA is a backtick). A Character with whitespace or a delimiter anywhere in it ends a URL.
enum LinkDetector {
    /// Appends the text and link spans of one line (no `\n`) of `text`; text spans are never empty.
    static func appendSpans(in line: Range<Int>, of text: UTF8Text, to spans: inout [InlineSpan]) {
        // Cheap pre-check: no "://" means no URL, and most lines have none.
        guard line.count >= 8, containsSchemeSeparator(line, of: text) else {
            if !line.isEmpty { spans.append(.text(line)) }
            return
        }
        var textStart = line.lowerBound
        var position = line.lowerBound
        while position < line.upperBound {
            guard text[position] | 0x20 == UInt8(ascii: "h"), let end = urlEnd(in: line, of: text, at: position) else {
                position += 1
                continue
            }
            if textStart < position { spans.append(.text(textStart..<position)) }
            spans.append(.link(position..<end))
            position = end
            textStart = end
        }
        if textStart < line.upperBound { spans.append(.text(textStart..<line.upperBound)) }
    }

    private static func containsSchemeSeparator(_ line: Range<Int>, of text: UTF8Text) -> Bool {
        guard line.count >= 3 else { return false }
        for offset in line.lowerBound..<line.upperBound - 2 where text[offset] == UInt8(ascii: ":") {
            if text[offset + 1] == UInt8(ascii: "/"), text[offset + 2] == UInt8(ascii: "/") { return true }
        }
        return false
    }

    /// The end of the URL starting at `start` (an `h` or `H` byte), or `nil` when none starts there.
    private static func urlEnd(in line: Range<Int>, of text: UTF8Text, at start: Int) -> Int? {
        // The `h` must be a Character by itself: a mark after it, or a prepended scalar before it, makes another.
        guard text.isCharacterBoundary(start), text.isCharacterBoundary(start + 1) else { return nil }
        // `xhttp://` is part of a word, not a URL.
        if start > line.lowerBound, ASCII.isAlphanumeric(text[start - 1]),
            start - 1 == line.lowerBound || text.isCharacterBoundary(start - 1)
        {
            return nil
        }
        guard let schemeLength = schemeLength(in: line, of: text, at: start) else { return nil }
        let hostStart = start + schemeLength
        // A URL needs a host; `https://` alone or `https://.` stays text. Checking before scanning also keeps
        // a line of failed candidates linear: a URL that starts well always ends up a link.
        guard hostStart < line.upperBound, startsHost(at: hostStart, of: text) else { return nil }
        var parentheses = BracketBalance()
        var brackets = BracketBalance()
        var cursor = CharacterCursor(text, at: hostStart)
        var end = hostStart
        while end < line.upperBound {
            cursor.advance()
            let next = cursor.offset
            if next == end + 1, text[end] < 0x80 {
                let byte = text[end]
                if urlDelimiters.contains(byte) { break }
                parentheses.count(byte, opening: UInt8(ascii: "("), closing: UInt8(ascii: ")"))
                brackets.count(byte, opening: UInt8(ascii: "["), closing: UInt8(ascii: "]"))
            } else if endsURL(end..<next, of: text) {
                break
            }
            end = next
        }
        return trimTrailingPunctuation(of: text, from: hostStart, to: end, parentheses: parentheses, brackets: brackets)
    }

    /// 7 for `http://`, 8 for `https://` (any letter case), each byte a Character by itself; else `nil`.
    private static func schemeLength(in line: Range<Int>, of text: UTF8Text, at start: Int) -> Int? {
        guard matches("http", in: line, of: text, at: start) else { return nil }
        var offset = start + 4
        if offset < line.upperBound, ASCII.lowercased(text[offset]) == UInt8(ascii: "s") { offset += 1 }
        guard matches("://", in: line, of: text, at: offset) else { return nil }
        // Between ASCII bytes there is always a Character boundary, but a mark could join the last `/`.
        return text.isCharacterBoundary(offset + 3) ? offset + 3 - start : nil
    }

    /// Whether `literal` (lowercase ASCII) is at `offset`, in any letter case.
    private static func matches(_ literal: StaticString, in line: Range<Int>, of text: UTF8Text, at offset: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard offset + length <= line.upperBound else { return false }
        for index in 0..<length where ASCII.lowercased(text[offset + index]) != literal.utf8Start[index] { return false }
        return true
    }

    /// Whether the Character at `offset` may start a host: a letter, a digit (of any script) or `[`.
    private static func startsHost(at offset: Int, of text: UTF8Text) -> Bool {
        let byte = text[offset]
        if byte == UInt8(ascii: "[") { return text.isASCIICharacter(at: offset) }
        if byte < 0x80 { return ASCII.isAlphanumeric(byte) }
        let properties = text.scalar(at: offset).properties
        return properties.isAlphabetic || properties.numericType != nil
    }

    /// Whitespace, and what is never valid unencoded in a URL and would break out of a wiki link.
    private static let urlDelimiters = ASCIISet("\t\n\u{0B}\u{0C}\r \"<>`{}|\\^")

    /// Whether a Character that isn't a single ASCII byte ends a URL: when any scalar in it is whitespace, a
    /// delimiter, U+FFFD (a sanitized control character) or U+1FEF (canonically a backtick). Any scalar, not
    /// just the first: a prepended U+0600 glues the space after it into its Character, and a URL must still
    /// stop there.
    private static func endsURL(_ character: Range<Int>, of text: UTF8Text) -> Bool {
        var offset = character.lowerBound
        while offset < character.upperBound {
            let byte = text[offset]
            if byte < 0x80 {
                if urlDelimiters.contains(byte) { return true }
                offset += 1
                continue
            }
            let scalar = text.scalar(at: offset)
            if scalar.properties.isWhitespace || scalar == TextSanitizer.replacement || scalar == "\u{1FEF}" { return true }
            offset += UTF8.width(scalar)
        }
        return false
    }

    /// How many more closing than opening parentheses (or brackets) a URL has, so a closing one is only trimmed
    /// when it has no opener inside the URL.
    private struct BracketBalance {
        private(set) var unmatchedClosing = 0

        mutating func count(_ byte: UInt8, opening: UInt8, closing: UInt8) {
            if byte == opening { unmatchedClosing -= 1 }
            if byte == closing { unmatchedClosing += 1 }
        }

        /// Takes a trailing closer off the URL if it is unmatched.
        mutating func trim() -> Bool {
            guard unmatchedClosing > 0 else { return false }
            unmatchedClosing -= 1
            return true
        }
    }

    private static func trimTrailingPunctuation(
        of text: UTF8Text,
        from start: Int,
        to end: Int,
        parentheses: BracketBalance,
        brackets: BracketBalance
    ) -> Int {
        var parentheses = parentheses
        var brackets = brackets
        var end = end
        while end > start {
            let last = text.characterStart(before: end, notBefore: start)
            let trimmed: Bool
            if last == end - 1, text[last] < 0x80 {
                switch text[last] {
                case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "!"),
                    UInt8(ascii: "?"), UInt8(ascii: "'"), UInt8(ascii: "*"):
                    trimmed = true
                case UInt8(ascii: ")"):
                    trimmed = parentheses.trim()
                case UInt8(ascii: "]"):
                    trimmed = brackets.trim()
                default:
                    trimmed = false
                }
            } else {
                // `。`, `、`, `」` and friends end a sentence in CJK text just as `.` does; like any Character
                // property, this one is its first scalar's.
                trimmed = isPunctuation(text.scalar(at: last))
            }
            guard trimmed else { return end }
            end = last
        }
        return end
    }

    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            true
        default:
            false
        }
    }
}
