import JSON

/// A document's bytes as framed by ``DocumentReader``, not yet parsed: what lets parsing run on
/// every core while one thread reads the input.
public struct UnparsedDocument: Sendable {
    public var source: String
    public var line: Int
    /// Column of the document's first byte, so parse errors point into the original input.
    public var column: Int
    public var byteOffset: Int
    public var content: Result<[UInt8], InputError>

    /// The document's length in bytes; 0 when it could not be read.
    public var byteCount: Int {
        if case .success(let bytes) = content { return bytes.count }
        return 0
    }

    public init(source: String, line: Int, column: Int, byteOffset: Int, content: Result<[UInt8], InputError>) {
        self.source = source
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
        self.content = content
    }

    /// Parses the bytes, with error positions relative to the whole input.
    public func parsed() -> InputDocument {
        let result: Result<JSONValue, InputError>
        switch content {
        case .failure(let error):
            result = .failure(error)
        case .success(let bytes):
            do throws(JSONSyntaxError) {
                result = .success(try JSONParser.parse(bytes))
            } catch {
                result = .failure(.syntax(source: source, error.shifted(lines: line - 1, bytes: byteOffset, column: column)))
            }
        }
        return InputDocument(source: source, line: line, byteOffset: byteOffset, result: result)
    }
}
