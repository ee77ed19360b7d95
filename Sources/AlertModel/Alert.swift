import Foundation
import JSON

/// One alert, normalized from whatever system sent it, so rules and templates see the same fields
/// for Alertmanager, a cost anomaly or an Azure budget.
///
/// `raw` keeps the original payload (for a multi-alert payload: the group with this alert's entry in
/// `alert`), so rules can still reach anything the normalization left out.
public struct Alert: Sendable, Equatable {
    /// The format id of the payload (`alertmanager`, `aws-cost-anomaly`, …); for SNS, the inner format.
    public var source: String
    /// This occurrence: the sender's event or notification id when it has one.
    public var id: String
    /// The identity of the alert across occurrences: the sender's own id, or a stable hash of its labels.
    public var fingerprint: String
    public var status: AlertStatus
    public var severity: Severity
    /// The sender's own severity or priority text, before normalization.
    public var severityRaw: String
    public var title: String
    public var summary: String
    public var labels: [String: String]
    public var annotations: [String: String]
    /// RFC 3339 timestamps as the sender wrote them.
    public var startsAt: String?
    public var endsAt: String?
    public var url: String?
    public var cost: Cost?
    public var resource: Resource?
    public var raw: JSONValue

    public init(
        source: String,
        id: String = "",
        fingerprint: String = "",
        status: AlertStatus = .firing,
        severity: Severity = .warning,
        severityRaw: String = "",
        title: String = "",
        summary: String = "",
        labels: [String: String] = [:],
        annotations: [String: String] = [:],
        startsAt: String? = nil,
        endsAt: String? = nil,
        url: String? = nil,
        cost: Cost? = nil,
        resource: Resource? = nil,
        raw: JSONValue = .null
    ) {
        self.source = source
        self.id = id
        self.fingerprint = fingerprint
        self.status = status
        self.severity = severity
        self.severityRaw = severityRaw
        self.title = title
        self.summary = summary
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.url = url
        self.cost = cost
        self.resource = resource
        self.raw = raw
    }
}

/// Whether the condition behind an alert is still true.
public enum AlertStatus: String, Sendable, Equatable, CaseIterable {
    case firing
    case resolved
}

/// The four severities every sender's scale is mapped onto, so one rule can cover all of them.
public enum Severity: String, Sendable, Equatable, CaseIterable, Comparable {
    case critical
    case high
    case warning
    case info

    private var rank: Int {
        switch self {
        case .critical: 3
        case .high: 2
        case .warning: 1
        case .info: 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    /// Maps the common vocabularies (Prometheus labels, PagerDuty P1–P5, syslog levels, Datadog alert
    /// types) onto the four severities. Unknown words give `nil`, so callers choose their default.
    public static func normalize(_ text: String) -> Severity? {
        switch text.lowercased().trimmingCharacters(in: .whitespaces) {
        case "critical", "crit", "fatal", "emergency", "emerg", "alert", "page", "disaster", "p1", "sev0", "sev-0", "0":
            .critical
        case "high", "error", "err", "major", "severe", "p2", "sev1", "sev-1", "1":
            .high
        case "warning", "warn", "medium", "moderate", "minor", "average", "p3", "sev2", "sev-2", "2":
            .warning
        case "info", "informational", "information", "low", "notice", "none", "ok", "debug", "verbose", "p4", "p5", "sev3", "sev-3",
            "sev4", "sev-4", "3", "4", "5", "success", "no severity":
            .info
        default:
            nil
        }
    }
}

/// What a cost or budget alert is about, in the sender's currency.
///
/// Figures are kept as numbers in their written form: in range they read as Swift writes them (`1001`,
/// `0.47`), and beyond `Double`'s range (`1e400`) as the sender wrote them instead of turning into `null`.
public struct Cost: Sendable, Equatable {
    /// The amount the alert is about: the anomaly's impact, or the spend that crossed a budget.
    public var amountNumber: JSONNumber?
    /// What was expected: the anomaly's expected spend, or the budget.
    public var expectedNumber: JSONNumber?
    /// What was actually spent.
    public var actualNumber: JSONNumber?
    public var currency: String?

    public var amount: Double? {
        get { amountNumber?.double }
        set { amountNumber = newValue.map { JSONNumber($0) } }
    }
    public var expected: Double? {
        get { expectedNumber?.double }
        set { expectedNumber = newValue.map { JSONNumber($0) } }
    }
    public var actual: Double? {
        get { actualNumber?.double }
        set { actualNumber = newValue.map { JSONNumber($0) } }
    }

    public init(amount: Double? = nil, expected: Double? = nil, actual: Double? = nil, currency: String? = nil) {
        self.init(
            amount: amount.map { JSONNumber($0) },
            expected: expected.map { JSONNumber($0) },
            actual: actual.map { JSONNumber($0) },
            currency: currency
        )
    }

    public init(amount: JSONNumber?, expected: JSONNumber?, actual: JSONNumber?, currency: String? = nil) {
        self.amountNumber = amount.map(Self.normalized)
        self.expectedNumber = expected.map(Self.normalized)
        self.actualNumber = actual.map(Self.normalized)
        self.currency = currency
    }

    /// In range, the number as Swift writes it; out of range, as it was written.
    static func normalized(_ number: JSONNumber) -> JSONNumber {
        number.double.isFinite ? JSONNumber(number.double) : number
    }
}

/// Where the alert happened, in cloud terms.
public struct Resource: Sendable, Equatable {
    public var service: String?
    public var account: String?
    public var region: String?

    public init(service: String? = nil, account: String? = nil, region: String? = nil) {
        self.service = service
        self.account = account
        self.region = region
    }
}
