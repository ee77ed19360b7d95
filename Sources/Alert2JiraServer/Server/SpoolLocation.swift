import AlertConfig
import AlertSpool
import Foundation

/// Where a server's spool is, for `alert2jira spool` in another process: `--data-dir`, else the config's
/// `server:` section, else the default data directory.
public enum SpoolLocation {
    /// Opens the spool a server with `server` settings uses, without creating one that is not there.
    public static func open(dataDirectory: String?, server: ServerConfig?) async throws(SpoolError) -> any SpoolStore {
        if dataDirectory == nil, let url = server?.spoolURL {
            let shared = PostgresSpool(url: url, lease: server?.lease ?? .seconds(120), maximumConnections: 2)
            try await shared.open()
            return shared
        }
        let directory = dataDirectory ?? server?.dataDirectory ?? ServerConfig().dataDirectory
        guard FileManager.default.fileExists(atPath: SQLiteSpool.path(inDirectory: directory)) else {
            throw .notCreated(location: directory)
        }
        return try SQLiteSpool(directory: directory)
    }
}
