import Contracts

/// How `alert2jira serve` runs: where it listens and keeps its spool, how long it waits for slow
/// senders, how it retries Jira, how long it keeps delivered alerts, and how it logs.
///
/// Every setting has a default, so the `server:` section is optional; `--listen`, `--data-dir` and
/// `--log-format` override the file.
public struct ServerConfig: Sendable, Equatable {
    /// How log lines are written.
    public enum LogFormat: String, Sendable, Equatable, CaseIterable {
        /// `2024-05-01T12:00:00.000Z info message key=value`, for people.
        case text
        /// One JSON object per line, for log collectors.
        case json
    }

    /// The least severe log lines written.
    public enum LogLevel: String, Sendable, Equatable, CaseIterable {
        case trace
        case debug
        case info
        case notice
        case warning
        case error
        case critical
    }

    public var listen: ListenAddress
    /// The spool's directory, resolved against the config file's directory when relative.
    public var dataDirectory: String
    /// A PostgreSQL database shared by replicas (`spool_url`); `nil`: the SQLite spool under `dataDirectory`.
    public var spoolURL: PostgresURL?
    /// How long a replica owns an alert it claimed; renewed while its delivery runs, taken over by
    /// another replica when it lapses (a replica killed or stalled).
    public var lease: Duration
    /// Larger request bodies are refused with 413 before they are read whole.
    public var bodyLimit: Int
    /// The bytes of request bodies held at once across every connection; past it, requests get 503.
    public var bodyMemory: Int
    /// Documents (alert payloads) one request may hold; more are refused with 413.
    public var maxDocuments: Int
    /// The spool's database may not grow past this many bytes: beyond it new alerts are refused with 503
    /// (and senders retry) rather than filling the disk while Jira is down.
    public var spoolLimit: Int
    /// Connections served at once; more are answered 503 and closed, so a flood cannot exhaust file
    /// descriptors or memory.
    public var maxConnections: Int
    /// A connection must send a request's complete headers within this time (slowloris).
    public var headerTimeout: Duration
    /// …and its complete body within this time once the headers are in.
    public var bodyTimeout: Duration
    /// A kept-alive connection with no request for this long is closed.
    public var idleTimeout: Duration
    /// Alerts delivered to Jira at once.
    public var workerConcurrency: Int
    /// The first wait after a temporary failure; it doubles per attempt up to `retryMaximum`.
    public var retryInitial: Duration
    public var retryMaximum: Duration
    /// A pending alert still failing this long after it arrived becomes a dead letter; `nil`: never.
    public var giveUpAfter: Duration?
    /// Delivered alerts stay in the spool (for `alert2jira spool`) this long, then are pruned.
    public var retention: Duration
    /// Whether a payload of no known shape is taken as `generic`; otherwise it is refused with 422.
    public var allowGeneric: Bool
    /// SNS topic ARNs (`*` matches any characters) whose messages are accepted and whose
    /// subscriptions are confirmed, for sources without their own `sns_topics`.
    public var snsTopics: [String]
    /// Whether an SNS SubscriptionConfirmation from an allowed topic is confirmed automatically.
    public var confirmSNSSubscriptions: Bool
    public var logFormat: LogFormat
    public var logLevel: LogLevel
    /// How often each Jira connection is probed for `/readyz`.
    public var healthCheckInterval: Duration
    /// How long a shutdown waits for deliveries in flight before leaving them to the next start.
    public var shutdownTimeout: Duration
    /// How long credentials Jira refuses are retried (the connection paused meanwhile) before alerts become
    /// dead letters: a token rotated late should not cost a night of alerts.
    public var authFailureGrace: Duration

    public init(
        listen: ListenAddress = .default,
        dataDirectory: String = "alert2jira-data",
        spoolURL: PostgresURL? = nil,
        lease: Duration = .seconds(120),
        bodyLimit: Int = 1 << 20,
        bodyMemory: Int = 64 << 20,
        maxDocuments: Int = 1000,
        spoolLimit: Int = 1 << 30,
        maxConnections: Int = 1024,
        headerTimeout: Duration = .seconds(10),
        bodyTimeout: Duration = .seconds(30),
        idleTimeout: Duration = .seconds(60),
        workerConcurrency: Int = 4,
        retryInitial: Duration = .seconds(5),
        retryMaximum: Duration = .seconds(600),
        giveUpAfter: Duration? = nil,
        retention: Duration = .seconds(7 * 86400),
        allowGeneric: Bool = true,
        snsTopics: [String] = [],
        confirmSNSSubscriptions: Bool = true,
        logFormat: LogFormat = .text,
        logLevel: LogLevel = .info,
        healthCheckInterval: Duration = .seconds(60),
        shutdownTimeout: Duration = .seconds(20),
        authFailureGrace: Duration = .seconds(900)
    ) {
        self.listen = listen
        self.dataDirectory = dataDirectory
        self.spoolURL = spoolURL
        self.lease = lease
        self.bodyLimit = bodyLimit
        self.bodyMemory = bodyMemory
        self.maxDocuments = maxDocuments
        self.spoolLimit = spoolLimit
        self.maxConnections = maxConnections
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.workerConcurrency = workerConcurrency
        self.retryInitial = retryInitial
        self.retryMaximum = retryMaximum
        self.giveUpAfter = giveUpAfter
        self.retention = retention
        self.allowGeneric = allowGeneric
        self.snsTopics = snsTopics
        self.confirmSNSSubscriptions = confirmSNSSubscriptions
        self.logFormat = logFormat
        self.logLevel = logLevel
        self.healthCheckInterval = healthCheckInterval
        self.shutdownTimeout = shutdownTimeout
        self.authFailureGrace = authFailureGrace
    }
}
