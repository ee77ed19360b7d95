import Foundation
import NIOCore
import PostgresNIO

/// What `alert2jira spool` asks of the shared spool, alongside running replicas.
extension PostgresSpool {
    public func list(state: SpoolState?, limit: Int) async throws(SpoolError) -> [SpoolRecord] {
        let stateName = state?.rawValue
        return try await call("list the spool") { client in
            let rows = try await client.query(
                """
                \(unescaped: Self.recordColumns(payload: false))
                WHERE (\(stateName)::text IS NULL OR alert.state = \(stateName)) ORDER BY alert.id DESC LIMIT \(limit)
                """
            )
            return try await Self.records(rows, payload: false)
        }
    }

    public func record(_ id: Int64) async throws(SpoolError) -> SpoolRecord {
        let found = try await call("read alert \(id)") { client in
            let rows = try await client.query("\(unescaped: Self.recordColumns(payload: true)) WHERE alert.id = \(id)")
            return try await Self.records(rows, payload: true).first
        }
        guard let found else { throw .notFound(id: id) }
        return found
    }

    /// Due now with its attempts reset, its lease dropped; a delivered alert is left alone.
    public func retry(_ id: Int64) async throws(SpoolError) {
        let now = Self.milliseconds(Date())
        let changed = try await call("retry alert \(id)") { client in
            var changed = false
            let rows = try await client.query(
                """
                UPDATE alert2jira_alert SET state = 'pending', attempts = 0, next_attempt_at = \(now), updated_at = \(now),
                    lease_owner = NULL, lease_until = NULL, lease_token = NULL
                WHERE id = \(id) AND state != 'done' RETURNING id
                """
            )
            for try await _ in rows.decode((Int64,).self) { changed = true }
            return changed
        }
        if !changed { _ = try await record(id) }
    }

    public func retryAllDead() async throws(SpoolError) -> Int {
        let now = Self.milliseconds(Date())
        return try await call("retry the dead letters") { client in
            var count = 0
            let rows = try await client.query(
                """
                UPDATE alert2jira_alert SET state = 'pending', attempts = 0, next_attempt_at = \(now), updated_at = \(now),
                    lease_owner = NULL, lease_until = NULL, lease_token = NULL
                WHERE state = 'dead' RETURNING id
                """
            )
            for try await _ in rows.decode((Int64,).self) { count += 1 }
            return count
        }
    }

    public func drop(_ id: Int64) async throws(SpoolError) {
        let dropped = try await transaction("drop alert \(id)") { connection in
            var dropped = false
            let rows = try await connection.query("DELETE FROM alert2jira_alert WHERE id = \(id) RETURNING id", logger: connection.logger)
            for try await _ in rows.decode((Int64,).self) { dropped = true }
            try await connection.query(Self.deleteOrphanPayloads, logger: connection.logger)
            return dropped
        }
        if !dropped { throw .notFound(id: id) }
    }

    private static func recordColumns(payload: Bool) -> String {
        """
        SELECT alert.id, alert.payload_id, alert.item_index, alert.title, alert.received_at, alert.state, alert.attempts,
               alert.next_attempt_at, alert.last_error, alert.delivered_rules, alert.result, alert.updated_at,
               payload.source, payload.format\(payload ? ", payload.body" : ", NULL::bytea")
        FROM alert2jira_alert AS alert JOIN alert2jira_payload AS payload ON payload.id = alert.payload_id
        """
    }

    private static func records(_ rows: PostgresRowSequence, payload: Bool) async throws -> [SpoolRecord] {
        var records: [SpoolRecord] = []
        for try await row in rows {
            let (id, payloadID, index, title, received, state, attempts, next, error, rules, result, updated, source, format, body) = try row.decode(
                (Int64, Int64, Int32, String, Int64, String, Int32, Int64, String?, String, String?, Int64, String, String, ByteBuffer?).self
            )
            records.append(
                SpoolRecord(
                    id: id,
                    payloadID: payloadID,
                    itemIndex: Int(index),
                    source: source,
                    format: format,
                    title: title,
                    receivedAt: date(received),
                    state: SpoolState(rawValue: state) ?? .pending,
                    attempts: Int(attempts),
                    nextAttemptAt: date(next),
                    lastError: error,
                    deliveredRules: decodeRules(rules),
                    result: result,
                    updatedAt: date(updated),
                    payload: payload ? body.map { Array($0.readableBytesView) } : nil
                )
            )
        }
        return records
    }
}
