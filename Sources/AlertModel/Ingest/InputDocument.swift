import JSON

/// One JSON document read from the input, or the reason it could not be read.
public struct InputDocument: Sendable {
    /// Where the document came from: a file path, or `stdin`.
    public var source: String
    /// 1-based line of the document's first byte in its source.
    public var line: Int
    /// 0-based offset of the document's first byte in its source.
    public var byteOffset: Int
    public var result: Result<JSONValue, InputError>

    public init(source: String, line: Int, byteOffset: Int, result: Result<JSONValue, InputError>) {
        self.source = source
        self.line = line
        self.byteOffset = byteOffset
        self.result = result
    }
}
