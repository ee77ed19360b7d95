import Glibc
import JSON

/// Splits a byte stream into JSON documents without loading the stream whole.
///
/// Accepts one JSON document, a JSON array of documents, NDJSON (one document per line) or documents
/// simply concatenated. Memory stays bounded by the largest single document (capped by
/// ``maximumDocumentSize``), so a 1 GB NDJSON file streams through in a fixed-size buffer.
///
/// A broken document is reported with its line and byte offset and the reader carries on with the next
/// one wherever the framing allows it: always in NDJSON, between array elements whose brackets balance,
/// and in concatenated input as long as brackets balance.
public struct DocumentReader: IteratorProtocol, Sequence, Sendable {
    public static let defaultMaximumDocumentSize = 32 << 20

    private enum Mode {
        case start
        case array(expectingElement: Bool)
        case lines
        case concatenated
        case done
    }

    private let source: String
    private let fileDescriptor: Int32?
    private let maximumDocumentSize: Int

    private var buffer: [UInt8]
    /// Where `read(2)` puts each chunk before it is appended to `buffer`.
    private var scratch: [UInt8] = []
    /// First unconsumed byte in `buffer`.
    private var start = 0
    private var endOfInput = false
    /// Absolute offset of `buffer[0]` in the source.
    private var bufferOffset = 0
    /// Line number at `start`.
    private var line = 1
    /// Absolute offset of the first byte of the line `start` is on. Tracked rather than searched for
    /// because the bytes before `start` may already have been dropped from the buffer.
    private var lineStartOffset = 0
    private var mode: Mode = .start
    private var arrayElements = 0
    /// Where the last ',' between top-level array elements was, to point a trailing comma error at it.
    private var commaPosition = (line: 1, column: 1, offset: 0)

    /// While ``nextUnparsed()`` runs: documents are copied out for the caller to parse, instead of parsed here.
    private var deferParsing = false
    private var unparsed: (bytes: [UInt8], column: Int)?

    /// Set when `read(2)` failed; reported once as ``InputError/unreadable(source:reason:)``, after the
    /// documents read before the failure.
    public private(set) var readError: String?
    private var readErrorReported = false
    /// The most bytes the reader's buffer has held room for: what streaming costs, whatever the input's size.
    public private(set) var peakBufferCapacity = 0

    /// Reads from an open file descriptor (stdin is 0). The descriptor is not closed.
    public init(fileDescriptor: Int32, source: String, maximumDocumentSize: Int = defaultMaximumDocumentSize, chunkSize: Int = 1 << 18) {
        self.source = source
        self.fileDescriptor = fileDescriptor
        self.maximumDocumentSize = maximumDocumentSize
        // A zero-byte read means end of file, so a zero chunk size would end every input at once.
        let chunkSize = Swift.max(chunkSize, 1)
        self.buffer = []
        self.buffer.reserveCapacity(chunkSize)
        self.scratch = [UInt8](repeating: 0, count: chunkSize)
    }

    /// Reads from bytes already in memory (an HTTP body, a test fixture).
    public init(bytes: [UInt8], source: String, maximumDocumentSize: Int = defaultMaximumDocumentSize) {
        self.source = source
        self.fileDescriptor = nil
        self.maximumDocumentSize = maximumDocumentSize
        self.buffer = bytes
        self.endOfInput = true
    }

    /// The next document's bytes, framed but not parsed, so parsing can run on other threads.
    public mutating func nextUnparsed() -> UnparsedDocument? {
        deferParsing = true
        defer {
            deferParsing = false
            unparsed = nil
        }
        guard let document = next() else { return nil }
        switch document.result {
        case .failure(let error):
            return UnparsedDocument(source: source, line: document.line, column: 1, byteOffset: document.byteOffset, content: .failure(error))
        case .success:
            let bytes = unparsed ?? (bytes: [], column: 1)
            return UnparsedDocument(
                source: source,
                line: document.line,
                column: bytes.column,
                byteOffset: document.byteOffset,
                content: .success(bytes.bytes)
            )
        }
    }

    /// The next document, or `nil` when the input is exhausted.
    public mutating func next() -> InputDocument? {
        while true {
            switch mode {
            case .done:
                guard let readError, !readErrorReported else { return nil }
                readErrorReported = true
                return failure(.unreadable(source: source, reason: readError))
            case .start:
                return first()
            case .lines:
                guard let document = nextLine() else {
                    mode = .done
                    continue
                }
                return document
            case .concatenated:
                guard skipWhitespace() else {
                    mode = .done
                    continue
                }
                return framedDocument()
            case .array(let expectingElement):
                guard skipWhitespace() else {
                    mode = .done
                    if readError != nil { continue }
                    return failure(.syntax(source: source, syntaxError("unexpected end of input: the top-level array is not closed with ']'")))
                }
                let byte = buffer[start]
                if expectingElement {
                    if byte == UInt8(ascii: "]") {
                        if arrayElements == 0 {
                            advance(by: 1)
                            return afterArray()
                        }
                        mode = .done
                        let error = JSONSyntaxError(
                            message: "trailing comma before ']' in the top-level array",
                            line: commaPosition.line,
                            column: commaPosition.column,
                            byteOffset: commaPosition.offset
                        )
                        return failure(.syntax(source: source, error), line: commaPosition.line, offset: commaPosition.offset)
                    }
                    mode = .array(expectingElement: false)
                    arrayElements += 1
                    return framedDocument()
                }
                if byte == UInt8(ascii: "]") {
                    advance(by: 1)
                    return afterArray()
                }
                guard byte == UInt8(ascii: ",") else {
                    mode = .done
                    return failure(.syntax(source: source, syntaxError("unexpected \(describe(byte)) after an array element, expected ',' or ']'")))
                }
                commaPosition = (line, column(of: bufferOffset + start), bufferOffset + start)
                advance(by: 1)
                mode = .array(expectingElement: true)
            }
        }
    }

