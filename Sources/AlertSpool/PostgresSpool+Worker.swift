import Foundation
import JSON
import NIOCore
import PostgresNIO

/// What a replica's server asks of the shared spool: accept, claim with a lease, renew, finish, and the
/// cluster's figures.
extension PostgresSpool {
    public func accept(_ payloads: [SpoolPayload], now: Date, completion: @escaping @Sendable (Result<[Int64], SpoolError>) -> Void) {
        Task {
            do throws(SpoolError) {
                completion(.success(try await insert(payloads, now: now)))
            } catch {
                completion(.failure(error))
            }
        }
    }

    /// One transaction per request; the ids come back once PostgreSQL's commit returned.
    private func insert(_ payloads: [SpoolPayload], now: Date) async throws(SpoolError) -> [Int64] {
        let milliseconds = Self.milliseconds(now)
        return try await transaction("store accepted alerts") { connection in
            var ids: [Int64] = []
            for payload in payloads {
                var payloadID: Int64 = 0
                let body = ByteBuffer(bytes: payload.body)
                let inserted = try await connection.query(
                    """
                    INSERT INTO alert2jira_payload (received_at, source, format, body)
                    VALUES (\(milliseconds), \(payload.source), \(payload.format), \(body)) RETURNING id
                    """,
                    logger: connection.logger
                )
                for try await (id, ) in inserted.decode((Int64,).self) { payloadID = id }
                let indexes = payload.items.map { Int32($0.index) }
                let titles = payload.items.map(\.title)
                let alerts = try await connection.query(
                    """
                    INSERT INTO alert2jira_alert (payload_id, item_index, title, received_at, state, next_attempt_at, updated_at)
                    SELECT \(payloadID), item.index, item.title, \(milliseconds), 'pending', \(milliseconds), \(milliseconds)
                    FROM unnest(\(indexes)::integer[], \(titles)::text[]) WITH ORDINALITY AS item(index, title, position)
                    ORDER BY item.position
                    RETURNING id
                    """,
                    logger: connection.logger
                )
                for try await (id, ) in alerts.decode((Int64,).self) { ids.append(id) }
            }
            return ids.sorted()
        }
    }

    /// Due rows nobody holds, locked with `SKIP LOCKED` so replicas claiming at once take different ones, each
    /// stamped with this replica as owner and a fresh lease token.
    public func claim(now: Date, limit: Int, excluding: Set<Int64>) async throws(SpoolError) -> [DueAlert] {
        let milliseconds = Self.milliseconds(now)
        let until = milliseconds + Self.milliseconds(lease)
        let excluded = Array(excluding)
        let owner = self.owner
        return try await transaction("claim due alerts") { connection in
            let rows = try await connection.query(
                """
                WITH due AS (
                    SELECT id FROM alert2jira_alert
                    WHERE state = 'pending' AND next_attempt_at <= \(milliseconds)
                        AND (lease_until IS NULL OR lease_until < \(milliseconds)) AND NOT (id = ANY(\(excluded)::bigint[]))
                    ORDER BY next_attempt_at, id
                    LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED
                ), claimed AS (
                    UPDATE alert2jira_alert SET lease_owner = \(owner), lease_until = \(until), lease_token = nextval('alert2jira_lease_token')
                    FROM due WHERE alert2jira_alert.id = due.id
                    RETURNING alert2jira_alert.*
                )
                SELECT claimed.id, claimed.lease_token, claimed.item_index, claimed.attempts, claimed.received_at, claimed.delivered_rules,
                       payload.source, payload.format, payload.body
                FROM claimed JOIN alert2jira_payload AS payload ON payload.id = claimed.payload_id
                ORDER BY claimed.next_attempt_at, claimed.id
                """,
                logger: connection.logger
            )
            var due: [DueAlert] = []
            for try await (id, token, index, attempts, received, rules, source, format, body) in rows.decode(
                (Int64, Int64, Int32, Int32, Int64, String, String, String, ByteBuffer).self
            ) {
                due.append(
                    DueAlert(
                        id: id,
                        lease: token,
                        itemIndex: Int(index),
                        source: source,
                        format: format,
                        body: Array(body.readableBytesView),
                        attempts: Int(attempts),
                        receivedAt: Self.date(received),
                        deliveredRules: Self.decodeRules(rules)
                    )
                )
            }
            return due
        }
    }

    public func renew(_ claims: [SpoolClaim], now: Date) async throws(SpoolError) -> Set<SpoolClaim> {
        guard !claims.isEmpty else { return [] }
        let milliseconds = Self.milliseconds(now)
        let until = milliseconds + Self.milliseconds(lease)
        let tokens = claims.compactMap(\.lease)
        let held = try await call("renew leases") { client in
            let rows = try await client.query(
                """
                UPDATE alert2jira_alert SET lease_until = \(until)
                WHERE lease_token = ANY(\(tokens)::bigint[]) AND state = 'pending' AND lease_until >= \(milliseconds)
                RETURNING id, lease_token
                """
            )
            var held: Set<SpoolClaim> = []
            for try await (id, token) in rows.decode((Int64, Int64).self) { held.insert(SpoolClaim(id: id, lease: token)) }
            return held
        }
        return held
    }

    public func holds(_ claim: SpoolClaim, now: Date) async -> Bool {
        guard let token = claim.lease else { return false }
        let milliseconds = Self.milliseconds(now)
        let held = try? await call("check a lease") { client in
            let rows = try await client.query(
                """
                SELECT count(*) FROM alert2jira_alert
                WHERE id = \(claim.id) AND lease_token = \(token) AND state = 'pending' AND lease_until >= \(milliseconds)
                """
            )
            var count: Int64 = 0
            for try await (value, ) in rows.decode((Int64,).self) { count = value }
            return count == 1
        }
        return held ?? false
    }

