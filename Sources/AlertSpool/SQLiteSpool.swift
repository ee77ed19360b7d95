import Foundation
import GRDB
import Glibc
import JSON

/// The durable queue between "202 Accepted" and Jira: SQLite in WAL mode under the data directory,
/// each write synced to disk before it is reported done (``WALSync``), so an alert the server
/// answered 2xx for survives `kill -9` and power loss.
///
/// Two tables: `payload` holds each accepted document's exact bytes once; `alert` holds one row per
/// alert in it, with its delivery state. Writes from the server go through ``SpoolWriter`` (group
/// commit); `alert2jira spool` opens the same file from another process, which WAL allows while the
/// server runs.
public final class SQLiteSpool: SpoolStore {
    public let directory: String
    public var location: String { directory }
    /// Set when the directory was open to other users and has been closed to them: the server logs it.
    public let permissionNotice: String?
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
            throw .unavailable(location: directory, reason: "cannot create the directory: \(error.localizedDescription)")
        }
        permissionNotice = Self.tighten(directory: directory)
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
    public static let pageSize = 4096

    /// Closes the directory and the spool's files to everyone but the service user: payloads can hold
    /// whatever a monitoring system knows. An existing directory others could read is tightened, and said so.
    static func tighten(directory: String) -> String? {
        var notice: String?
        var status = stat()
        if stat(directory, &status) == 0, status.st_mode & 0o077 != 0 {
            let mode = String(status.st_mode & 0o777, radix: 8)
            if chmod(directory, 0o700) == 0 {
                notice = "the data directory \(directory) was open to other users (mode \(mode)); it is now 0700"
            } else {
                notice = "the data directory \(directory) is open to other users (mode \(mode)) and could not be changed; chmod 700 it"
            }
        }
        let database = path(inDirectory: directory)
        // SQLite gives the -wal and -shm files the database file's mode, so making that one 0600 covers them.
        let descriptor = Glibc.open(database, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        if descriptor >= 0 { Glibc.close(descriptor) }
        for file in [database, database + "-wal", database + "-shm"] {
            _ = chmod(file, 0o600)
        }
        return notice
    }
}
