import AlertModel
import Foundation
import GRDB

/// The durable queue between "202 Accepted" and Jira: SQLite in WAL mode under the data directory,
/// each write synced to disk before it is reported done (``WALSync``), so an alert the server
/// answered 2xx for survives `kill -9` and power loss.
///
/// Two tables: `payload` holds each accepted document's exact bytes once; `alert` holds one row per
/// alert in it, with its delivery state. Writes from the server go through ``SpoolWriter`` (group
/// commit); `alert2jira spool` opens the same file from another process, which WAL allows while the
/// server runs.
public final class Spool: Sendable {
    public let directory: String
    let pool: DatabasePool
    let wal: WALSync
    let writer: SpoolWriter

    /// The spool's file inside the data directory.
    public static func path(inDirectory directory: String) -> String {
        directory + "/spool.sqlite"
    }

    /// Opens (creating when needed) the spool in `directory`.
    ///
    /// - Parameter maximumPageCount: caps the file's size in pages; tests use it to fill the "disk".
    public init(directory: String, maximumPageCount: Int? = nil) throws(SpoolError) {
        self.directory = directory
        do {
            try FileManager.default.createDirectory(
                atPath: directory,
                withIntermediateDirectories: true,
                // Payloads can hold anything a monitoring system knows; only the service user reads them.
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw .unavailable(directory: directory, reason: "cannot create the directory: \(error.localizedDescription)")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.maximumReaderCount = 2
        configuration.label = "alert2jira.spool"
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: Self.path(inDirectory: directory), configuration: configuration)
            // NORMAL writes the log without waiting for the disk; every write then waits for
            // `wal.sync()` before it is reported done, so a 202 still survives a power cut.
            try pool.writeWithoutTransaction { database in
                try database.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            try Self.migrator.migrate(pool)
            if let maximumPageCount {
                try pool.writeWithoutTransaction { database in
                    try database.execute(sql: "PRAGMA max_page_count = \(maximumPageCount)")
                }
            }
        } catch {
            throw SpoolError.from(error, directory: directory)
        }
        self.pool = pool
        wal = WALSync(databasePath: Self.path(inDirectory: directory), directory: directory)
        writer = SpoolWriter(pool: pool, wal: wal)
    }

    /// SQLite's default page size, which the spool keeps.
    static let pageSize = 4096

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { database in
            try database.execute(
                sql: """
                    CREATE TABLE payload (
                        id INTEGER PRIMARY KEY,
                        received_at INTEGER NOT NULL,
                        source TEXT NOT NULL,
                        format TEXT NOT NULL,
                        body BLOB NOT NULL
                    );
                    CREATE TABLE alert (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        payload_id INTEGER NOT NULL REFERENCES payload(id),
                        item_index INTEGER NOT NULL,
                        title TEXT NOT NULL,
                        received_at INTEGER NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'dead')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER NOT NULL,
                        last_error TEXT,
                        delivered_rules TEXT NOT NULL DEFAULT '[]',
                        result TEXT,
                        updated_at INTEGER NOT NULL
                    );
                    CREATE INDEX alert_due ON alert(state, next_attempt_at);
                    CREATE INDEX alert_state_updated ON alert(state, updated_at);
                    CREATE INDEX alert_payload ON alert(payload_id);
                    """
            )
        }
        return migrator
    }

    // MARK: - Server side

