import Foundation

/// What deliveries must agree on beyond one process: which of them works on a dedup key, and how many new
/// issues a rule made in a flood window. ``ProcessCoordinator`` agrees within the process; replicas sharing a
/// spool agree through it.
public protocol DeliveryCoordinator: Sendable {
    /// Whether other processes deliver too, so what this process remembers about a key's issue may be stale:
    /// then every lookup asks Jira, under the key's lock.
    var isShared: Bool { get }

    /// Runs `body` while no other delivery works on any of `keys`; throws ``CoordinationError`` when the keys
    /// can't be had now (the delivery is then retried later).
    func withKeys<T: Sendable>(_ keys: [String], _ body: @escaping @Sendable () async -> T) async throws(CoordinationError) -> T

    /// Whether `rule` may create one more issue in the window holding `now`; counts it if so.
    func admitNewIssue(rule: String, limit: Int, window: Duration, now: Date) async throws(CoordinationError) -> (admitted: Bool, windowStart: Date)
}

/// Why the coordination a delivery needs is not available right now; the delivery is retried later.
public struct CoordinationError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Coordination for one process: an in-memory lock per key and flood windows in memory.
public struct ProcessCoordinator: DeliveryCoordinator {
    let locks = KeyedLock()
    let flood = FloodControl()

    public init() {}

    public var isShared: Bool { false }

    public func withKeys<T: Sendable>(_ keys: [String], _ body: @escaping @Sendable () async -> T) async throws(CoordinationError) -> T {
        await locks.lock(keys)
        let result = await body()
        await locks.unlock(keys)
        return result
    }

    public func admitNewIssue(
        rule: String,
        limit: Int,
        window: Duration,
        now: Date
    ) async throws(CoordinationError) -> (admitted: Bool, windowStart: Date) {
        await flood.admit(rule: rule, limit: limit, per: TimeInterval(window.components.seconds), now: now)
    }
}

/// Asked before a delivery writes to Jira: whether this process may still act for the alert. A worker whose
/// claim on a shared spool lapsed (it was stalled, and another replica took the alert over) must not.
///
/// A parameter, not a task-local value: `TaskLocal.withValue` inside the worker actor crashed release builds
/// (Swift 6.3, `swift_task_localValuePush`).
public typealias DeliveryFence = @Sendable () async -> Bool