    // MARK: - Modes

    private mutating func first() -> InputDocument? {
        guard skipWhitespace() else {
            mode = .done
            return readError == nil ? failure(.empty(source: source)) : next()
        }
        if buffer[start] == UInt8(ascii: "[") {
            advance(by: 1)
            mode = .array(expectingElement: true)
            return next()
        }
        let firstLine = line
        let document = framedDocument()
        if case .done = mode { return document }
        // A first document that fits on one line means NDJSON: later lines are framed by newlines, so a
        // broken line can't swallow the ones after it.
        mode = line == firstLine ? .lines : .concatenated
        return document
    }

    private mutating func afterArray() -> InputDocument? {
        mode = .done
        if skipWhitespace() {
            return failure(.syntax(source: source, syntaxError("unexpected \(describe(buffer[start])) after the closing ']' of the top-level array")))
        }
        if arrayElements == 0, readError == nil {
            return failure(.empty(source: source))
        }
        return next()
    }

    /// Frames the value at `start` by bracket depth and parses it.
    private mutating func framedDocument() -> InputDocument {
        var scanner = ValueScanner()
        return frame(
            locate: { reader, position in
                let base = reader.bufferOffset
                return reader.buffer.withUnsafeBufferPointer { scanner.scan($0, from: position, baseOffset: base) }
            },
            moveOn: { reader, end in
                reader.start = end ?? reader.buffer.count
                reader.advanceLines(scanner)
                // A value that never closed ends the input.
                if end == nil { reader.mode = .done }
            }
        )
    }

    /// The next non-blank line in NDJSON mode, or `nil` at the end of input.
    private mutating func nextLine() -> InputDocument? {
        guard skipWhitespace() else { return nil }
        return frame(
            locate: { reader, position in
                reader.buffer.withUnsafeBufferPointer { bytes -> Int? in
                    guard position < bytes.count, let base = bytes.baseAddress else { return nil }
                    guard let found = memchr(base + position, Int32(UInt8(ascii: "\n")), bytes.count - position) else { return nil }
                    return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                }
            },
            moveOn: { reader, end in
                guard let end else {
                    reader.start = reader.buffer.count
                    return
                }
                reader.start = end + 1
                reader.line += 1
                reader.lineStartOffset = reader.bufferOffset + reader.start
            }
        )
    }

    /// Reads the document at `start` until `locate` finds where its bytes end (searching from a position in
    /// the buffer), refilling the buffer as needed, and parses it. A document over the size limit is
    /// still read to its end, so the next one can be found, but its bytes are dropped as they come.
    /// `moveOn` steps past it: past the end it found, or, at the end of input, past everything.
    private mutating func frame(
        locate: (inout DocumentReader, Int) -> Int?,
        moveOn: (inout DocumentReader, Int?) -> Void
    ) -> InputDocument {
        let documentLine = line
        let documentOffset = bufferOffset + start
        let documentColumn = column(of: documentOffset)
        var position = start
        var skipping = false
        while true {
            if let end = locate(&self, position) {
                let result = document(start..<end, skipping: skipping, line: documentLine, column: documentColumn, offset: documentOffset)
                moveOn(&self, end)
                return InputDocument(source: source, line: documentLine, byteOffset: documentOffset, result: result)
            }
            position = buffer.count
            if skipping || bufferOffset + buffer.count - documentOffset > maximumDocumentSize {
                skipping = true
                bufferOffset += buffer.count
                buffer.removeAll(keepingCapacity: true)
                start = 0
                position = 0
            }
            let shift = start
            guard fill() else {
                // The document never ended: the parser says where it stopped making sense.
                let result = lastDocument(skipping: skipping, line: documentLine, column: documentColumn, offset: documentOffset)
                moveOn(&self, nil)
                return InputDocument(source: source, line: documentLine, byteOffset: documentOffset, result: result)
            }
            position -= shift
        }
    }

    // MARK: - Buffer

