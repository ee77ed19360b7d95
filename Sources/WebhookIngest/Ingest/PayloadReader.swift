import AlertConfig
import AlertModel
import AlertSpool
import JSON

/// Reads a request body the way `alert2jira send` reads a file (one JSON document, an array of them,
/// or NDJSON), decodes every document now so a broken payload is refused while the sender is still
/// on the line, and keeps each document's exact bytes for the spool.
///
/// All or nothing: one bad document refuses the request, so the sender's retry cannot duplicate the
/// documents that were fine.
struct PayloadReader: Sendable {
    let runtime: IntakeRuntime

    /// - Parameters:
    ///   - format: the format the path or the source forces, if any.
    ///   - source: the source's name, stored with each document (empty without `sources:`).
    func read(_ body: [UInt8], format: String?, source: String?) -> Result<ReceivedPayloads, PayloadRejection> {
        guard let ingestor = runtime.ingestor(format: format) else {
            return .failure(.unprocessable("unknown format \"\(format ?? "")\""))
        }
        let allowGeneric = runtime.allowsGeneric(source: source)
        var received = ReceivedPayloads()
        var reader = DocumentReader(bytes: body, source: "request body", maximumDocumentSize: max(body.count, 1))
        var documents = 0
        let maximum = runtime.server.maxDocuments
        while let unparsed = reader.nextUnparsed() {
            // One small body of many tiny documents would otherwise become hundreds of thousands of rows.
            documents += 1
            guard documents <= maximum else { return .failure(.tooManyDocuments(limit: maximum)) }
            let document = unparsed.parsed()
            let value: JSONValue
            switch document.result {
            case .failure(let error):
                return .failure(Self.rejection(error))
            case .success(let parsed):
                value = parsed
            }
            guard case .object(let object) = value else {
                return .failure(
                    .unprocessable("request body:\(document.line): the document is a JSON \(value.kindName), expected an object (an alert payload)")
                )
            }
            let detected = ingestor.forcedFormat ?? ingestor.detect(object)
            if detected is GenericFormat, format != GenericFormat().id, !allowGeneric {
                return .failure(
                    .unprocessable(
                        "request body:\(document.line): the payload matches no known format and this source does not accept generic JSON; "
                            + "send it to /alerts/FORMAT (see `alert2jira formats`) or set allow_generic: true"
                    )
                )
            }
            guard let exact = runtime.ingestor(format: detected.id) else {
                return .failure(.unprocessable("unknown format \"\(detected.id)\""))
            }
            let items: [IngestItem]
            switch exact.ingest(value, source: "request body", line: document.line) {
            case .failure(let error):
                return .failure(Self.rejection(error))
            case .success(let decoded):
                items = decoded
            }
            var spooled: [SpoolPayload.Item] = []
            for (index, item) in items.enumerated() {
                switch item {
                case .alert(let alert):
                    spooled.append(SpoolPayload.Item(index: index, title: alert.title))
                case .notice(let notice):
                    received.notices.append(notice)
                }
            }
            // Notifications must come from allowed topics; confirmations are judged on their own.
            if !spooled.isEmpty, detected.id == AWSSNSFormat().id {
                received.snsTopics += Self.snsTopics(object)
            }
            if !spooled.isEmpty, case .success(let bytes) = unparsed.content {
                received.payloads.append(SpoolPayload(body: bytes, format: detected.id, source: source ?? "", items: spooled))
                received.alertsByFormat[detected.id, default: 0] += spooled.count
            }
        }
        if let error = reader.readError {
            return .failure(.malformed("request body: \(error)"))
        }
        if received.payloads.isEmpty, received.notices.isEmpty, body.allSatisfy({ [0x20, 0x0A, 0x0D, 0x09].contains($0) }) {
            return .failure(.malformed("the request body is empty: send a JSON alert payload"))
        }
        return .success(received)
    }

    static func rejection(_ error: InputError) -> PayloadRejection {
        switch error {
        case .syntax, .empty, .unreadable, .tooLarge: .malformed(error.description)
        case .notAnObject, .wrongFormat, .undecodable: .unprocessable(error.description)
        }
    }

    /// `TopicArn` of an SNS HTTP message, or of each record of an SNS→Lambda event.
    static func snsTopics(_ object: JSONObject) -> [String] {
        if let topic = object.string("TopicArn") { return [topic] }
        return (object.array("Records") ?? []).compactMap { $0.objectValue?.object("Sns")?.string("TopicArn") }
    }
}
