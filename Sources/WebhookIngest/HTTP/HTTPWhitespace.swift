/// Optional whitespace as HTTP has it around header values and their parts (spaces and tabs).
///
/// Trimmed on UTF-8 bytes: Foundation's `trimmingCharacters` goes through `NSString`, and it ran on
/// every webhook's credentials.
enum HTTPWhitespace {
    static func trimmed(_ text: Substring) -> Substring {
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { !isWhitespace($0) }), let last = bytes.lastIndex(where: { !isWhitespace($0) }) else {
            return text[text.endIndex...]
        }
        return Substring(bytes[first...last])
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }
}
