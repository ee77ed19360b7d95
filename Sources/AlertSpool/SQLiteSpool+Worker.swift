import Foundation
import GRDB
import JSON

/// What the server asks of the spool: accept, claim, finish, and the figures health checks read.
extension SQLiteSpool {
    /// Stores accepted documents and their alerts; `completion` gets the alerts' ids once they are on
    /// disk. It runs on one of the spool's writer queues, so it should only hand the answer on.
    public func accept(
        _ payloads: [SpoolPayload],
        now: Date,
        completion: @escaping @Sendable (Result<[Int64], SpoolError>) -> Void
    ) {
        let milliseconds = Self.milliseconds(now)
        let directory = directory
        writer.submit(
            { database in try Self.insert(payloads, receivedAt: milliseconds, into: database) },
            completion: { result in completion(result.mapError { SpoolError.from($0, directory: directory) }) }
        )
    }

    private static func insert(_ payloads: [SpoolPayload], receivedAt milliseconds: Int64, into database: Database) throws -> [Int64] {
        var ids: [Int64] = []
        let insertPayload = try database.cachedStatement(
            sql: "INSERT INTO payload (received_at, source, format, body) VALUES (?, ?, ?, ?)"
        )
        let insertAlert = try database.cachedStatement(
            sql: """
                INSERT INTO alert (payload_id, item_index, title, received_at, state, next_attempt_at, updated_at)
                VALUES (?, ?, ?, ?, 'pending', ?, ?)
                """
        )
        for payload in payloads {
            try insertPayload.execute(arguments: [milliseconds, payload.source, payload.format, Data(payload.body)])
            let payloadID = database.lastInsertedRowID
            for item in payload.items {
                try insertAlert.execute(arguments: [payloadID, item.index, item.title, milliseconds, milliseconds, milliseconds])
                ids.append(database.lastInsertedRowID)
            }
        }
        return ids
    }

    public func claim(now: Date, limit: Int, excluding: Set<Int64>) async throws(SpoolError) -> [DueAlert] {
        let milliseconds = Self.milliseconds(now)
        let excluded = Array(excluding)
        do {
            return try await pool.read { database in
                let placeholders = excluded.isEmpty ? "" : "AND alert.id NOT IN (\(excluded.map { _ in "?" }.joined(separator: ",")))"
                var arguments: StatementArguments = [milliseconds]
                arguments += StatementArguments(excluded)
                arguments += [limit]
                let rows = try Row.fetchAll(
                    database,
                    sql: """
                        SELECT alert.id, alert.item_index, alert.attempts, alert.received_at, alert.delivered_rules,
                               payload.source, payload.format, payload.body
                        FROM alert JOIN payload ON payload.id = alert.payload_id
                        WHERE alert.state = 'pending' AND alert.next_attempt_at <= ? \(placeholders)
                        ORDER BY alert.next_attempt_at, alert.id
                        LIMIT ?
                        """,
                    arguments: arguments
                )
                return rows.map { row in
                    DueAlert(
                        id: row["id"],
                        itemIndex: row["item_index"],
                        source: row["source"],
                        format: row["format"],
                        body: [UInt8](row["body"] as Data),
                        attempts: row["attempts"],
                        receivedAt: Self.date(row["received_at"]),
                        deliveredRules: Self.decodeRules(row["delivered_rules"])
                    )
                }
            }
        } catch {
            throw SpoolError.from(error, directory: directory)
        }
    }

    /// When the next pending alert is due, if any is pending.
    public func nextDue() async throws(SpoolError) -> Date? {
        do {
            let milliseconds = try await pool.read { database in
                try Int64.fetchOne(database, sql: "SELECT MIN(next_attempt_at) FROM alert WHERE state = 'pending'")
            }
            return milliseconds.map(Self.date)
        } catch {
            throw SpoolError.from(error, directory: directory)
        }
    }