    private mutating func parse(
        _ range: Range<Int>,
        line documentLine: Int,
        column documentColumn: Int,
        offset documentOffset: Int
    ) -> Result<JSONValue, InputError> {
        if deferParsing {
            unparsed = (Array(buffer[range]), documentColumn)
            return .success(.null)
        }
        return buffer.withUnsafeBytes { bytes in
            do throws(JSONSyntaxError) {
                return .success(try JSONParser.parse(UnsafeRawBufferPointer(rebasing: bytes[range])))
            } catch {
                return .failure(.syntax(source: source, error.shifted(lines: documentLine - 1, bytes: documentOffset, column: documentColumn)))
            }
        }
    }

    /// The document in `range` of the buffer, or `tooLarge` when it is over the limit (or its start was
    /// already dropped while `skipping` to its end).
    private mutating func document(
        _ range: Range<Int>,
        skipping: Bool,
        line documentLine: Int,
        column documentColumn: Int,
        offset documentOffset: Int
    ) -> Result<JSONValue, InputError> {
        skipping || bufferOffset + range.upperBound - documentOffset > maximumDocumentSize
            ? tooLarge(line: documentLine, offset: documentOffset)
            : parse(range, line: documentLine, column: documentColumn, offset: documentOffset)
    }

    /// The document that runs from `start` to the end of the input; a read error that cut the input short
    /// is the real story, so it wins over whatever the parser would say.
    private mutating func lastDocument(
        skipping: Bool,
        line documentLine: Int,
        column documentColumn: Int,
        offset documentOffset: Int
    ) -> Result<JSONValue, InputError> {
        if let readError {
            readErrorReported = true
            return .failure(.unreadable(source: source, reason: readError))
        }
        return document(start..<buffer.count, skipping: skipping, line: documentLine, column: documentColumn, offset: documentOffset)
    }

    private func tooLarge(line documentLine: Int, offset documentOffset: Int) -> Result<JSONValue, InputError> {
        .failure(.tooLarge(source: source, line: documentLine, byteOffset: documentOffset, limit: maximumDocumentSize))
    }

    private func column(of absoluteOffset: Int) -> Int {
        absoluteOffset - lineStartOffset + 1
    }

    /// Advances past whitespace (and a leading byte-order mark). Returns `false` at the end of input.
    private mutating func skipWhitespace() -> Bool {
        while true {
            while start < buffer.count {
                switch buffer[start] {
                case UInt8(ascii: "\n"):
                    start += 1
                    line += 1
                    lineStartOffset = bufferOffset + start
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                    start += 1
                case 0xEF where bufferOffset + start == 0:
                    guard ensure(3), buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF else { return true }
                    start += 3
                    // Editors do not count the mark as a column.
                    lineStartOffset = 3
                default:
                    return true
                }
            }
            guard fill() else { return false }
        }
    }

    private mutating func ensure(_ count: Int) -> Bool {
        while buffer.count - start < count {
            guard fill() else { return false }
        }
        return true
    }

    /// Consumes bytes known to hold no newline.
    private mutating func advance(by count: Int) {
        start += count
    }

    private mutating func advanceLines(_ scanner: ValueScanner) {
        guard scanner.newlines > 0 else { return }
        line += scanner.newlines
        lineStartOffset = scanner.lineStartOffset
    }

    /// Reads another chunk, first dropping consumed bytes. Returns `false` at the end of input.
    /// May move bytes: positions relative to `start` stay valid, absolute buffer indices do not.
    private mutating func fill() -> Bool {
        guard !endOfInput, let fileDescriptor else { return false }
        if start > 0 {
            bufferOffset += start
            buffer.removeSubrange(0..<start)
            start = 0
        }
        // Arrays can't be read into past their count, so read into a scratch chunk and append it: one
        // memcpy per chunk, instead of zero-filling the buffer's tail element by element. Appending grows
        // the buffer geometrically, so a large document is copied O(log n) times, not once per chunk.
        var readCount = 0
        var readErrno: Int32 = 0
        scratch.withUnsafeMutableBytes { chunk in
            while true {
                readCount = read(fileDescriptor, chunk.baseAddress!, chunk.count)
                guard readCount < 0 else { return }
                readErrno = errno
                if readErrno == EINTR { continue }
                if readErrno == EAGAIN || readErrno == EWOULDBLOCK {
                    // An inherited non-blocking stdin: wait for data instead of calling it an error.
                    var descriptor = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
                    _ = poll(&descriptor, 1, -1)
                    continue
                }
                return
            }
        }
        guard readCount > 0 else {
            if readCount < 0 { readError = String(cString: strerror(readErrno)) }
            endOfInput = true
            return false
        }
        scratch.withUnsafeBufferPointer { chunk in
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[0..<readCount]))
        }
        peakBufferCapacity = Swift.max(peakBufferCapacity, buffer.capacity)
        return true
    }

    private func failure(_ error: InputError, line documentLine: Int? = nil, offset: Int? = nil) -> InputDocument {
        InputDocument(source: source, line: documentLine ?? line, byteOffset: offset ?? (bufferOffset + start), result: .failure(error))
    }

    private func syntaxError(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, line: line, column: column(of: bufferOffset + start), byteOffset: bufferOffset + start)
    }

    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let digits = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(digits.count == 1 ? "0" : "")\(digits)"
    }
}
