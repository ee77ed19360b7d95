import AlertModel
import FuzzSupport
import Glibc
import JSON

/// The input framing and the JSON parser: `DocumentReader` over the bytes in memory and over a file read in
/// chunks of 1–16 bytes must report the same documents, errors and positions; every parsed value must survive
/// writing and parsing again; framing without parsing (`nextUnparsed`) must parse to the same documents.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    let maximum = 1 + Int(input.bytes.last ?? 0) * 16

    var inMemory = DocumentReader(bytes: input.bytes, source: "fuzz", maximumDocumentSize: maximum)
    let documents = Array(IteratorSequence(inMemory))
    _ = inMemory.next()

    let chunk = 1 + Int(input.bytes.first ?? 0) % 16
    let streamed = withFile(input.bytes) { descriptor in
        Array(DocumentReader(fileDescriptor: descriptor, source: "fuzz", maximumDocumentSize: maximum, chunkSize: chunk))
    }
    require(documents.count == streamed.count, "\(documents.count) documents in memory, \(streamed.count) streamed")
    for (whole, piecewise) in zip(documents, streamed) {
        require(
            whole.line == piecewise.line && whole.byteOffset == piecewise.byteOffset && whole.result == piecewise.result,
            "in memory: \(whole), streamed in chunks of \(chunk): \(piecewise)"
        )
    }

    var framer = DocumentReader(bytes: input.bytes, source: "fuzz", maximumDocumentSize: maximum)
    var unparsed: [InputDocument] = []
    while let document = framer.nextUnparsed() { unparsed.append(document.parsed()) }
    require(unparsed.count == documents.count, "\(documents.count) documents, \(unparsed.count) framed")
    for (whole, framed) in zip(documents, unparsed) {
        require(whole.line == framed.line && whole.byteOffset == framed.byteOffset, "framed at \(framed), parsed at \(whole)")
        require(whole.result == framed.result, "parsed: \(whole.result), framed then parsed: \(framed.result)")
    }

    for document in documents {
        guard case .success(let value) = document.result else { continue }
        for text in [value.jsonString, value.prettyJSONString] {
            let again = Result { () throws(JSONSyntaxError) in try JSONParser.parse(text) }
            require(again == .success(value), "\(value) written as \(text) parses as \(again)")
        }
    }
    _ = Result { () throws(JSONSyntaxError) in try JSONParser.parse(input.bytes) }
    requireLinear(input) { tiled in
        _ = Array(DocumentReader(bytes: tiled, source: "fuzz"))
        _ = Result { () throws(JSONSyntaxError) in try JSONParser.parse(tiled) }
    }
    return 0
}

/// One unlinked temporary file per process, rewritten for each input.
nonisolated(unsafe) private var scratchDescriptor: Int32 = -1

private func withFile<T>(_ bytes: [UInt8], _ body: (Int32) -> T) -> T {
    if scratchDescriptor < 0 {
        var template = Array("/tmp/alert2jira-fuzz-json-XXXXXX".utf8CString)
        scratchDescriptor = mkstemp(&template)
        require(scratchDescriptor >= 0, "cannot create a scratch file")
        unlink(template)
    }
    require(ftruncate(scratchDescriptor, 0) == 0, "ftruncate failed")
    var written = 0
    bytes.withUnsafeBytes { buffer in
        while written < buffer.count {
            let count = pwrite(scratchDescriptor, buffer.baseAddress! + written, buffer.count - written, off_t(written))
            require(count > 0, "pwrite failed")
            written += count
        }
    }
    require(lseek(scratchDescriptor, 0, SEEK_SET) == 0, "lseek failed")
    return body(scratchDescriptor)
}
