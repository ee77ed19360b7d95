import Foundation
import GRDB
import JSON

/// Rows to values and back: timestamps as milliseconds, rule lists as JSON.
extension SQLiteSpool {
    static func statistics(_ database: Database) throws -> SpoolStatistics {
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

    static func deleteOrphanPayloads(_ database: Database) throws {
        try database.execute(sql: "DELETE FROM payload WHERE NOT EXISTS (SELECT 1 FROM alert WHERE alert.payload_id = payload.id)")
    }

    static func recordQuery(filter: String, payload: Bool) -> String {
        """
        SELECT alert.id, alert.payload_id, alert.item_index, alert.title, alert.received_at, alert.state, alert.attempts,
               alert.next_attempt_at, alert.last_error, alert.delivered_rules, alert.result, alert.updated_at,
               payload.source, payload.format\(payload ? ", payload.body" : "")
        FROM alert JOIN payload ON payload.id = alert.payload_id
        \(filter)
        """
    }

    static func record(_ row: Row, payload: Bool) -> SpoolRecord {
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

extension SpoolError {
    /// Maps SQLite's answer to what it means for the spool.
    static func from(_ error: any Error, directory: String) -> SpoolError {
        if let spoolError = error as? SpoolError { return spoolError }
        if let databaseError = error as? DatabaseError {
            if databaseError.resultCode == .SQLITE_FULL { return .full(location: directory) }
            let detail = databaseError.message ?? "\(databaseError.resultCode)"
            return .unavailable(location: directory, reason: "SQLite error \(databaseError.resultCode.rawValue): \(detail)")
        }
        return .unavailable(location: directory, reason: "\(error)")
    }
}