    public func nextDue() async throws(SpoolError) -> Date? {
        try await call("find the next due alert") { client in
            let rows = try await client.query("SELECT min(next_attempt_at) FROM alert2jira_alert WHERE state = 'pending'")
            var next: Int64?
            for try await (value, ) in rows.decode((Int64?,).self) { next = value }
            return next.map(Self.date)
        }
    }

    /// Applies the verdict only while the claim's lease token is the row's: a lapsed claim changes nothing.
    @discardableResult
    public func finish(_ claim: SpoolClaim, _ update: SpoolUpdate, countsAsAttempt: Bool, now: Date) async throws(SpoolError) -> Bool {
        let milliseconds = Self.milliseconds(now)
        let increment: Int32 = countsAsAttempt ? 1 : 0
        let token = claim.lease ?? -1
        let id = claim.id
        return try await call("record a delivery") { client in
            let query: PostgresQuery
            switch update {
            case .done(let result, let rules):
                query = """
                    UPDATE alert2jira_alert SET state = 'done', attempts = attempts + \(increment), result = \(result),
                        delivered_rules = \(Self.encodeRules(rules)), last_error = NULL, updated_at = \(milliseconds),
                        lease_owner = NULL, lease_until = NULL
                    WHERE id = \(id) AND state = 'pending' AND lease_token = \(token) RETURNING id
                    """
            case .dead(let reason, let result, let rules):
                query = """
                    UPDATE alert2jira_alert SET state = 'dead', attempts = attempts + \(increment), result = \(result),
                        delivered_rules = \(Self.encodeRules(rules)), last_error = \(reason), updated_at = \(milliseconds),
                        lease_owner = NULL, lease_until = NULL
                    WHERE id = \(id) AND state = 'pending' AND lease_token = \(token) RETURNING id
                    """
            case .retry(let error, let nextAttempt, let rules):
                query = """
                    UPDATE alert2jira_alert SET attempts = attempts + \(increment), next_attempt_at = \(Self.milliseconds(nextAttempt)),
                        delivered_rules = \(Self.encodeRules(rules)), last_error = \(error), updated_at = \(milliseconds),
                        lease_owner = NULL, lease_until = NULL
                    WHERE id = \(id) AND state = 'pending' AND lease_token = \(token) RETURNING id
                    """
            }
            var changed = false
            for try await _ in try await client.query(query).decode((Int64,).self) { changed = true }
            return changed
        }
    }

    public func postpone(_ claims: [SpoolClaim], until: Date, reason: String) async throws(SpoolError) {
        let tokens = claims.compactMap(\.lease)
        guard !tokens.isEmpty else { return }
        let milliseconds = Self.milliseconds(until)
        try await call("postpone alerts") { client in
            _ = try await client.query(
                """
                UPDATE alert2jira_alert SET next_attempt_at = GREATEST(next_attempt_at, \(milliseconds)), last_error = \(reason),
                    lease_owner = NULL, lease_until = NULL
                WHERE lease_token = ANY(\(tokens)::bigint[]) AND state = 'pending'
                """
            )
        }
    }

    public func prune(deliveredBefore cutoff: Date) async throws(SpoolError) -> Int {
        let milliseconds = Self.milliseconds(cutoff)
        return try await transaction("prune delivered alerts") { connection in
            var pruned = 0
            let rows = try await connection.query(
                "DELETE FROM alert2jira_alert WHERE state = 'done' AND updated_at < \(milliseconds) RETURNING id",
                logger: connection.logger
            )
            for try await _ in rows.decode((Int64,).self) { pruned += 1 }
            try await connection.query(Self.deleteOrphanPayloads, logger: connection.logger)
            try await connection.query("DELETE FROM alert2jira_flood WHERE window_start < \(milliseconds)", logger: connection.logger)
            return pruned
        }
    }

    static let deleteOrphanPayloads: PostgresQuery = """
        DELETE FROM alert2jira_payload WHERE NOT EXISTS (SELECT 1 FROM alert2jira_alert WHERE alert2jira_alert.payload_id = alert2jira_payload.id)
        """

    public func statistics() async throws(SpoolError) -> SpoolStatistics {
        let now = Self.milliseconds(Date())
        return try await call("count the spool's alerts") { client in
            let rows = try await client.query(
                """
                SELECT count(*) FILTER (WHERE state = 'pending'),
                       count(*) FILTER (WHERE state = 'pending' AND lease_until >= \(now)),
                       count(*) FILTER (WHERE state = 'dead'),
                       count(*) FILTER (WHERE state = 'done'),
                       min(received_at) FILTER (WHERE state = 'pending')
                FROM alert2jira_alert
                """
            )
            var statistics = SpoolStatistics()
            for try await (pending, leased, dead, done, oldest) in rows.decode((Int64, Int64, Int64, Int64, Int64?).self) {
                statistics = SpoolStatistics(
                    pending: Int(pending),
                    leased: Int(leased),
                    dead: Int(dead),
                    done: Int(done),
                    oldestPending: oldest.map(Self.date)
                )
            }
            return statistics
        }
    }

    /// A real, committed write.
    public func checkWritable() async throws(SpoolError) {
        let now = Self.milliseconds(Date())
        try await call("write to the spool") { client in
            _ = try await client.query("INSERT INTO alert2jira_probe (id, at) VALUES (1, \(now)) ON CONFLICT (id) DO UPDATE SET at = EXCLUDED.at")
        }
    }

    static func encodeRules(_ rules: [String]) -> String {
        JSONValue.array(rules.map(JSONValue.string)).jsonString
    }

    static func decodeRules(_ text: String) -> [String] {
        (try? JSONParser.parse(Array(text.utf8)))?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