    /// Stores accepted documents and their alerts; returns the alerts' ids once they are on disk.
    public func accept(_ payloads: [SpoolPayload], now: Date = Date()) async throws(SpoolError) -> [Int64] {
        let result = await withCheckedContinuation { continuation in
            accept(payloads, now: now) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// Stores accepted documents and their alerts; `completion` gets the alerts' ids once they are on
    /// disk. It runs on one of the spool's writer queues, so it should only hand the answer on.
    public func accept(
        _ payloads: [SpoolPayload],
        now: Date = Date(),
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

    /// Pending alerts due at `now`, oldest due first, leaving out those already being delivered.
    public func due(now: Date = Date(), limit: Int, excluding: Set<Int64> = []) async throws(SpoolError) -> [DueAlert] {
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
                        receivedAtMilliseconds: row["received_at"],
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
    public func finish(_ id: Int64, _ update: SpoolUpdate, countsAsAttempt: Bool = true, now: Date = Date()) async throws(SpoolError) {
        let milliseconds = Self.milliseconds(now)
        let increment = countsAsAttempt ? 1 : 0
        do {
            try await writer.perform { database in
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
            }
        } catch {
            throw SpoolError.from(error, directory: directory)
        }
    }

    /// Moves pending alerts to `until` without counting an attempt: their connection is paused.
    public func postpone(_ ids: [Int64], until: Date, reason: String) async throws(SpoolError) {
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

    // MARK: - Operator side (`alert2jira spool`), synchronous

    /// A transaction outside the group commit, on disk when it returns.
    private func durableWrite<T>(_ updates: (Database) throws -> T) throws -> T {
        let result = try pool.write(updates)
        try wal.sync()
        return result
    }

    /// Alerts, newest first, optionally in one state.
    public func list(state: SpoolState? = nil, limit: Int = 100) throws(SpoolError) -> [SpoolRecord] {
        do {
            return try pool.read { database in
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
    public func record(_ id: Int64) throws(SpoolError) -> SpoolRecord {
        let row: Row?
        do {
            row = try pool.read { database in
                try Row.fetchOne(database, sql: Self.recordQuery(filter: "WHERE alert.id = ?", payload: true), arguments: [id])
            }
        } catch {
            throw SpoolError.from(error, directory: directory)
        }
        guard let row else { throw .notFound(id: id) }
        return Self.record(row, payload: true)
    }

    /// Makes a dead (or pending) alert due now, with its attempts reset; a delivered one is left alone.
    public func retry(_ id: Int64) throws(SpoolError) {
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
            _ = try record(id)
        }
    }

    /// Makes every dead alert pending again; returns how many.
    public func retryAllDead() throws(SpoolError) -> Int {
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
    public func drop(_ id: Int64) throws(SpoolError) {
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

    /// Counts per state, synchronously (for `alert2jira spool list`'s closing line).
    public func currentStatistics() throws(SpoolError) -> SpoolStatistics {
        do {
            return try pool.read { database in try Self.statistics(database) }
        } catch {
            throw SpoolError.from(error, directory: directory)
        }
    }

    /// Closes the database; the WAL is checkpointed so the directory holds one tidy file.
    public func close() throws(SpoolError) {
        do {
            try pool.close()
        } catch {
            throw SpoolError.from(error, directory: directory)
        }
    }

    // MARK: - Helpers

    private static func statistics(_ database: Database) throws -> SpoolStatistics {
        var statistics = SpoolStatistics()
        for row in try Row.fetchAll(database, sql: "SELECT state, COUNT(*) AS count FROM alert GROUP BY state") {
            let count: Int = row["count"]
            switch SpoolState(rawValue: row["state"]) {
            case .pending: statistics.pending = count
            case .done: statistics.done = count
            case .dead: statistics.dead = count
            case nil: break
            }
        }
        statistics.oldestPending = try Int64.fetchOne(database, sql: "SELECT MIN(received_at) FROM alert WHERE state = 'pending'").map(date)
        return statistics
    }

    private static func deleteOrphanPayloads(_ database: Database) throws {
        try database.execute(sql: "DELETE FROM payload WHERE NOT EXISTS (SELECT 1 FROM alert WHERE alert.payload_id = payload.id)")
    }

    private static func recordQuery(filter: String, payload: Bool) -> String {
        """
        SELECT alert.id, alert.payload_id, alert.item_index, alert.title, alert.received_at, alert.state, alert.attempts,
               alert.next_attempt_at, alert.last_error, alert.delivered_rules, alert.result, alert.updated_at,
               payload.source, payload.format\(payload ? ", payload.body" : "")
        FROM alert JOIN payload ON payload.id = alert.payload_id
        \(filter)
        """
    }

    private static func record(_ row: Row, payload: Bool) -> SpoolRecord {
        SpoolRecord(
            id: row["id"],
            payloadID: row["payload_id"],
            itemIndex: row["item_index"],
            source: row["source"],
            format: row["format"],
            title: row["title"],
            receivedAt: date(row["received_at"]),
            state: SpoolState(rawValue: row["state"]) ?? .pending,
            attempts: row["attempts"],
            nextAttemptAt: date(row["next_attempt_at"]),
            lastError: row["last_error"],
            deliveredRules: decodeRules(row["delivered_rules"]),
            result: row["result"],
            updatedAt: date(row["updated_at"]),
            payload: payload ? [UInt8](row["body"] as Data) : nil
        )
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    static func encodeRules(_ rules: [String]) -> String {
        JSONValue.array(rules.map(JSONValue.string)).jsonString
    }

    static func decodeRules(_ text: String) -> [String] {
        (try? JSONParser.parse(Array(text.utf8)))?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
