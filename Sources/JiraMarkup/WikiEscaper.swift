/// Escapes alert text for Jira wiki markup, so alert text can never become markup and a cut can never split an
/// escape.
///
/// The rules, and why each is needed, are on ``WikiMarkup``. The escaper remembers whether the next visible
/// character starts a line (lists, headings, quotes, rules and tables are only markup there) and whether the
/// last piece ended in `;`. Lookahead (for `&`, `(`, `:`, `h1.`, `bq.`) reads the text given to one
/// ``escape(_:of:followedBy:into:)`` call, plus what the caller says follows it.
///
/// It works on UTF-8 bytes: every character a rule looks at is ASCII, so runs of other bytes are copied in one
/// piece and only the special ASCII bytes are looked at one by one. A special byte that shares its Character
/// with a neighbouring scalar (`*` followed by a combining mark, `|` after U+0600) is still escaped: Jira's
/// renderer matches its patterns on UTF-16 units, where that byte is the markup character it looks like.
struct WikiEscaper: Sendable {
    /// How punctuation with meaning is written.
    enum Style: Sendable {
        /// A backslash before it, which Jira honours and a human editing the issue can still read; a numeric
        /// entity when it starts a line.
        case backslash
        /// Always a numeric entity; for link text, where Jira's link parser splits on `|` before it looks at
        /// backslashes.
        case entities
    }

    let style: Style
    /// Whether the next non-whitespace character is the first on its line.
    var atLineStart: Bool
    /// Whether the last piece ended in `;`, by data or by an entity, so a `)` now would make the `;)` emoticon.
    private var afterSemicolon = false
    /// The bytes that may need escaping once a line has started.
    private let special: ASCIISet

    init(style: Style, atLineStart: Bool = true) {
        self.style = style
        self.atLineStart = atLineStart
        special = style == .entities ? Self.specialInLinks : Self.specialInText
    }

    // `#` only means something at a line start, except in link text where everything is an entity.
    private static let specialInText = ASCIISet("\n\\&*_?-+^~{}[]!|():")
    private static let specialInLinks = ASCIISet("\n\\&*_?-+^~{}[]!|():#")

    /// Writes the escaped form of each Character in `range` of `text` to `sink`, in order, until the sink is cut.
    ///
    /// - Parameter following: the ASCII byte the output has right after `range`, when it isn't more escaped text;
    ///   a link written next starts with `[`, and `mailto:` must not run into it.
    /// - Returns: whether every Character was written.
    mutating func escape(
        _ range: Range<Int>,
        of text: UTF8Text,
        followedBy following: UInt8? = nil,
        into sink: inout some EscapedTextSink
    ) -> Bool {
        let end = range.upperBound
        // Characters written unchanged accumulate in `runStart..<position` and go out in one call.
        var runStart = range.lowerBound
        var position = range.lowerBound
        let specialBytes = special
        while position < end {
            if !atLineStart {
                // Everything but the special ASCII bytes is copied as it is once the line has started, including
                // every byte of a non-ASCII scalar.
                while position < end, !specialBytes.contains(text[position]) { position += 1 }
                guard position < end else { break }
            }
            let byte = text[position]
            let firstOnLine: Bool
            if atLineStart {
                // Leading whitespace doesn't stop `  * item` from being a list, so the line start carries over it.
                // One scalar at a time, never a whole Character: a prepended scalar (U+0600) glues the `*` after
                // it into its Character, and Jira, which reads UTF-16, would still see that `*`.
                guard byte < 0x80 else {
                    if !text.scalar(at: position).properties.isWhitespace { atLineStart = false }
                    position += 1
                    while position < end, text[position] & 0xC0 == 0x80 { position += 1 }
                    continue
                }
                if ASCII.isWhitespace(byte) {
                    position += 1
                    continue
                }
                atLineStart = false
                firstOnLine = true
            } else {
                if byte == ASCII.lineFeed {
                    // Always a Character of its own.
                    atLineStart = true
                    position += 1
                    continue
                }
                // Escaped even when a combining mark or a prepended scalar makes it part of a larger Character:
                // Jira's markup patterns match UTF-16 units, so `*\u{301}bold*` is bold there.
                firstOnLine = false
            }

            let lastWasSemicolon = position > runStart ? text[position - 1] == UInt8(ascii: ";") : afterSemicolon
            let piece = piece(
                for: byte,
                at: position,
                in: range,
                of: text,
                following: following,
                firstOnLine: firstOnLine,
                afterSemicolon: lastWasSemicolon
            )
            if piece != .unchanged {
                guard flush(runStart..<position, of: text, into: &sink) else { return false }
                let written = piece == .entity ? sink.appendEntity(byte) : sink.appendBackslashed(byte)
                guard written else { return false }
                afterSemicolon = piece == .entity
                runStart = position + 1
            }
            position += 1
        }
        return flush(runStart..<end, of: text, into: &sink)
    }

    /// Call after writing something that isn't escaped text (a link), which ends the lookbehind.
    mutating func resetLookbehind() {
        afterSemicolon = false
        atLineStart = false
    }

    private mutating func flush(_ run: Range<Int>, of text: UTF8Text, into sink: inout some EscapedTextSink) -> Bool {
        guard !run.isEmpty else { return true }
        guard sink.appendCharacters(run, of: text) else { return false }
        afterSemicolon = text[run.upperBound - 1] == UInt8(ascii: ";")
        return true
    }

    /// How one special ASCII byte is written.
    private enum Piece {
        case unchanged
        case entity
        case backslashed
    }

