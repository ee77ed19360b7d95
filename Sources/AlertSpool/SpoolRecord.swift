import Foundation

/// One accepted alert as the spool holds it: what `alert2jira spool list` and `show` print.
public struct SpoolRecord: Sendable, Equatable {
    public var id: Int64
    public var payloadID: Int64
    /// Which alert of its payload this is (an Alertmanager group holds several).
    public var itemIndex: Int
    /// The source the request came through (empty without `sources:`).
    public var source: String
    /// The format the payload was read as; it is read the same way at every attempt.
    public var format: String
    /// The alert's title when it was accepted, so lists say what each row is.
    public var title: String
    public var receivedAt: Date
    public var state: SpoolState
    public var attempts: Int
    public var nextAttemptAt: Date
    /// Why the last attempt failed (temporary failures) or why the alert is dead.
    public var lastError: String?
    /// Rules whose issue is already delivered, so a retry after a partial failure skips them.
    public var deliveredRules: [String]
    /// What delivery did, as JSON: one object per rule with action, project and issue key.
    public var result: String?
    public var updatedAt: Date
    /// The payload's exact bytes; only `show` reads them.
    public var payload: [UInt8]?

    public init(
        id: Int64,
        payloadID: Int64,
        itemIndex: Int,
        source: String,
        format: String,
        title: String,
        receivedAt: Date,
        state: SpoolState,
        attempts: Int,
        nextAttemptAt: Date,
        lastError: String?,
        deliveredRules: [String],
        result: String?,
        updatedAt: Date,
        payload: [UInt8]? = nil
    ) {
        self.id = id
        self.payloadID = payloadID
        self.itemIndex = itemIndex
        self.source = source
        self.format = format
        self.title = title
        self.receivedAt = receivedAt
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.deliveredRules = deliveredRules
        self.result = result
        self.updatedAt = updatedAt
        self.payload = payload
    }
}
