/// One HTTP exchange with Jira, for metrics: the path is as sent (ids included).
public struct JiraRequestRecord: Sendable {
    public var connection: String
    public var method: String
    public var path: String
    /// `nil` when no response arrived.
    public var status: Int?
    public var duration: Duration
}
