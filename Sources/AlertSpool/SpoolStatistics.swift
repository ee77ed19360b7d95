import Foundation

/// How full the spool is, for `/metrics` and `/readyz`: on a shared spool, the whole cluster's view.
public struct SpoolStatistics: Sendable, Equatable {
    public var pending: Int
    /// Pending alerts some worker holds a live lease on (always 0 on a spool one process owns).
    public var leased: Int
    public var dead: Int
    public var done: Int
    /// When the oldest alert still waiting for Jira arrived.
    public var oldestPending: Date?

    public init(pending: Int = 0, leased: Int = 0, dead: Int = 0, done: Int = 0, oldestPending: Date? = nil) {
        self.pending = pending
        self.leased = leased
        self.dead = dead
        self.done = done
        self.oldestPending = oldestPending
    }
}
