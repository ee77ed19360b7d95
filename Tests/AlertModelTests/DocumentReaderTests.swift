import AlertModel
import Glibc
import JSON
import Testing

/// How the bytes reach the reader. Tiny chunks make every document, string and escape straddle reads,
/// so the streaming paths must give exactly what the in-memory path gives.
enum ReaderTransport: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory
    case file7 = "file, 7-byte chunks"
    case file1 = "file, 1-byte chunks"
    case pipe7 = "pipe, 7-byte chunks"

    var testDescription: String { rawValue }
}

/// One reader result in a comparable form.
struct ReadDocument: Equatable, Sendable, CustomStringConvertible {
    var line: Int
    var byteOffset: Int
    var result: Result<JSONValue, InputError>

    static func value(line: Int, offset: Int, _ json: String) -> ReadDocument {
        ReadDocument(line: line, byteOffset: offset, result: .success(try! JSONParser.parse(json)))
    }

    static func failure(line: Int, offset: Int, _ error: InputError) -> ReadDocument {
        ReadDocument(line: line, byteOffset: offset, result: .failure(error))
    }

    /// A syntax error from source `test`; the document starts at `line`/`offset`, the error at `at`.
    static func syntax(line: Int, offset: Int, at position: (line: Int, column: Int, offset: Int), _ message: String) -> ReadDocument {
        let error = JSONSyntaxError(message: message, line: position.line, column: position.column, byteOffset: position.offset)
        return .failure(line: line, offset: offset, .syntax(source: "test", error))
    }

    var description: String {
        switch result {
        case .success(let value): "line \(line) @\(byteOffset): \(value.jsonString)"
        case .failure(let error): "line \(line) @\(byteOffset): \(error)"
        }
    }
}

private let wordHint = "strings must be in double quotes, and the only literals are true, false and null"

private func read(
    _ input: String,
    via transport: ReaderTransport,
    maximumDocumentSize: Int = DocumentReader.defaultMaximumDocumentSize
) throws -> [ReadDocument] {
    try read(Array(input.utf8), via: transport, maximumDocumentSize: maximumDocumentSize)
}

private func read(
    _ input: [UInt8],
    via transport: ReaderTransport,
    maximumDocumentSize: Int = DocumentReader.defaultMaximumDocumentSize
) throws -> [ReadDocument] {
    func drain(_ reader: DocumentReader) -> [ReadDocument] {
        reader.map { ReadDocument(line: $0.line, byteOffset: $0.byteOffset, result: $0.result) }
    }
    switch transport {
    case .memory:
        return drain(DocumentReader(bytes: input, source: "test", maximumDocumentSize: maximumDocumentSize))
    case .file7, .file1:
        let descriptor = try temporaryFile(containing: input)
        defer { close(descriptor) }
        let chunkSize = transport == .file7 ? 7 : 1
        return drain(DocumentReader(fileDescriptor: descriptor, source: "test", maximumDocumentSize: maximumDocumentSize, chunkSize: chunkSize))
    case .pipe7:
        // Test inputs fit in the pipe's buffer, so the whole input can be written before reading.
        try #require(input.count < 16 << 10)
        var descriptors: [Int32] = [0, 0]
        try #require(pipe(&descriptors) == 0)
        defer { close(descriptors[0]) }
        try writeAll(input, to: descriptors[1])
        close(descriptors[1])
        return drain(DocumentReader(fileDescriptor: descriptors[0], source: "test", maximumDocumentSize: maximumDocumentSize, chunkSize: 7))
    }
}