    /// The piece for an ASCII `byte` that is a Character by itself.
    private func piece(
        for byte: UInt8,
        at position: Int,
        in range: Range<Int>,
        of text: UTF8Text,
        following: UInt8?,
        firstOnLine: Bool,
        afterSemicolon: Bool
    ) -> Piece {
        let next = position + 1
        switch byte {
        case UInt8(ascii: "\\"):
            // A backslash can't escape itself in Jira (`\\` is a line break), so it is always an entity.
            return .entity
        case UInt8(ascii: "&"):
            // Only where it would start an entity (`&amp;`, `&#123;`), so the reader sees what the alert said.
            guard let nextByte = asciiCharacter(at: next, in: range, of: text, following: following),
                ASCII.isAlphanumeric(nextByte) || nextByte == UInt8(ascii: "#")
            else { return .unchanged }
            return .entity
        case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "?"), UInt8(ascii: "-"), UInt8(ascii: "+"),
            UInt8(ascii: "^"), UInt8(ascii: "~"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "!"), UInt8(ascii: "|"):
            return firstOnLine || style == .entities ? .entity : .backslashed
        case UInt8(ascii: "#"):
            // Only a numbered list at the start of a line; `[#anchor]` needs a `[`, which is escaped.
            return firstOnLine || style == .entities ? .entity : .unchanged
        case UInt8(ascii: "("):
            // `(x)`, `(i)`, `(/)`, `(on)`, `(flag)`… are emoticons, which Jira renders as images.
            return closesSoon(after: position, in: range, of: text) ? .entity : .unchanged
        case UInt8(ascii: ":"):
            // `:)`, `:P` are emoticons and `mailto:x`, `file:/x`, `javascript:x` are links to Jira's autolinker.
            // A colon followed by a space or a digit (`Labels: x`, `10:30`) is neither. Both properties are the
            // next Character's first scalar's, so no segmentation is needed.
            if next == range.upperBound {
                guard let following, !ASCII.isWhitespace(following), !ASCII.isDigit(following) else { return .unchanged }
                return .entity
            }
            let nextByte = text[next]
            if nextByte < 0x80 {
                return ASCII.isWhitespace(nextByte) || ASCII.isDigit(nextByte) ? .unchanged : .entity
            }
            let properties = text.scalar(at: next).properties
            return properties.isWhitespace || properties.numericType != nil ? .unchanged : .entity
        case UInt8(ascii: ")"):
            // `;)` is an emoticon, and every entity ends in `;`: `&#58;)` must not wink.
            return afterSemicolon ? .entity : .unchanged
        case UInt8(ascii: "h"), UInt8(ascii: "H"):
            // `h1.` to `h6.` start a heading.
            return firstOnLine && isHeadingLevel(at: next, in: range, of: text) ? .entity : .unchanged
        case UInt8(ascii: "b"), UInt8(ascii: "B"):
            // `bq.` starts a block quote.
            guard firstOnLine, let nextByte = asciiCharacter(at: next, in: range, of: text, following: nil),
                nextByte | 0x20 == UInt8(ascii: "q")
            else { return .unchanged }
            return asciiCharacter(at: next + 1, in: range, of: text, following: nil) == UInt8(ascii: ".") ? .entity : .unchanged
        default:
            return .unchanged
        }
    }

    /// The ASCII byte at `position`, or `following` past the end of `range`; `nil` for a non-ASCII scalar. A
    /// combining mark after the byte does not change it, as it does not for Jira's UTF-16 patterns.
    private func asciiCharacter(at position: Int, in range: Range<Int>, of text: UTF8Text, following: UInt8?) -> UInt8? {
        guard position < range.upperBound else { return position == range.upperBound ? following : nil }
        let byte = text[position]
        return byte < 0x80 ? byte : nil
    }

    /// Whether `1.`…`6.` follows, Character by Character as `("1"..."6").contains(next)` and `== "."` decide:
    /// a Character starting with `1`…`5` is in that range whatever marks follow the digit, but after `6` only
    /// `6` itself is.
    private func isHeadingLevel(at position: Int, in range: Range<Int>, of text: UTF8Text) -> Bool {
        guard position < range.upperBound else { return false }
        let digit = text[position]
        let dot: Int
        if (UInt8(ascii: "1")...UInt8(ascii: "5")).contains(digit) {
            dot = text.characterEnd(from: position)
        } else if digit == UInt8(ascii: "6"), asciiCharacter(at: position, in: range, of: text, following: nil) != nil {
            dot = position + 1
        } else {
            return false
        }
        return asciiCharacter(at: dot, in: range, of: text, following: nil) == UInt8(ascii: ".")
    }

    /// Whether a `)` follows within a few non-space scalars, as in an emoticon. Scalars, not Characters: a mark
    /// on the `)` does not hide it from Jira.
    private func closesSoon(after position: Int, in range: Range<Int>, of text: UTF8Text) -> Bool {
        var offset = position + 1
        var distance = 1
        while offset < range.upperBound, distance <= 10 {
            let byte = text[offset]
            if byte < 0x80 {
                if byte == UInt8(ascii: ")") { return distance > 1 }
                if ASCII.isWhitespace(byte) || byte == UInt8(ascii: "(") { return false }
                offset += 1
            } else {
                if text.scalar(at: offset).properties.isWhitespace { return false }
                offset += 1
                while offset < range.upperBound, text[offset] & 0xC0 == 0x80 { offset += 1 }
            }
            distance += 1
        }
        return false
    }
}
