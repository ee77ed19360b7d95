import Foundation

/// What the server last learned about each Jira connection, from deliveries and periodic probes:
/// `/readyz` reports it, and the worker pauses a connection that is down instead of sending it every
/// pending alert.
public actor ConnectionHealth {
    /// The last word on one connection.
    public struct Status: Sendable, Equatable {
        public var failing: Bool
        public var message: String
        public var checkedAt: Date
        /// Consecutive temporary failures, for the pause's backoff.
        public var consecutiveFailures: Int
        /// Deliveries through the connection wait until then.
        public var pausedUntil: Date?
    }

    private var statuses: [String: Status] = [:]

    public init() {}

    /// Since when Jira has refused each connection's credentials, without an answer in between.
    private var credentialsRefusedSince: [String: Date] = [:]

    /// Jira refused the connection's credentials; returns since when it has (the first refusal in a row).
    @discardableResult
    public func credentialsRefused(_ connection: String, at now: Date = Date()) -> Date {
        if let since = credentialsRefusedSince[connection] { return since }
        credentialsRefusedSince[connection] = now
        return now
    }

    /// Since when Jira has refused the connection's credentials, or `nil` when it has not lately.
    public func credentialsRefusedSince(_ connection: String) -> Date? {
        credentialsRefusedSince[connection]
    }

    /// An authenticated call went through: the credentials work (a probe of an anonymous endpoint says nothing).
    public func credentialsAccepted(_ connection: String) {
        credentialsRefusedSince[connection] = nil
    }

    public func succeeded(_ connection: String, message: String = "ok", at now: Date = Date()) {
        statuses[connection] = Status(failing: false, message: message, checkedAt: now, consecutiveFailures: 0, pausedUntil: nil)
    }

    /// Records a failure; `pauseUntil` holds the connection's deliveries back (a temporary failure).
    /// Returns the consecutive failures so far, this one included.
    @discardableResult
    public func failed(_ connection: String, message: String, pauseUntil: Date?, at now: Date = Date()) -> Int {
        var status = statuses[connection] ?? Status(failing: true, message: message, checkedAt: now, consecutiveFailures: 0, pausedUntil: nil)
        status.failing = true
        status.message = message
        status.checkedAt = now
        status.consecutiveFailures += 1
        if let pauseUntil { status.pausedUntil = max(status.pausedUntil ?? pauseUntil, pauseUntil) }
        statuses[connection] = status
        return status.consecutiveFailures
    }

    /// Consecutive temporary failures of the connection so far.
    public func consecutiveFailures(_ connection: String) -> Int {
        statuses[connection]?.consecutiveFailures ?? 0
    }

    /// Until when deliveries through `connection` wait, if they do.
    public func pausedUntil(_ connection: String, now: Date = Date()) -> Date? {
        guard let until = statuses[connection]?.pausedUntil, until > now else { return nil }
        return until
    }

    /// When every one of `connections` is paused, the earliest moment one of them resumes: until
    /// then no delivery can get through, so the worker need not even look at the spool.
    public func allPaused(_ connections: some Sequence<String>, now: Date = Date()) -> Date? {
        var earliest: Date?
        for connection in connections {
            guard let until = statuses[connection]?.pausedUntil, until > now else { return nil }
            earliest = min(earliest ?? until, until)
        }
        return earliest
    }

    public func snapshot() -> [String: Status] {
        statuses
    }
}
