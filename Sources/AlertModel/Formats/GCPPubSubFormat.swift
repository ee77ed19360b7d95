import Foundation
import JSON

/// Google Cloud Pub/Sub push deliveries, unwrapped: budget notifications (and Cloud Monitoring's
/// Pub/Sub channel) reach a webhook as a push body whose payload is base64 inside `message.data`.
///
/// `message.data` is decoded (standard or URL-safe alphabet, padding optional), parsed as JSON and
/// decoded as its own format; `source` stays the inner format. Each alert gets `message.attributes` as
/// labels prefixed `pubsub_` (budget notifications carry `billingAccountId`, `budgetId`,
/// `schemaVersion`), `pubsub_subscription`, the `messageId` as `id` when the inner payload has none,
/// and `publishTime` as `startsAt` (or `endsAt` when resolved) when it has none.
public struct GCPPubSubFormat: AlertFormat {
    public init() {}

    public var id: String { "gcp-pubsub" }
    public var recognition: String {
        "a Pub/Sub push body: a \"message\" object with \"data\" or \"attributes\" and a \"messageId\", "
            + "or with a top-level \"subscription\""
    }

    public func recognizes(_ payload: JSONObject) -> Bool {
        guard let message = payload.object("message") else { return false }
        guard message.has("data") || message.has("attributes") else { return false }
        return message.has("messageId") || message.has("message_id") || payload.string("subscription") != nil
    }

    public func decode(_ payload: JSONObject, ingestor: Ingestor) throws(DecodeError) -> [IngestItem] {
        guard let message = payload.object("message") else {
            throw .missing(field: "message", expected: "an object (the Pub/Sub message)")
        }
        guard let encoded = message.value("data")?.stringValue else {
            throw .missing(field: "message.data", expected: "a base64 string (the published payload)")
        }
        let inner = try Self.decodeData(encoded)
        let attributes = message.stringMap("attributes")
        let subscription = payload.string("subscription")
        let messageId = message.string("messageId") ?? message.string("message_id") ?? ""
        let publishTime = Timestamps.rfc3339(message.string("publishTime") ?? message.string("publish_time"))
        return try Envelope.unwrap(inner, field: "message.data", ingestor: ingestor) { alert in
            for (key, value) in attributes { alert.labels["pubsub_\(key)"] = value }
            if let subscription, alert.labels["pubsub_subscription"] == nil { alert.labels["pubsub_subscription"] = subscription }
            if alert.id.isEmpty { alert.id = messageId }
            if alert.status == .firing, alert.startsAt == nil { alert.startsAt = publishTime }
            if alert.status == .resolved, alert.endsAt == nil { alert.endsAt = publishTime }
        }
    }

    /// The JSON object carried in `message.data`.
    static func decodeData(_ encoded: String) throws(DecodeError) -> JSONObject {
        guard let bytes = base64Decode(encoded) else {
            throw .invalid(
                field: "message.data",
                reason: "is not base64 (Pub/Sub push bodies carry the published payload base64-encoded); "
                    + "it starts with \"\(encoded.prefix(24))\""
            )
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            let text = String(decoding: bytes.prefix(40), as: UTF8.self)
            throw .invalid(
                field: "message.data",
                reason: "decodes from base64 but is not JSON (\(error.description)); it starts with \"\(text)\""
            )
        }
        guard case .object(let object) = value else {
            throw .invalid(field: "message.data", reason: "decodes to a JSON \(value.kindName), expected an object (an alert payload)")
        }
        return object
    }

    /// Standard or URL-safe base64, with or without padding, ignoring line breaks.
    static func base64Decode(_ text: String) -> [UInt8]? {
        var normalized = ""
        normalized.reserveCapacity(text.utf8.count + 3)
        for character in text {
            switch character {
            case "-": normalized.append("+")
            case "_": normalized.append("/")
            case " ", "\n", "\r", "\t": continue
            default: normalized.append(character)
            }
        }
        guard !normalized.isEmpty else { return nil }
        let remainder = normalized.utf8.count % 4
        if remainder == 1 { return nil }
        if remainder > 0 { normalized += String(repeating: "=", count: 4 - remainder) }
        return Data(base64Encoded: normalized).map { [UInt8]($0) }
    }
}
