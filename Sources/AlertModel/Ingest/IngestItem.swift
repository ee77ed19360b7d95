import JSON

/// What one payload yields: alerts to route, or a protocol message to report instead of turning into
/// an issue (an SNS subscription confirmation).
public enum IngestItem: Sendable, Equatable {
    case alert(Alert)
    case notice(Notice)
}

/// A payload that is recognised but is not an alert, with what a human (or the server) should do.
public struct Notice: Sendable, Equatable {
    /// The format that recognised it (`aws-sns`).
    public var source: String
    /// A stable kind, for tests and logs: `sns-subscription-confirmation`.
    public var kind: String
    /// What it is and what to do about it.
    public var message: String
    /// Facts a handler needs (`SubscribeURL`, `TopicArn`).
    public var details: [String: String]
    public var raw: JSONValue

    public init(source: String, kind: String, message: String, details: [String: String] = [:], raw: JSONValue) {
        self.source = source
        self.kind = kind
        self.message = message
        self.details = details
        self.raw = raw
    }
}
