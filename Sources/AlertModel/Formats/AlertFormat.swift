import JSON

/// A payload format alert2jira understands: how to recognise it and how to normalize it.
///
/// One type per sender, in a file of its own (`AlertmanagerFormat.swift`), so supporting a new sender
/// is adding a file and a line in ``AlertFormats/all``.
public protocol AlertFormat: Sendable {
    /// The format id users write in `--format` and rules match as `source`.
    var id: String { get }
    /// How the format is recognised, for `alert2jira formats`.
    var recognition: String { get }
    /// Whether this object looks like this format. Cheap: key checks only.
    func recognizes(_ payload: JSONObject) -> Bool
    /// Normalizes the payload. `ingestor` decodes payloads wrapped in envelopes (SNS, Pub/Sub).
    func decode(_ payload: JSONObject, ingestor: Ingestor) throws(DecodeError) -> [IngestItem]
}

/// Why a payload could not be normalized by the format asked to decode it.
public enum DecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A field the format requires is missing or of the wrong type.
    case missing(field: String, expected: String)
    /// The payload has the format's shape but a value that makes no sense.
    case invalid(field: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let field, let expected): "\"\(field)\" is missing or not \(expected)"
        case .invalid(let field, let reason): "\"\(field)\": \(reason)"
        }
    }
}

/// The formats alert2jira ships, in detection order: most specific first, `generic` last.
public enum AlertFormats {
    public static let all: [any AlertFormat] = [
        AWSSNSFormat(),
        GCPPubSubFormat(),
        AlertmanagerFormat(),
        GrafanaFormat(),
        AWSCostAnomalyFormat(),
        AWSCloudWatchFormat(),
        AzureMonitorFormat(),
        AzureBudgetFormat(),
        GCPBudgetFormat(),
        GCPMonitoringFormat(),
        PagerDutyFormat(),
        DatadogFormat(),
        GenericFormat(),
    ]

    public static var ids: [String] { all.map(\.id) }
}
