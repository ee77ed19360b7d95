import Alert2Jira
import AlertSpool
import Foundation

/// Replicas coordinating through the spool they share: dedup keys locked cluster-wide, flood windows counted
/// in the database.
public struct SpoolCoordinator: DeliveryCoordinator {
    let cluster: any SpoolCluster

    public init(cluster: any SpoolCluster) {
        self.cluster = cluster
    }

    /// The coordinator a spool calls for: through it when replicas share it, in memory otherwise.
    public static func of(_ spool: any SpoolStore) -> any DeliveryCoordinator {
        spool.cluster.map { SpoolCoordinator(cluster: $0) } ?? ProcessCoordinator()
    }

    public var isShared: Bool { true }

    public func withKeys<T: Sendable>(_ keys: [String], _ body: @escaping @Sendable () async -> T) async throws(CoordinationError) -> T {
        do throws(SpoolError) {
            return try await cluster.withKeysLocked(keys, body)
        } catch {
            throw CoordinationError(error.description)
        }
    }

    public func admitNewIssue(
        rule: String,
        limit: Int,
        window: Duration,
        now: Date
    ) async throws(CoordinationError) -> (admitted: Bool, windowStart: Date) {
        do throws(SpoolError) {
            return try await cluster.admitNewIssue(rule: rule, limit: limit, window: window, now: now)
        } catch {
            throw CoordinationError(error.description)
        }
    }
}
