import JiraMarkup

/// A description made of the input: NUL-separated text, labels (`name=value` lines) and payload. A seed, which
/// has no NUL, is all three at once. A first byte below 8 asks for a length limit (the second byte × 4), so cuts
/// are fuzzed too.
public struct FuzzDescription {
    public let document: DescriptionDocument
    public let maximumLength: Int

    public init(_ input: FuzzInput) {
        var bytes = input.bytes[...]
        if let first = bytes.first, first < 8, bytes.count >= 2 {
            maximumLength = Int(bytes[bytes.startIndex + 1]) * 4
            bytes = bytes.dropFirst(2)
        } else {
            maximumLength = JiraMarkup.maximumDescriptionLength
        }
        let parts = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        let text = parts[0]
        let labelText = parts.count > 1 ? parts[1] : (text.split(separator: "\n").first.map(String.init) ?? "")
        let labels = labelText.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let pair = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (name: String(pair[0]), value: pair.count > 1 ? String(pair[1]) : "")
        }
        let payload = parts.count > 2 ? parts[2] : text
        document = DescriptionDocument(text: text, labels: labels, rawPayload: payload)
    }
}
