import AlertModel
import AlertSpool

/// What a request body decodes to: the documents to spool, with their alerts, and the protocol
/// notices (SNS subscription confirmations) that need handling instead.
public struct ReceivedPayloads: Sendable {
    public var payloads: [SpoolPayload] = []
    public var notices: [Notice] = []
    /// Alerts per format, for `alert2jira_alerts_received_total`.
    public var alertsByFormat: [String: Int] = [:]
    /// The SNS topics the documents came from, for the source's topic allow-list.
    public var snsTopics: [String] = []

    public var alertCount: Int { payloads.reduce(0) { $0 + $1.items.count } }
}
