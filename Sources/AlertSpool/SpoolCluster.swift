import Foundation

/// What replicas sharing a spool coordinate through it, so the lifecycle holds across processes: alerts with
/// the same dedup key are delivered one after the other cluster-wide, and flood-control windows count every
/// replica's new issues.
public protocol SpoolCluster: Sendable {
    /// Runs `body` while no other replica works on any of `keys`; throws when the keys can't be had (the
    /// database is down, or another replica held them for longer than a lease).
    func withKeysLocked<T: Sendable>(_ keys: [String], _ body: @escaping @Sendable () async -> T) async throws(SpoolError) -> T

    /// Whether `rule` may create one more issue in the window that holds `now`; counts it if so.
    func admitNewIssue(rule: String, limit: Int, window: Duration, now: Date) async throws(SpoolError) -> (admitted: Bool, windowStart: Date)
}