/// An unlinked temporary file holding `bytes`, positioned at its start.
private func temporaryFile(containing bytes: [UInt8]) throws -> Int32 {
    var template = Array("/tmp/alert2jira-reader-XXXXXX".utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    try #require(descriptor >= 0)
    unlink(template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
    try writeAll(bytes, to: descriptor)
    try #require(lseek(descriptor, 0, SEEK_SET) == 0)
    return descriptor
}

private func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws {
    var written = 0
    while written < bytes.count {
        let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
        try #require(count > 0)
        written += count
    }
}

/// Byte offset of the first occurrence of `needle` in `input`, to name where a document starts.
private func offset(of needle: String, in input: String) -> Int {
    let haystack = Array(input.utf8)
    let pattern = Array(needle.utf8)
    for start in 0...(haystack.count - pattern.count) where haystack[start..<(start + pattern.count)].elementsEqual(pattern) {
        return start
    }
    Issue.record("\(needle) not found")
    return -1
}

/// One input and what the reader must make of it, whatever the transport.
struct FramingCase: Sendable, CustomTestStringConvertible {
    let name: String
    let input: [UInt8]
    let expected: [ReadDocument]

    init(_ name: String, _ input: String, _ expected: [ReadDocument]) {
        self.init(name, Array(input.utf8), expected)
    }

    init(_ name: String, _ input: [UInt8], _ expected: [ReadDocument]) {
        self.name = name
        self.input = input
        self.expected = expected
    }

    var testDescription: String { name }

    static let all: [FramingCase] = [
        FramingCase(
            "a single pretty document",
            "{\n  \"alert\": \"cpu\",\n  \"value\": 0.47,\n  \"tags\": [\"a\", \"b\\\"c\"]\n}\n",
            [.value(line: 1, offset: 0, #"{"alert":"cpu","value":0.47,"tags":["a","b\"c"]}"#)]
        ),
        arrayElements,
        FramingCase(
            "scalar elements of a top-level array",
            #"[1, "x", null,true]"#,
            [
                .value(line: 1, offset: 1, "1"), .value(line: 1, offset: 4, #""x""#), .value(line: 1, offset: 9, "null"),
                .value(line: 1, offset: 14, "true"),
            ]
        ),
        FramingCase("empty input", "", [.failure(line: 1, offset: 0, .empty(source: "test"))]),
        FramingCase("blank input", "  \n\t\r\n ", [.failure(line: 3, offset: 7, .empty(source: "test"))]),
        FramingCase("an empty array", "[]", [.failure(line: 1, offset: 2, .empty(source: "test"))]),
        FramingCase("an empty array over lines", "[ \n ]\n", [.failure(line: 3, offset: 6, .empty(source: "test"))]),
        FramingCase(
            "a byte order mark before NDJSON",
            "\u{FEFF}{\"a\":1}\n{\"a\":2}\n",
            [.value(line: 1, offset: 3, #"{"a":1}"#), .value(line: 2, offset: 11, #"{"a":2}"#)]
        ),
        FramingCase("a byte order mark before an array", "\u{FEFF}[{\"a\":1}]", [.value(line: 1, offset: 4, #"{"a":1}"#)]),
        // Columns count from after the mark, as editors show them.
        FramingCase(
            "a byte order mark before an error",
            "\u{FEFF}{\"a\":x}",
            [.syntax(line: 1, offset: 3, at: (1, 6, 8), "unexpected word 'x': \(wordHint)")]
        ),
        FramingCase("a byte order mark alone", "\u{FEFF}", [.failure(line: 1, offset: 3, .empty(source: "test"))]),
        FramingCase(
            "a byte that only starts like a byte order mark",
            [0xEF, 0xBB, UInt8(ascii: "1")],
            [.syntax(line: 1, offset: 0, at: (1, 1, 0), "unexpected byte 0xEF, expected a value")]
        ),
        brokenNDJSONLines,
        FramingCase(
            "NDJSON with blank lines and CRLF",
            "{\"a\":1}\r\n\r\n{\"a\":2}\r\n   \r\n\t\r\n{\"a\":}\r\n{\"a\":3}",
            [
                .value(line: 1, offset: 0, #"{"a":1}"#),
                .value(line: 3, offset: 11, #"{"a":2}"#),
                .syntax(line: 6, offset: 28, at: (6, 6, 33), "unexpected '}', expected a value"),
                .value(line: 7, offset: 36, #"{"a":3}"#),
            ]
        ),
        // The first line fits one document, so the rest of that line is read as the next document.
        FramingCase(
            "several documents on the first NDJSON line",
            "{\"a\":1} {\"a\":2}\n{\"a\":3}\n",
            [.value(line: 1, offset: 0, #"{"a":1}"#), .value(line: 1, offset: 8, #"{"a":2}"#), .value(line: 2, offset: 16, #"{"a":3}"#)]
        ),
        concatenatedPrettyDocuments,
        FramingCase(
            "concatenated documents after a broken one",
            "{\n\"a\":1\n}\n{\n\"a\": tru\n}\n{\n\"a\":3\n}",
            [
                .value(line: 1, offset: 0, #"{"a":1}"#),
                .syntax(line: 4, offset: 10, at: (5, 6, 17), "unexpected word 'tru': \(wordHint)"),
                .value(line: 7, offset: 23, #"{"a":3}"#),
            ]
        ),
        FramingCase(
            "garbage after the top-level array",
            "[{\"a\":1}]\nxyz",
            [
                .value(line: 1, offset: 1, #"{"a":1}"#),
                .syntax(line: 2, offset: 10, at: (2, 1, 10), "unexpected 'x' after the closing ']' of the top-level array"),
            ]
        ),
        FramingCase(
            "garbage after an empty top-level array",
            "[] x",
            [.syntax(line: 1, offset: 3, at: (1, 4, 3), "unexpected 'x' after the closing ']' of the top-level array")]
        ),
        FramingCase(
            "a trailing comma in the top-level array",
            "[{\"a\":1},\n]",
            [.value(line: 1, offset: 1, #"{"a":1}"#), .syntax(line: 1, offset: 8, at: (1, 9, 8), "trailing comma before ']' in the top-level array")]
        ),
        FramingCase(
            "a missing comma between array elements",
            #"[{"a":1} {"a":2}]"#,
            [
                .value(line: 1, offset: 1, #"{"a":1}"#),
                .syntax(line: 1, offset: 9, at: (1, 10, 9), "unexpected '{' after an array element, expected ',' or ']'"),
            ]
        ),
        // The line's start is long gone from a 7-byte buffer when the third element fails; its column
        // must still count from the start of the line.
        FramingCase(
            "a broken array element, and the elements after it",
            #"[{"a":1},{"a":x},{"a":3}]"#,
            [
                .value(line: 1, offset: 1, #"{"a":1}"#),
                .syntax(line: 1, offset: 9, at: (1, 15, 14), "unexpected word 'x': \(wordHint)"),
                .value(line: 1, offset: 17, #"{"a":3}"#),
            ]
        ),
        FramingCase(
            "an unterminated last NDJSON document",
            "{\"a\":1}\n{\"a\":2",
            [
                .value(line: 1, offset: 0, #"{"a":1}"#),
                .syntax(line: 2, offset: 8, at: (2, 7, 14), "unexpected end of input inside an object, expected ',' or '}'"),
            ]
        ),
        FramingCase(
            "an unterminated last pretty document",
            "{\n\"a\":1\n}\n{\n\"b\": [1,",
            [.value(line: 1, offset: 0, #"{"a":1}"#), .syntax(line: 4, offset: 10, at: (5, 9, 20), "unexpected end of input, expected a value")]
        ),
        FramingCase(
            "an unterminated string",
            "{\"a\": \"abc",
            [.syntax(line: 1, offset: 0, at: (1, 7, 6), #"unterminated string: no closing '"' before the end of input"#)]
        ),
        FramingCase(
            "an unclosed top-level array",
            "[{\"a\":1}",
            [
                .value(line: 1, offset: 1, #"{"a":1}"#),
                .syntax(line: 1, offset: 8, at: (1, 9, 8), "unexpected end of input: the top-level array is not closed with ']'"),
            ]
        ),
        // An element cut short is the one error: the unclosed array is the same problem.
        FramingCase(
            "an unclosed top-level array with an element cut short",
            "[{\"a\":1},\n{\"b\":",
            [.value(line: 1, offset: 1, #"{"a":1}"#), .syntax(line: 2, offset: 10, at: (2, 6, 15), "unexpected end of input, expected a value")]
        ),
        FramingCase(
            "stray closing brackets",
            "{\n\"a\":1\n}\n}\n{\"b\":2}",
            [
                .value(line: 1, offset: 0, #"{"a":1}"#),
                .syntax(line: 4, offset: 10, at: (4, 1, 10), "unexpected '}', expected a value"),
                .value(line: 5, offset: 12, #"{"b":2}"#),
            ]
        ),
    ]

    static var arrayElements: FramingCase {
        let input = "[\n  {\"id\": 1},\n  {\"id\": 2,\n   \"x\": [1, \"]\"]},\n\n  {\"id\": 3}\n]\n"
        return FramingCase(
            "each element of a top-level array",
            input,
            [
                .value(line: 2, offset: 4, #"{"id":1}"#),
                .value(line: 3, offset: 17, #"{"id":2,"x":[1,"]"]}"#),
                .value(line: 6, offset: offset(of: #"{"id": 3}"#, in: input), #"{"id":3}"#),
            ]
        )
    }

    /// Each broken line is reported where it is, and never swallows the lines after it.
    static var brokenNDJSONLines: FramingCase {
        let lines = [#"{"id":1}"#, #"{"id":2,}"#, #"{"id":"abc}"#, #"{"id":[4}"#, #"{"id": x}"#, #"{"id":6}"#, #"{"id":7}"#]
        let starts = lines.indices.map { index in lines[..<index].reduce(0) { $0 + $1.utf8.count + 1 } }
        return FramingCase(
            "NDJSON after broken lines",
            lines.joined(separator: "\n"),
            [
                .value(line: 1, offset: 0, #"{"id":1}"#),
                .syntax(line: 2, offset: starts[1], at: (2, 8, starts[1] + 7), "trailing comma before '}' in an object"),
                .syntax(line: 3, offset: starts[2], at: (3, 7, starts[2] + 6), #"unterminated string: no closing '"' before the end of input"#),
                .syntax(line: 4, offset: starts[3], at: (4, 9, starts[3] + 8), "unexpected '}', expected ',' or ']'"),
                .syntax(line: 5, offset: starts[4], at: (5, 8, starts[4] + 7), "unexpected word 'x': \(wordHint)"),
                .value(line: 6, offset: starts[5], #"{"id":6}"#),
                .value(line: 7, offset: starts[6], #"{"id":7}"#),
            ]
        )
    }

    static var concatenatedPrettyDocuments: FramingCase {
        let input = "{\n  \"a\": 1\n}\n{\n  \"a\": 2\n}{\"a\":3}\n\n[1,\n 2]\n\"s\"\n"
        return FramingCase(
            "concatenated pretty documents",
            input,
            [
                .value(line: 1, offset: 0, #"{"a":1}"#),
                .value(line: 4, offset: 13, #"{"a":2}"#),
                .value(line: 6, offset: offset(of: #"{"a":3}"#, in: input), #"{"a":3}"#),
                .value(line: 8, offset: offset(of: "[1,", in: input), "[1,2]"),
                .value(line: 10, offset: offset(of: "\"s\"", in: input), #""s""#),
            ]
        )
    }
}

@Suite("DocumentReader: framing")
struct DocumentReaderFramingTests {
    @Test(arguments: FramingCase.all, ReaderTransport.allCases)
    func frames(_ framing: FramingCase, via transport: ReaderTransport) throws {
        #expect(try read(framing.input, via: transport) == framing.expected)
    }

    @Test(arguments: ReaderTransport.allCases)
    func yieldsAScalarDocumentThatTheIngestorRefuses(via transport: ReaderTransport) throws {
        let documents = try read("42\n", via: transport)
        #expect(documents == [.value(line: 1, offset: 0, "42")])
        var reader = DocumentReader(bytes: Array("42\n".utf8), source: "test")
        let next = reader.next()
        let document = try #require(next)
        #expect(try Ingestor().ingest(document) == .failure(.notAnObject(source: "test", line: 1, kind: "number")))
    }

    @Test func isASequence() {
        let reader = DocumentReader(bytes: Array("{\"a\":1}\n{\"a\":2}\n".utf8), source: "test")
        #expect(Array(reader).map(\.line) == [1, 2])
    }

    @Test func reportsAReadError() throws {
        // read(2) on a directory fails with EISDIR.
        let descriptor = open("/", O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var reader = DocumentReader(fileDescriptor: descriptor, source: "dir")
        let first = reader.next()
        let document = try #require(first)
        #expect(document.result == .failure(.unreadable(source: "dir", reason: "Is a directory")))
        #expect(reader.readError == "Is a directory")
        let second = reader.next()
        #expect(second == nil)
    }
}

@Suite("DocumentReader: maximum document size")
struct DocumentReaderSizeLimitTests {
    private static let padding = String(repeating: "x", count: 300)

    @Test(arguments: ReaderTransport.allCases)
    func skipsATooLargeSingleDocument(via transport: ReaderTransport) throws {
        let input = "{\n\"message\": \"\(Self.padding)\"\n}\n"
        #expect(
            try read(input, via: transport, maximumDocumentSize: 64) == [
                .failure(line: 1, offset: 0, .tooLarge(source: "test", line: 1, byteOffset: 0, limit: 64))
            ]
        )
    }

    @Test(arguments: ReaderTransport.allCases)
    func acceptsADocumentOfExactlyTheLimit(via transport: ReaderTransport) throws {
        let document = #"{"a":"0123456789"}"#
        let size = document.utf8.count
        for input in [document, document + "\n" + document, "[" + document + "]"] {
            let documents = try read(input, via: transport, maximumDocumentSize: size)
            #expect(documents.allSatisfy { (try? $0.result.get()) == .some(["a": "0123456789"]) })
            let refused = try read(input, via: transport, maximumDocumentSize: size - 1)
            #expect(refused.allSatisfy { if case .failure(.tooLarge) = $0.result { true } else { false } })
            #expect(refused.count == documents.count)
        }
    }

    @Test(arguments: ReaderTransport.allCases)
    func skipsATooLargeNDJSONLineAndKeepsItsNeighbours(via transport: ReaderTransport) throws {
        let lines = [#"{"id":1}"#, #"{"id":2,"pad":"\#(Self.padding)"}"#, #"{"id":3}"#, #"{"id":4}"#, #"{"id": x}"#]
        let input = lines.joined(separator: "\n") + "\n"
        let starts = lines.indices.map { index in lines[..<index].reduce(0) { $0 + $1.utf8.count + 1 } }
        #expect(
            try read(input, via: transport, maximumDocumentSize: 32) == [
                .value(line: 1, offset: 0, #"{"id":1}"#),
                .failure(line: 2, offset: 9, .tooLarge(source: "test", line: 2, byteOffset: 9, limit: 32)),
                .value(line: 3, offset: starts[2], #"{"id":3}"#),
                .value(line: 4, offset: starts[3], #"{"id":4}"#),
                .syntax(line: 5, offset: starts[4], at: (5, 8, starts[4] + 7), "unexpected word 'x': \(wordHint)"),
            ]
        )
    }

    @Test(arguments: ReaderTransport.allCases)
    func skipsATooLargeFirstNDJSONLine(via transport: ReaderTransport) throws {
        let input = "{\"pad\":\"\(Self.padding)\"}\n{\"id\":2}\n{\"id\":3,}\n"
        let second = offset(of: #"{"id":2}"#, in: input)
        #expect(
            try read(input, via: transport, maximumDocumentSize: 32) == [
                .failure(line: 1, offset: 0, .tooLarge(source: "test", line: 1, byteOffset: 0, limit: 32)),
                .value(line: 2, offset: second, #"{"id":2}"#),
                .syntax(line: 3, offset: second + 9, at: (3, 8, second + 16), "trailing comma before '}' in an object"),
            ]
        )
    }

    @Test(arguments: ReaderTransport.allCases)
    func skipsATooLargeArrayElement(via transport: ReaderTransport) throws {
        let input = "[\n{\"id\":1},\n{\"id\":2,\"pad\":\"\(Self.padding)\"},\n{\"id\":3}\n]"
        let third = offset(of: #"{"id":3}"#, in: input)
        #expect(
            try read(input, via: transport, maximumDocumentSize: 32) == [
                .value(line: 2, offset: 2, #"{"id":1}"#),
                .failure(line: 3, offset: 12, .tooLarge(source: "test", line: 3, byteOffset: 12, limit: 32)),
                .value(line: 4, offset: third, #"{"id":3}"#),
            ]
        )
    }

    /// Lines inside a skipped document must still be counted, or every later position is off.
    @Test(arguments: ReaderTransport.allCases)
    func countsLinesInsideASkippedMultiLineDocument(via transport: ReaderTransport) throws {
        let input = "{\n\"id\":1\n}\n{\n\"pad\":\"\(Self.padding)\",\n\"more\":\n[1,\n2]\n}\n{\n\"id\":x\n}"
        let third = offset(of: "{\n\"id\":x", in: input)
        #expect(
            try read(input, via: transport, maximumDocumentSize: 32) == [
                .value(line: 1, offset: 0, #"{"id":1}"#),
                .failure(line: 4, offset: 11, .tooLarge(source: "test", line: 4, byteOffset: 11, limit: 32)),
                .syntax(line: 10, offset: third, at: (11, 6, third + 7), "unexpected word 'x': \(wordHint)"),
            ]
        )
    }
}

@Suite("InputError descriptions")
struct InputErrorDescriptionTests {
    @Test func syntaxErrorsNameSourceLineAndColumn() throws {
        var reader = DocumentReader(bytes: Array("{\"id\":1}\n{\"id\":2,}\n".utf8), source: "alerts.ndjson")
        _ = reader.next()
        let second = reader.next()
        let document = try #require(second)
        guard case .failure(let error) = document.result else {
            Issue.record("expected a failure, got \(document.result)")
            return
        }
        #expect(error.description == "alerts.ndjson:2:8: invalid JSON at byte 16: trailing comma before '}' in an object")
    }

    @Test func otherErrorsNameSourceAndLine() {
        #expect(
            InputError.tooLarge(source: "stdin", line: 2, byteOffset: 9, limit: 32).description
                == "stdin:2: document at byte 9 is larger than the 32 bytes limit; it was skipped (raise --max-document-size if this payload is legitimate)"
        )
        #expect(
            InputError.tooLarge(source: "stdin", line: 1, byteOffset: 0, limit: DocumentReader.defaultMaximumDocumentSize).description
                == "stdin:1: document at byte 0 is larger than the 32 MiB limit; it was skipped (raise --max-document-size if this payload is legitimate)"
        )
        #expect(InputError.tooLarge(source: "f", line: 1, byteOffset: 0, limit: 64 << 10).description.contains("the 64 KiB limit"))
        #expect(
            InputError.empty(source: "stdin").description
                == "stdin: no input: expected a JSON alert payload, a JSON array of payloads, or NDJSON (one payload per line)"
        )
        #expect(
            InputError.notAnObject(source: "a.json", line: 3, kind: "array").description
                == "a.json:3: document is a JSON array, expected an object (an alert payload)"
        )
        #expect(InputError.unreadable(source: "dir", reason: "Is a directory").description == "dir: cannot read input: Is a directory")
    }
}

/// Streams large inputs through a pipe. What is measured is the reader's own buffer, not the process's
/// RSS: the tests beside these run in the same process and allocate as they please.
@Suite("DocumentReader: memory")
struct DocumentReaderMemoryTests {
    /// ~200 MB of NDJSON, generated while it is read, must stream through a bounded buffer.
    @Test func streamsLargeNDJSONInBoundedMemory() throws {
        let linesPerBlock = 1_000
        let blocks = 200
        // One ~1 MB block of distinct lines, written repeatedly, so the generator costs nothing to speak of.
        var block: [UInt8] = []
        let description = String(repeating: "CPU usage above threshold on the primary database host. ", count: 16)
        for index in 0..<linesPerBlock {
            let line =
                #"{"id":\#(index),"status":"firing","labels":{"alertname":"HighCPU","severity":"critical","instance":"db-\#(index)"},"#
                + #""description":"\#(description)\u00e9","value":0.47}"# + "\n"
            block.append(contentsOf: line.utf8)
        }
        let (readDescriptor, writer) = try startWriter { [block] descriptor in
            for _ in 0..<blocks { guard writeFully(block, to: descriptor) else { return } }
        }
        defer { close(readDescriptor) }
        var reader = DocumentReader(fileDescriptor: readDescriptor, source: "stdin")
        var values = 0
        var failures: [String] = []
        var lastLine = 0
        while let document = reader.next() {
            switch document.result {
            case .success(let value):
                values += 1
                if value["value"] != .number(JSONNumber(literal: "0.47")) { failures.append("line \(document.line): \(value.jsonString)") }
            case .failure(let error):
                failures.append(error.description)
            }
            lastLine = document.line
        }
        writer.join()
        #expect(values == linesPerBlock * blocks)
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        #expect(lastLine == linesPerBlock * blocks)
        #expect(block.count * blocks > 200_000_000)
        // The buffer holds a 256 KiB chunk and the line it cuts: never the input.
        #expect(reader.peakBufferCapacity <= 1 << 20, "the buffer grew to \(reader.peakBufferCapacity >> 10) KiB")
    }

    /// A 64 MB document over the limit is skipped without ever being held.
    @Test func skipsAHugeDocumentWithoutBufferingIt() throws {
        let filler = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        let (readDescriptor, writer) = try startWriter { descriptor in
            guard writeFully(Array("{\"id\":1}\n{\"pad\":\"".utf8), to: descriptor) else { return }
            for _ in 0..<64 { guard writeFully(filler, to: descriptor) else { return } }
            _ = writeFully(Array("\"}\n{\"id\":3}\n".utf8), to: descriptor)
        }
        defer { close(readDescriptor) }
        var reader = DocumentReader(fileDescriptor: readDescriptor, source: "stdin", maximumDocumentSize: 1 << 20)
        var documents: [ReadDocument] = []
        while let document = reader.next() {
            documents.append(ReadDocument(line: document.line, byteOffset: document.byteOffset, result: document.result))
        }
        writer.join()
        let third = 9 + 8 + (64 << 20) + 3
        #expect(
            documents == [
                .value(line: 1, offset: 0, #"{"id":1}"#),
                .failure(line: 2, offset: 9, .tooLarge(source: "stdin", line: 2, byteOffset: 9, limit: 1 << 20)),
                .value(line: 3, offset: third, #"{"id":3}"#),
            ]
        )
        // At most the 1 MiB limit and a chunk are held while the 64 MiB document is skipped.
        #expect(reader.peakBufferCapacity <= 4 << 20, "the buffer grew to \(reader.peakBufferCapacity >> 10) KiB")
    }
}

// MARK: - Process helpers

private func writeFully(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
    var written = 0
    while written < bytes.count {
        let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
        if count < 0, errno == EINTR { continue }
        guard count > 0 else { return false }
        written += count
    }
    return true
}

/// A pipe whose write end is fed by `produce` on its own thread and closed when it returns.
private func startWriter(_ produce: @escaping @Sendable (Int32) -> Void) throws -> (Int32, WriterThread) {
    var descriptors: [Int32] = [0, 0]
    try #require(pipe(&descriptors) == 0)
    let writeDescriptor = descriptors[1]
    let thread = try WriterThread {
        produce(writeDescriptor)
        close(writeDescriptor)
    }
    return (descriptors[0], thread)
}

/// A plain thread, not a task: the writer blocks on a full pipe, which must not starve the test pool.
private final class WriterThread: @unchecked Sendable {
    private var thread = pthread_t()
    private let body: @Sendable () -> Void

    init(_ body: @escaping @Sendable () -> Void) throws {
        self.body = body
        let context = Unmanaged.passRetained(self).toOpaque()
        let status = pthread_create(
            &thread,
            nil,
            { context in
                let writer = Unmanaged<WriterThread>.fromOpaque(context!).takeRetainedValue()
                writer.body()
                return nil
            },
            context
        )
        try #require(status == 0)
    }

    func join() {
        pthread_join(thread, nil)
    }
}
