import JSON

/// Why input could not be read as alert documents; each case names where, and says what to do.
public enum InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input held nothing but whitespace.
    case empty(source: String)
    /// A document is not valid JSON.
    case syntax(source: String, JSONSyntaxError)
    /// A document is larger than the configured limit; it was skipped without being buffered.
    case tooLarge(source: String, line: Int, byteOffset: Int, limit: Int)
    /// A document is valid JSON but not an object, so it cannot be an alert payload.
    case notAnObject(source: String, line: Int, kind: String)
    /// The input could not be read at all (a missing file, a read error).
    case unreadable(source: String, reason: String)
    /// `--format` forced a format that this document does not have.
    case wrongFormat(source: String, line: Int, format: String, reason: String)
    /// The document has a format's identifying fields but not the rest of what that format needs.
    case undecodable(source: String, line: Int, format: String, reason: String)

    public var description: String {
        switch self {
        case .empty(let source):
            "\(source): no input: expected a JSON alert payload, a JSON array of payloads, or NDJSON (one payload per line)"
        case .syntax(let source, let error):
            "\(source):\(error.line):\(error.column): invalid JSON at byte \(error.byteOffset): \(error.message)"
        case .tooLarge(let source, let line, let byteOffset, let limit):
            "\(source):\(line): document at byte \(byteOffset) is larger than the \(Self.formatSize(limit)) limit; "
                + "it was skipped (raise --max-document-size if this payload is legitimate)"
        case .notAnObject(let source, let line, let kind):
            "\(source):\(line): document is a JSON \(kind), expected an object (an alert payload)"
        case .unreadable(let source, let reason):
            "\(source): cannot read input: \(reason)"
        case .wrongFormat(let source, let line, let format, let reason):
            "\(source):\(line): the document is not in the \(format) format: \(reason) (drop --format to detect the format automatically)"
        case .undecodable(let source, let line, let format, let reason):
            "\(source):\(line): the document looks like \(format) but cannot be read as one: \(reason)"
        }
    }

    static func formatSize(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
