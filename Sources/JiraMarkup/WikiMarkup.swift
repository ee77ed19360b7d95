/// Jira wiki markup escaping, so alert text shows up in Jira Data Center exactly as the alert said it.
///
/// Jira's notation gives meaning to `* _ ? - + ^ ~ { } [ ] ! | #`, to `\`, to `&` (entities), to emoticons such
/// as `:)` or `(x)`, to URLs it links by itself, and to `h1.`…`h6.`, `bq.`, `----`, `*`/`-`/`#` lists and
/// `|`/`||` tables at the start of a line. Escaping, chosen for robustness first and readability second:
///
/// | In the data | Written as | Why |
/// |---|---|---|
/// | `* _ ? - + ^ ~ { } [ ] ! \|` inside a line | `\*`, `\{`, … | Jira honours the backslash and it stays readable |
/// | one of those, or `#`, first on a line (after spaces) | `&#42;`, `&#35;`, … | at a line start a numeric entity can't form a list, table, rule or quote, whatever Jira's line parser does with backslashes |
/// | `\` | `&#92;` | Jira can't escape a backslash (`\\` is a line break), and a data backslash must not escape our next character |
/// | `&` before a letter, digit or `#` | `&#38;` | `&amp;` in an alert must not turn into `&` |
/// | `h`/`b` of `h1.`–`h6.` / `bq.` first on a line | `&#104;`, `&#98;` | keeps headings and quotes from forming |
/// | `(` closed by `)` within a few non-space characters | `&#40;` | emoticons `(x)`, `(i)`, `(on)`… are images |
/// | `:` before a character that is not a space or digit | `&#58;` | emoticons `:)` `:P`, and `mailto:`, `file:`, `javascript:` autolinks |
/// | `)` right after a `;` (from the data or ending an entity) | `&#41;` | the `;)` emoticon, which `&#58;)` would otherwise contain |
/// | everything else, including non-ASCII | itself | |
///
/// The output never contains `\\` and every backslash in it is followed by one of the characters above, so
/// nothing from the data can combine with what follows. Newlines are kept: in Jira a single newline is already
/// a line break, and line-start rules apply again after it. Control characters are cleaned as described on
/// ``JiraMarkup``.
public enum WikiMarkup {
    /// `text` escaped so that Jira renders it literally.
    public static func escape(_ text: String) -> String {
        UTF8Text.withBytes(of: TextSanitizer.clean(text)) { text in
            var output: [UInt8] = []
            output.reserveCapacity(text.count + text.count / 8 + 16)
            var escaper = WikiEscaper(style: .backslash)
            _ = escaper.escape(0..<text.count, of: text, into: &output)
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// ``JiraMarkup/truncationMarker`` as wiki markup.
    static let escapedTruncationMarker = escape(JiraMarkup.truncationMarker)

    /// Writes `[url|url]` for the URL at `range` of `text`, with the shown URL escaped and the target made safe
    /// for the link syntax.
    ///
    /// Characters that would end or split the link (`[`, `]`, `|`, space, `{`, `}`) are percent-encoded in the
    /// target, which leaves its meaning unchanged for the browser. They are all ASCII, so bytes are enough.
    static func appendLink(_ range: Range<Int>, of text: UTF8Text, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "["))
        var escaper = WikiEscaper(style: .entities, atLineStart: false)
        _ = escaper.escape(range, of: text, into: &output)
        output.append(UInt8(ascii: "|"))
        var runStart = range.lowerBound
        for offset in range {
            let encoded: StaticString
            switch text[offset] {
            case UInt8(ascii: "["): encoded = "%5B"
            case UInt8(ascii: "]"): encoded = "%5D"
            case UInt8(ascii: "|"): encoded = "%7C"
            case UInt8(ascii: " "): encoded = "%20"
            case UInt8(ascii: "{"): encoded = "%7B"
            case UInt8(ascii: "}"): encoded = "%7D"
            default: continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: text.bytes[runStart..<offset]))
            encoded.withUTF8Buffer { output.append(contentsOf: $0) }
            runStart = offset + 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: text.bytes[runStart..<range.upperBound]))
        output.append(UInt8(ascii: "]"))
    }

    /// `text` with every `{noformat` (any letter case) broken by a zero-width space after the brace.
    ///
    /// Inside a `{noformat}` block Jira shows everything literally, backslashes and entities included, so the
    /// only way to keep a payload from closing the block early is to change the closing tag itself. U+200B is
    /// invisible, so the payload still reads the same, and `{<U+200B>noformat}` is no longer a tag.
    static func neutralizeNoformat(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "{")) else { return text }
        return UTF8Text.withBytes(of: text) { text in
            var output: [UInt8] = []
            output.reserveCapacity(text.count + 16)
            appendNeutralizingNoformat(text.bytes, to: &output)
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// Appends `payload` as ``neutralizeNoformat(_:)`` would return it, copying between the tags in bulk.
    static func appendNeutralizingNoformat(_ payload: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        let tag: StaticString = "noformat"
        let tagLength = tag.utf8CodeUnitCount
        var runStart = 0
        for offset in payload.indices where payload[offset] == UInt8(ascii: "{") && offset + tagLength < payload.count {
            // ASCII case folding: the tag is all letters, so `| 0x20` only matches their upper and lower case.
            var matches = true
            for tagOffset in 0..<tagLength where payload[offset + 1 + tagOffset] | 0x20 != tag.utf8Start[tagOffset] {
                matches = false
                break
            }
            guard matches else { continue }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: payload[runStart...offset]))
            output.append(contentsOf: "\u{200B}".utf8)
            runStart = offset + 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: payload[runStart...]))
    }
}
