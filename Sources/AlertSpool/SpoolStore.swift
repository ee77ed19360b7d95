import Foundation

/// The durable queue between "202 Accepted" and Jira, as the intake, the worker and `alert2jira spool` use it.
///
/// Every accepted alert is a row until its outcome is final. A backend promises that a write is durable when it
/// reports it done, so the server never answers 2xx for an alert a crash could lose. ``SQLiteSpool`` is the
/// embedded default.
public protocol SpoolStore: Sendable {
    /// Where the spool lives, for messages: a directory, or a database address without its password.
    var location: String { get }

    // MARK: Intake

    /// Stores accepted documents and their alerts; `completion` gets the alerts' ids once they are durable. It
    /// may run on a queue of the backend's, so it should only hand the answer on.
    func accept(_ payloads: [SpoolPayload], now: Date, completion: @escaping @Sendable (Result<[Int64], SpoolError>) -> Void)

    // MARK: Worker

    /// Pending alerts due at `now`, oldest due first, that no one else holds, leaving out those this process is
    /// already delivering. On a shared spool each comes with a lease of ``leaseDuration``.
    func claim(now: Date, limit: Int, excluding: Set<Int64>) async throws(SpoolError) -> [DueAlert]
    /// Extends the leases of claims still being delivered; returns those still held (the others lapsed and
    /// may already be another replica's).
    func renew(_ claims: [SpoolClaim], now: Date) async throws(SpoolError) -> Set<SpoolClaim>
    /// Whether the claim is still held: what a worker asks before each write to Jira.
    func holds(_ claim: SpoolClaim, now: Date) async -> Bool
    /// When the next pending alert is due, if any is pending.
    func nextDue() async throws(SpoolError) -> Date?
    /// Records what an attempt decided and releases the claim; `false` when nothing changed: an operator
    /// dropped or retried the row meanwhile, or the lease lapsed and the row is another replica's.
    @discardableResult
    func finish(_ claim: SpoolClaim, _ update: SpoolUpdate, countsAsAttempt: Bool, now: Date) async throws(SpoolError) -> Bool
    /// Moves claimed alerts to `until` without counting an attempt, and releases them: their connection is paused.
    func postpone(_ claims: [SpoolClaim], until: Date, reason: String) async throws(SpoolError)
    /// Deletes delivered alerts last changed before `cutoff`; returns how many.
    func prune(deliveredBefore cutoff: Date) async throws(SpoolError) -> Int

    // MARK: Health

    /// Counts per state and the oldest pending alert.
    func statistics() async throws(SpoolError) -> SpoolStatistics
    /// Proves the spool takes writes right now (for `/readyz`) with a real, durable write.
    func checkWritable() async throws(SpoolError)

    // MARK: Operator (`alert2jira spool`)

    /// Alerts, newest first, optionally in one state.
    func list(state: SpoolState?, limit: Int) async throws(SpoolError) -> [SpoolRecord]
    /// One alert with its payload.
    func record(_ id: Int64) async throws(SpoolError) -> SpoolRecord
    /// Makes a dead (or pending) alert due now, with its attempts reset; a delivered one is left alone.
    func retry(_ id: Int64) async throws(SpoolError)
    /// Makes every dead alert pending again; returns how many.
    func retryAllDead() async throws(SpoolError) -> Int
    /// Deletes an alert, and its payload when no other alert shares it.
    func drop(_ id: Int64) async throws(SpoolError)

    /// Closes the spool; nothing is written after it returns.
    func close() async throws(SpoolError)

    /// How long a claim stays this worker's without a renewal; `nil` on a spool one process owns.
    var leaseDuration: Duration? { get }
    /// Coordination across replicas; `nil` on a spool one process owns.
    var cluster: (any SpoolCluster)? { get }
}

extension SpoolStore {
    /// Stores accepted documents and their alerts; returns the alerts' ids once they are durable.
    public func accept(_ payloads: [SpoolPayload], now: Date = Date()) async throws(SpoolError) -> [Int64] {
        let result = await withCheckedContinuation { continuation in
            accept(payloads, now: now) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    public func accept(_ payloads: [SpoolPayload], completion: @escaping @Sendable (Result<[Int64], SpoolError>) -> Void) {
        accept(payloads, now: Date(), completion: completion)
    }

    public func claim(limit: Int, excluding: Set<Int64> = []) async throws(SpoolError) -> [DueAlert] {
        try await claim(now: Date(), limit: limit, excluding: excluding)
    }

    @discardableResult
    public func finish(_ id: Int64, _ update: SpoolUpdate, countsAsAttempt: Bool = true) async throws(SpoolError) -> Bool {
        try await finish(SpoolClaim(id: id), update, countsAsAttempt: countsAsAttempt, now: Date())
    }

    public func list(state: SpoolState? = nil) async throws(SpoolError) -> [SpoolRecord] {
        try await list(state: state, limit: 100)
    }
}