    /// Records what an attempt decided. Only a pending row changes: a row dropped or retried by
    /// `alert2jira spool` meanwhile is left as the operator made it.
    @discardableResult
    public func finish(_ claim: SpoolClaim, _ update: SpoolUpdate, countsAsAttempt: Bool, now: Date) async throws(SpoolError) -> Bool {
        let id = claim.id
        let milliseconds = Self.milliseconds(now)
        let increment = countsAsAttempt ? 1 : 0
        do {
            return try await writer.perform { database in
                switch update {
                case .done(let result, let rules):
                    try database.execute(
                        sql: """
                            UPDATE alert SET state = 'done', attempts = attempts + ?, result = ?, delivered_rules = ?, last_error = NULL,
                                updated_at = ? WHERE id = ? AND state = 'pending'
                            """,
                        arguments: [increment, result, Self.encodeRules(rules), milliseconds, id]
                    )
                case .dead(let reason, let result, let rules):
                    try database.execute(
                        sql: """
                            UPDATE alert SET state = 'dead', attempts = attempts + ?, result = ?, delivered_rules = ?, last_error = ?,
                                updated_at = ? WHERE id = ? AND state = 'pending'
                            """,
                        arguments: [increment, result, Self.encodeRules(rules), reason, milliseconds, id]
                    )
                case .retry(let error, let nextAttempt, let rules):
                    try database.execute(
                        sql: """
                            UPDATE alert SET attempts = attempts + ?, next_attempt_at = ?, delivered_rules = ?, last_error = ?,
                                updated_at = ? WHERE id = ? AND state = 'pending'
                            """,
                        arguments: [increment, Self.milliseconds(nextAttempt), Self.encodeRules(rules), error, milliseconds, id]
                    )
                }
                return database.changesCount > 0
            }
        } catch {
            throw SpoolError.from(error, directory: directory)
        }
    }

    public func postpone(_ claims: [SpoolClaim], until: Date, reason: String) async throws(SpoolError) {
        let ids = claims.map(\.id)
        guard !ids.isEmpty else { return }
        let milliseconds = Self.milliseconds(until)
        do {
            try await writer.perform { database in
                try database.execute(
                    sql: """
                        UPDATE alert SET next_attempt_at = MAX(next_attempt_at, ?), last_error = ?
                        WHERE state = 'pending' AND id IN (\(ids.map { _ in "?" }.joined(separator: ",")))
                        """,
                    arguments: StatementArguments([milliseconds, reason] as [any DatabaseValueConvertible]) + StatementArguments(ids)
                )
            }
        } catch {
            throw SpoolError.from(error, directory: directory)
        }
    }

    /// One process owns this spool: its claims never lapse.
    public func renew(_ claims: [SpoolClaim], now: Date) async throws(SpoolError) -> Set<SpoolClaim> {
        Set(claims)
    }

    public func holds(_ claim: SpoolClaim, now: Date) async -> Bool {
        true
    }

    public var leaseDuration: Duration? { nil }

    public var cluster: (any SpoolCluster)? { nil }

    /// Deletes delivered alerts last changed before `cutoff`, and payloads no alert refers to any more.
    @discardableResult
    public func prune(deliveredBefore cutoff: Date) async throws(SpoolError) -> Int {
        let milliseconds = Self.milliseconds(cutoff)
        do {
            return try await writer.perform { database in
                try database.execute(sql: "DELETE FROM alert WHERE state = 'done' AND updated_at < ?", arguments: [milliseconds])
                let pruned = database.changesCount
                try Self.deleteOrphanPayloads(database)
                return pruned
            }
        } catch {
            throw SpoolError.from(error, directory: directory)
        }
    }

    /// Counts per state and the oldest pending alert.
    public func statistics() async throws(SpoolError) -> SpoolStatistics {
        do {
            return try await pool.read { database in try Self.statistics(database) }
        } catch {
            throw SpoolError.from(error, directory: directory)
        }
    }

    /// Proves the spool takes writes right now (for `/readyz`): a real, committed write.
    public func checkWritable() async throws(SpoolError) {
        do {
            try await writer.perform { database in
                try database.execute(sql: "CREATE TABLE IF NOT EXISTS probe (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)")
                try database.execute(sql: "INSERT OR REPLACE INTO probe (id, at) VALUES (1, ?)", arguments: [Self.milliseconds(Date())])
            }
        } catch {
            throw SpoolError.from(error, directory: directory)
        }
    }

    /// Group-commit figures: transactions committed, the writes they carried, and the log syncs.
    public func commitStatistics() -> (transactions: Int, writes: Int, syncs: Int) {
        writer.statistics
    }
}
