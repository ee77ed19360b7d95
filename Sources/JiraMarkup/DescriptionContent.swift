/// A ``DescriptionDocument`` cleaned and split into paragraphs, lines and links, shared by both renderers.
///
/// Parsing once, before either format is produced, keeps ADF and wiki markup in agreement about what is a
/// paragraph and what is a link, and means the renderers never see a control character.
struct DescriptionContent: Sendable {
    /// The cleaned text, then each cleaned `name: value` label on a line of its own; every span points into it.
    ///
    /// One string for everything keeps spans to plain offsets. The newlines between the parts change nothing:
    /// a Character never spans a newline, so each part splits into the same Characters as it would alone.
    let source: String
    /// The spans of every paragraph, then of every label.
    let spans: [InlineSpan]
    /// Each paragraph's spans in ``spans``, lines separated by ``InlineSpan/lineBreak``; never empty.
    let paragraphs: [Range<Int>]
    /// Each label's spans in ``spans``, on one line; never empty.
    let labels: [Range<Int>]
    /// The payload without trailing newlines, or `nil` when there is nothing to show.
    let payload: String?

    init(_ document: DescriptionDocument) {
        let (source, labelLines) = Self.source(text: TextSanitizer.clean(document.text), labels: document.labels)
        self.source = source
        let textEnd = labelLines.first.map { $0.lowerBound - 1 } ?? source.utf8.count

        var spans: [InlineSpan] = []
        spans.reserveCapacity(16 + 2 * labelLines.count)
        var paragraphs: [Range<Int>] = []
        var labels: [Range<Int>] = []
        labels.reserveCapacity(labelLines.count)
        UTF8Text.withBytes(of: source) { text in
            paragraphs = Self.paragraphs(in: 0..<textEnd, of: text, spans: &spans)
            for line in labelLines {
                let start = spans.count
                LinkDetector.appendSpans(in: line, of: text, to: &spans)
                labels.append(start..<spans.count)
            }
        }
        self.spans = spans
        self.paragraphs = paragraphs
        self.labels = labels

        guard var payload = document.rawPayload.map(TextSanitizer.clean) else {
            self.payload = nil
            return
        }
        // A newline is always a Character of its own, so trailing ones can be dropped as bytes.
        let trailingNewlines = payload.utf8.reversed().prefix { $0 == ASCII.lineFeed }.count
        if trailingNewlines > 0 {
            payload = String(payload[..<payload.utf8.index(payload.endIndex, offsetBy: -trailingNewlines)])
        }
        self.payload = payload.isEmpty ? nil : payload
    }

    /// `text`, then a newline and the cleaned `name: value` of each label, built in one buffer; and where each
    /// label is in it.
    private static func source(text: String, labels: [DescriptionDocument.Label]) -> (String, [Range<Int>]) {
        guard !labels.isEmpty else { return (text, []) }
        var lines: [Range<Int>] = []
        lines.reserveCapacity(labels.count)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(labels.reduce(text.utf8.count) { $0 + $1.name.utf8.count + $1.value.utf8.count + 3 })
        bytes.append(contentsOf: text.utf8)
        for label in labels {
            bytes.append(ASCII.lineFeed)
            let start = bytes.count
            // Cleaning each part is cleaning `name: value`: no `\r\n` pair can form across ": ".
            bytes.append(contentsOf: TextSanitizer.cleanSingleLine(label.name).utf8)
            bytes.append(contentsOf: ": ".utf8)
            bytes.append(contentsOf: TextSanitizer.cleanSingleLine(label.value).utf8)
            lines.append(start..<bytes.count)
        }
        return (String(decoding: bytes, as: UTF8.self), lines)
    }

    /// Splits the text in `range` into paragraphs, appending their spans to `spans`.
    private static func paragraphs(in range: Range<Int>, of text: UTF8Text, spans: inout [InlineSpan]) -> [Range<Int>] {
        var paragraphs: [Range<Int>] = []
        var paragraphStart: Int?
        var lineStart = range.lowerBound
        while lineStart <= range.upperBound {
            var lineEnd = lineStart
            while lineEnd < range.upperBound, text[lineEnd] != ASCII.lineFeed { lineEnd += 1 }
            let line = lineStart..<lineEnd
            lineStart = lineEnd + 1
            // A line of spaces looks blank to the reader, so it separates paragraphs like an empty one.
            if isBlank(line, of: text) {
                if let start = paragraphStart { paragraphs.append(start..<spans.count) }
                paragraphStart = nil
                continue
            }
            if paragraphStart == nil {
                paragraphStart = spans.count
            } else {
                spans.append(.lineBreak)
            }
            LinkDetector.appendSpans(in: line, of: text, to: &spans)
        }
        if let start = paragraphStart { paragraphs.append(start..<spans.count) }
        return paragraphs
    }

    /// Whether every Character of `line` is whitespace, as `Character.isWhitespace` (its first scalar) says.
    ///
    /// Scalars decide almost every line. When all are whitespace, so is the first scalar of every Character. An
    /// ASCII scalar after nothing but whitespace starts a Character (only a prepended scalar, which is never
    /// whitespace, could take it in), and so does any scalar first on the line. Only a non-ASCII one after
    /// whitespace may be a mark on it (` \u{301}` is a whitespace Character), and there Characters decide.
    private static func isBlank(_ line: Range<Int>, of text: UTF8Text) -> Bool {
        var offset = line.lowerBound
        while offset < line.upperBound {
            let byte = text[offset]
            if byte < 0x80 {
                guard ASCII.isWhitespace(byte) else { return false }
                offset += 1
                continue
            }
            let scalar = text.scalar(at: offset)
            guard scalar.properties.isWhitespace else {
                // First on the line, it starts a Character of its own, so the line isn't blank.
                return offset > line.lowerBound && text.substring(line).allSatisfy(\.isWhitespace)
            }
            offset += UTF8.width(scalar)
        }
        return true
    }
}
