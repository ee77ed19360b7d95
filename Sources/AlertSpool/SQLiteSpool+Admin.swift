import Foundation
import GRDB
import JSON

/// What `alert2jira spool` asks of the spool, from another process while the server runs.
extension SQLiteSpool {
    /// A transaction outside the group commit, on disk when it returns.
    private func durableWrite<T>(_ updates: (Database) throws -> T) throws -> T {
        let result = try pool.write(updates)
        try wal.sync()
        return result
    }

    /// Alerts, newest first, optionally in one state.
    public func list(state: SpoolState?, limit: Int) async throws(SpoolError) -> [SpoolRecord] {
        do {
            return try await pool.read { database in
                let filter = state == nil ? "" : "WHERE alert.state = ?"
                var arguments: StatementArguments = []
                if let state { arguments += [state.rawValue] }
                arguments += [limit]
                return try Row.fetchAll(
                    database,
                    sql: Self.recordQuery(filter: filter, payload: false) + " ORDER BY alert.id DESC LIMIT ?",
                    arguments: arguments
                )
                .map { Self.record($0, payload: false) }
            }
        } catch {
            throw SpoolError.from(error, directory: directory)
        }
    }

    /// One alert with its payload.
    public func record(_ id: Int64) async throws(SpoolError) -> SpoolRecord {
        let found: SpoolRecord?
        do {
            // Rows are not Sendable: the record is made inside the read, so the read is the pool's async one.
            found = try await pool.read { database in
                try Row.fetchOne(database, sql: Self.recordQuery(filter: "WHERE alert.id = ?", payload: true), arguments: [id])
                    .map { Self.record($0, payload: true) }
            }
        } catch {
            throw SpoolError.from(error, directory: directory)
        }
        guard let found else { throw .notFound(id: id) }
        return found
    }

    /// Makes a dead (or pending) alert due now, with its attempts reset; a delivered one is left alone.
    public func retry(_ id: Int64) async throws(SpoolError) {
        let changed: Int
        do {
            changed = try durableWrite { database in
                try database.execute(
                    sql: """
                        UPDATE alert SET state = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ?
                        WHERE id = ? AND state != 'done'
                        """,
                    arguments: [Self.milliseconds(Date()), Self.milliseconds(Date()), id]
                )
                return database.changesCount
            }
        } catch {
            throw SpoolError.from(error, directory: directory)
        }
        if changed == 0 {
            _ = try await record(id)
        }
    }

    /// Makes every dead alert pending again; returns how many.
    public func retryAllDead() async throws(SpoolError) -> Int {
        do {
            return try durableWrite { database in
                let now = Self.milliseconds(Date())
                try database.execute(
                    sql: "UPDATE alert SET state = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ? WHERE state = 'dead'",
                    arguments: [now, now]
                )
                return database.changesCount
            }
        } catch {
            throw SpoolError.from(error, directory: directory)
        }
    }

    /// Deletes an alert (and its payload when no other alert shares it).
    public func drop(_ id: Int64) async throws(SpoolError) {
        let changed: Int
        do {
            changed = try durableWrite { database in
                try database.execute(sql: "DELETE FROM alert WHERE id = ?", arguments: [id])
                let changed = database.changesCount
                try Self.deleteOrphanPayloads(database)
                return changed
            }
        } catch {
            throw SpoolError.from(error, directory: directory)
        }
        if changed == 0 { throw .notFound(id: id) }
    }

    /// Closes the database; the WAL is checkpointed so the directory holds one tidy file.
    public func close() async throws(SpoolError) {
        do {
            try pool.close()
        } catch {
            throw SpoolError.from(error, directory: directory)
        }
    }
}
