import Foundation
import PostgresNIO

/// The cluster's coordination, in PostgreSQL rather than in any replica's memory.
extension PostgresSpool: SpoolCluster {
    /// Holds a transaction-scoped advisory lock per key (sorted, so two holders of overlapping keys cannot
    /// deadlock) while `body` runs. A replica killed mid-way loses its locks with its connection; a stalled one
    /// loses them when PostgreSQL ends its idle transaction after one lease, and its lapsed leases keep it
    /// from writing anything when it wakes up.
    public func withKeysLocked<T: Sendable>(_ keys: [String], _ body: @escaping @Sendable () async -> T) async throws(SpoolError) -> T {
        let sorted = Array(Set(keys)).sorted()
        guard !sorted.isEmpty else { return await body() }
        let leaseMilliseconds = Self.milliseconds(lease)
        let logger = self.logger
        let client = self.client
        let location = self.location
        // Taking the locks has a deadline (a database that went away must not hold a delivery forever); the
        // delivery itself, once they are held, does not. Its result is the caller's as soon as it exists: the
        // commit after it only releases the locks, which a connection that died meanwhile releases as well,
        // and a COMMIT sent on a connection PostgreSQL closed during a restart was seen never to return.
        let locked = FirstAnswer<Void>.Pending()
        let deadline = Self.callTimeout + lease
        let outcome: Result<T, any Error> = await withCheckedContinuation { continuation in
            let delivered = FirstAnswer<T>(continuation)
            let work = Task {
                do {
                    try await client.withTransaction(logger: logger) { connection in
                        // Waiting longer than a lease means the holder is stuck: give up, and the alert is retried later.
                        try await connection.query("SELECT set_config('lock_timeout', \(String(leaseMilliseconds)), true)", logger: logger)
                        try await connection.query(
                            "SELECT set_config('idle_in_transaction_session_timeout', \(String(leaseMilliseconds)), true)",
                            logger: logger
                        )
                        for key in sorted {
                            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))", logger: logger)
                        }
                        // A caller that gave up waiting has reported a failure: the delivery must not happen behind its back.
                        guard locked.answer(.success(())) else { throw CancellationError() }
                        delivered.resume(.success(await body()))
                    }
                } catch {
                    locked.answer(.failure(error))
                    delivered.resume(.failure(error))
                }
            }
            Task {
                let gate = await locked.wait(orAfter: deadline) {
                    SpoolError.unreachable(location: location, reason: "no lock on the alert's dedup keys within \(deadline)")
                }
                if case .failure(let error) = gate, delivered.resume(.failure(error)) { work.cancel() }
            }
        }
        do {
            return try outcome.get()
        } catch {
            throw SpoolError.from(error, url: url, doing: "take the cluster-wide lock on dedup keys")
        }
    }

    /// An atomic count per rule and window, shared by every replica.
    public func admitNewIssue(rule: String, limit: Int, window: Duration, now: Date) async throws(SpoolError) -> (admitted: Bool, windowStart: Date) {
        let windowMilliseconds = max(1, Self.milliseconds(window))
        let start = Self.milliseconds(now) / windowMilliseconds * windowMilliseconds
        let limit = Int32(limit)
        let admitted = try await call("count new issues for flood control") { client in
            let rows = try await client.query(
                """
                INSERT INTO alert2jira_flood (rule, window_start, created) VALUES (\(rule), \(start), 1)
                ON CONFLICT (rule, window_start) DO UPDATE SET created = alert2jira_flood.created + 1
                WHERE alert2jira_flood.created < \(limit)
                RETURNING created
                """
            )
            var admitted = false
            for try await _ in rows.decode((Int32,).self) { admitted = true }
            return admitted
        }
        return (admitted && limit > 0, Self.date(start))
    }
}
