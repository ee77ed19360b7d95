/// How the delivery worker paces itself; from `server:` in the config.
public struct WorkerSettings: Sendable, Equatable {
    public var concurrency: Int
    public var backoff: Backoff
    public var giveUpAfter: Duration?
    public var retention: Duration
    public var shutdownTimeout: Duration
    /// How long credentials Jira refuses are retried (a token rotated late) before alerts become dead letters.
    public var authFailureGrace: Duration
    /// Longest sleep between looks at the spool, so changes made by `alert2jira spool` are noticed.
    public var pollInterval: Duration
    /// How often delivered alerts past their retention are pruned.
    public var pruneInterval: Duration

    public init(
        concurrency: Int = 4,
        backoff: Backoff = Backoff(initial: .seconds(5), maximum: .seconds(600)),
        giveUpAfter: Duration? = nil,
        retention: Duration = .seconds(7 * 86400),
        shutdownTimeout: Duration = .seconds(20),
        authFailureGrace: Duration = .seconds(900),
        pollInterval: Duration = .seconds(1),
        pruneInterval: Duration = .seconds(600)
    ) {
        self.concurrency = max(1, concurrency)
        self.backoff = backoff
        self.giveUpAfter = giveUpAfter
        self.retention = retention
        self.shutdownTimeout = shutdownTimeout
        self.authFailureGrace = authFailureGrace
        self.pollInterval = pollInterval
        self.pruneInterval = pruneInterval
    }
}
