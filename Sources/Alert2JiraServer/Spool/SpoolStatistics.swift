import Foundation

/// How full the spool is, for `/metrics` and `/readyz`.
public struct SpoolStatistics: Sendable, Equatable {
    public var pending: Int
    public var dead: Int
    public var done: Int
    /// When the oldest alert still waiting for Jira arrived.
    public var oldestPending: Date?

    public init(pending: Int = 0, dead: Int = 0, done: Int = 0, oldestPending: Date? = nil) {
        self.pending = pending
        self.dead = dead
        self.done = done
        self.oldestPending = oldestPending
    }
}
