import PostgresNIO

extension PostgresSpool {
    /// The schema versions, oldest first; version N is `migrations[N - 1]`. A new version is appended, never edited.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE alert2jira_payload (
                id BIGSERIAL PRIMARY KEY,
                received_at BIGINT NOT NULL,
                source TEXT NOT NULL,
                format TEXT NOT NULL,
                body BYTEA NOT NULL
            )
            """,
            """
            CREATE TABLE alert2jira_alert (
                id BIGSERIAL PRIMARY KEY,
                payload_id BIGINT NOT NULL REFERENCES alert2jira_payload(id),
                item_index INTEGER NOT NULL,
                title TEXT NOT NULL,
                received_at BIGINT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'dead')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at BIGINT NOT NULL,
                last_error TEXT,
                delivered_rules TEXT NOT NULL DEFAULT '[]',
                result TEXT,
                updated_at BIGINT NOT NULL,
                lease_owner TEXT,
                lease_until BIGINT,
                lease_token BIGINT
            )
            """,
            "CREATE INDEX alert2jira_alert_due ON alert2jira_alert (next_attempt_at, id) WHERE state = 'pending'",
            "CREATE INDEX alert2jira_alert_state_updated ON alert2jira_alert (state, updated_at)",
            "CREATE INDEX alert2jira_alert_payload ON alert2jira_alert (payload_id)",
            "CREATE SEQUENCE alert2jira_lease_token",
            """
            CREATE TABLE alert2jira_flood (
                rule TEXT NOT NULL,
                window_start BIGINT NOT NULL,
                created INTEGER NOT NULL,
                PRIMARY KEY (rule, window_start)
            )
            """,
            "CREATE TABLE alert2jira_probe (id INTEGER PRIMARY KEY, at BIGINT NOT NULL)",
        ]
    ]

    /// The version this binary writes.
    static var schemaVersion: Int { migrations.count }

    /// Brings the schema to ``schemaVersion`` in one transaction, under an advisory lock so replicas starting
    /// together migrate once; refuses a newer schema.
    func migrate() async throws(SpoolError) {
        let location = self.location
        let known = Self.schemaVersion
        let found = try await transaction("create or migrate the spool's tables") { connection in
            // Any constant will do, as long as every version of alert2jira uses the same one.
            try await connection.query("SELECT pg_advisory_xact_lock(7294031853)", logger: connection.logger)
            // Created only when missing, so a user without CREATE can run a migrated spool.
            var exists = false
            let lookup = try await connection.query("SELECT to_regclass('alert2jira_schema') IS NOT NULL", logger: connection.logger)
            for try await (found, ) in lookup.decode((Bool,).self) { exists = found }
            if !exists {
                try await connection.query("CREATE TABLE alert2jira_schema (version INTEGER NOT NULL)", logger: connection.logger)
            }
            var version = 0
            for try await (value, ) in try await connection.query("SELECT version FROM alert2jira_schema", logger: connection.logger).decode(
                (Int,).self
            ) {
                version = value
            }
            guard version <= known else { return version }
            for migration in Self.migrations.dropFirst(version) {
                for statement in migration {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: connection.logger)
                }
            }
            if version == 0 {
                try await connection.query("INSERT INTO alert2jira_schema (version) VALUES (\(known))", logger: connection.logger)
            } else if version < known {
                try await connection.query("UPDATE alert2jira_schema SET version = \(known)", logger: connection.logger)
            }
            return version
        }
        if found > known { throw .newerSchema(location: location, found: found, known: known) }
        if found < known { logger.notice("spool schema migrated", metadata: ["from": "\(found)", "to": "\(known)", "spool": "\(location)"]) }
    }
}
