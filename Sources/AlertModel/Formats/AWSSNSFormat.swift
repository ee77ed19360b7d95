import JSON

/// Amazon SNS deliveries, unwrapped: CloudWatch alarms and cost anomalies reach webhooks and Lambda
/// inside an SNS envelope, and the envelope's protocol messages must not become issues.
///
/// Two shapes: the HTTP(S) subscription POST body (`Type`, `MessageId`, `TopicArn`, `Message`, …) and the
/// SNS→Lambda event (`Records[].Sns`, one item per record).
///
/// - `Notification` whose `Message` is JSON: decoded as its own format (`source` is the inner format,
///   `raw` the inner message); `id` is the SNS `MessageId` when the inner payload has none, `startsAt`
///   (or `endsAt` when resolved) the SNS `Timestamp` when it has none, and the label `sns_topic_arn`
///   names the topic.
/// - `Notification` with a plain-text `Message`: one `aws-sns` alert, title from `Subject`.
/// - `SubscriptionConfirmation` / `UnsubscribeConfirmation`: a notice, never an alert.
public struct AWSSNSFormat: AlertFormat {
    public init() {}

    public var id: String { "aws-sns" }
    public var recognition: String {
        "an SNS HTTP(S) message (\"Type\": Notification, SubscriptionConfirmation or UnsubscribeConfirmation, with "
            + "\"TopicArn\" and \"MessageId\") or an SNS→Lambda event (\"Records\" whose entries have an \"Sns\" object)"
    }

    static let messageTypes: Set<String> = ["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"]

    public func recognizes(_ payload: JSONObject) -> Bool {
        if let type = payload.string("Type") {
            return Self.messageTypes.contains(type) && payload.has("TopicArn") && payload.has("MessageId")
        }
        guard let records = payload.array("Records"), let first = records.first?.objectValue else { return false }
        return first.object("Sns") != nil
    }

    public func decode(_ payload: JSONObject, ingestor: Ingestor) throws(DecodeError) -> [IngestItem] {
        guard let records = payload.array("Records") else {
            return try decodeMessage(payload, field: nil, ingestor: ingestor)
        }
        var items: [IngestItem] = []
        for (position, record) in records.enumerated() {
            let field = "Records[\(position)].Sns"
            guard let message = record.objectValue?.object("Sns") else {
                throw .missing(field: field, expected: "an object (the SNS message)")
            }
            items += try decodeMessage(message, field: field, ingestor: ingestor)
        }
        return items
    }

    /// One SNS message, whether it came as the HTTP body or inside a Lambda record.
    private func decodeMessage(_ message: JSONObject, field: String?, ingestor: Ingestor) throws(DecodeError) -> [IngestItem] {
        func path(_ key: String) -> String { field.map { "\($0).\(key)" } ?? key }
        guard let type = message.string("Type") else {
            throw .missing(field: path("Type"), expected: "a string (Notification, SubscriptionConfirmation or UnsubscribeConfirmation)")
        }
        let topicArn = message.string("TopicArn") ?? ""
        switch type {
        case "Notification":
            break
        case "SubscriptionConfirmation":
            return [.notice(confirmationNotice(message, topicArn: topicArn))]
        case "UnsubscribeConfirmation":
            return [.notice(unsubscribeNotice(message, topicArn: topicArn))]
        default:
            throw .invalid(
                field: path("Type"),
                reason: "unknown SNS message type \"\(type)\"; expected Notification, SubscriptionConfirmation or UnsubscribeConfirmation"
            )
        }
        guard let text = message.value("Message")?.stringValue else {
            throw .missing(field: path("Message"), expected: "a string")
        }
        let messageId = message.string("MessageId") ?? ""
        let timestamp = Timestamps.rfc3339(message.string("Timestamp"))
        // Publishers may send any text; only an object can be another format's payload.
        if let parsed = try? JSONParser.parse(text), case .object(let inner) = parsed {
            return try Envelope.unwrap(inner, field: path("Message"), ingestor: ingestor) { alert in
                if alert.id.isEmpty { alert.id = messageId }
                // The delivery time is the best start (or end) the envelope can offer when the inner has none.
                if alert.status == .firing, alert.startsAt == nil { alert.startsAt = timestamp }
                if alert.status == .resolved, alert.endsAt == nil { alert.endsAt = timestamp }
                if !topicArn.isEmpty { alert.labels["sns_topic_arn"] = topicArn }
            }
        }
        return [.alert(plainTextAlert(message, text: text, messageId: messageId, topicArn: topicArn, timestamp: timestamp))]
    }

    private func plainTextAlert(_ message: JSONObject, text: String, messageId: String, topicArn: String, timestamp: String?) -> Alert {
        let subject = message.string("Subject")
        let arn = AmazonResourceName(topicArn)
        var labels: [String: String] = [:]
        if !topicArn.isEmpty { labels["sns_topic_arn"] = topicArn }
        if let arn { labels["sns_topic"] = arn.resource }
        let resource = arn.map { Resource(service: "SNS", account: $0.account.nonEmpty, region: $0.region.nonEmpty) }
        return Alert(
            source: id,
            id: messageId,
            // A publisher reusing a subject is reporting the same thing again.
            fingerprint: StableHash.fnv1a64([topicArn, subject ?? text]),
            title: subject ?? "SNS notification",
            summary: text,
            labels: labels,
            startsAt: timestamp,
            resource: resource,
            raw: .object(message)
        )
    }

    private func confirmationNotice(_ message: JSONObject, topicArn: String) -> Notice {
        subscriptionNotice(message, topicArn: topicArn, kind: "sns-subscription-confirmation") { topic, url in
            "SNS asks to confirm the subscription of this endpoint to \(topic); no alert was filed. Confirm it by opening "
                + "the SubscribeURL (\(url)) once, or let `alert2jira serve` confirm it when it receives this message."
        }
    }

    private func unsubscribeNotice(_ message: JSONObject, topicArn: String) -> Notice {
        subscriptionNotice(message, topicArn: topicArn, kind: "sns-unsubscribe-confirmation") { topic, url in
            "SNS confirms that this endpoint was unsubscribed from \(topic); no alert was filed. To subscribe again, "
                + "confirm by opening the SubscribeURL (\(url)), or let `alert2jira serve` confirm it."
        }
    }

    /// A notice about the subscription itself, worded by `message` from the topic and the SubscribeURL.
    private func subscriptionNotice(
        _ message: JSONObject,
        topicArn: String,
        kind: String,
        text: (_ topic: String, _ url: String) -> String
    ) -> Notice {
        Notice(
            source: id,
            kind: kind,
            message: text(topicArn.isEmpty ? "a topic" : topicArn, message.string("SubscribeURL") ?? ""),
            details: details(message, topicArn: topicArn),
            raw: .object(message)
        )
    }

    private func details(_ message: JSONObject, topicArn: String) -> [String: String] {
        var details: [String: String] = [:]
        if let url = message.string("SubscribeURL") { details["SubscribeURL"] = url }
        if !topicArn.isEmpty { details["TopicArn"] = topicArn }
        if let messageId = message.string("MessageId") { details["MessageId"] = messageId }
        if let token = message.string("Token") { details["Token"] = token }
        return details
    }
}

extension String {
    /// `nil` for the empty string, so `??` chains skip it.
    var nonEmpty: String? { isEmpty ? nil : self }
}
