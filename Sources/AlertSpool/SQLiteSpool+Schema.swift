import GRDB

extension SQLiteSpool {
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
}
