import AlertModel
import FuzzSupport
import JSON

/// Format detection and every decoder: the input as a JSON document, detected and decoded, then decoded as
/// each format in turn (as `--format` forces it), and every alert made printable.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormats(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    guard case .success(let value) = Result(catching: { () throws(JSONSyntaxError) in try JSONParser.parse(input.bytes) }) else {
        return 0
    }
    exercise(detector.ingest(value, source: "fuzz", line: 1))
    for ingestor in forced {
        exercise(ingestor.ingest(value, source: "fuzz", line: 1))
    }
    if case .object(let payload) = value {
        for format in AlertFormats.all where format.recognizes(payload) {
            _ = try? format.decode(payload, ingestor: detector)
        }
    }
    return 0
}

private let detector = try! Ingestor()
private let forced = AlertFormats.ids.map { try! Ingestor(forcedFormat: $0) }

private func exercise(_ result: Result<[IngestItem], InputError>) {
    switch result {
    case .failure(let error):
        _ = error.description
    case .success(let items):
        for case .alert(let alert) in items {
            _ = alert.json(includingRaw: true).jsonString
            for path in [["labels"], ["annotations"], ["cost"], ["resource"], ["raw"], ["cost", "amount"], ["labels", "alertname"]] {
                _ = alert.value(at: path)
            }
        }
    }
}
