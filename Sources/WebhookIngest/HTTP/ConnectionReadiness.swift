/// How one Jira connection is doing, as `/readyz` reports it.
public struct ConnectionReport: Sendable, Equatable {
    public var name: String
    public var ok: Bool
    public var message: String
    /// When it was last checked (RFC 3339), or `nil` before the first check.
    public var checkedAt: String?

    public init(name: String, ok: Bool, message: String, checkedAt: String?) {
        self.name = name
        self.ok = ok
        self.message = message
        self.checkedAt = checkedAt
    }
}

/// Where `/readyz` and `/metrics` learn how the Jira connections are doing: the delivery side knows, the
/// intake only reports it.
public protocol ConnectionReadiness: Sendable {
    func connectionReports() async -> [ConnectionReport]
}
