import GRDB

/// Why the spool could not do what was asked, in words an operator can act on.
public enum SpoolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The disk (or the spool's size limit) is full: nothing more can be accepted.
    case full(directory: String)
    /// The spool cannot be opened or written: permissions, I/O errors, a damaged file.
    case unavailable(directory: String, reason: String)
    /// Another `alert2jira serve` holds the data directory.
    case locked(directory: String)
    /// No alert with this id.
    case notFound(id: Int64)

    public var description: String {
        switch self {
        case .full(let directory):
            "the spool in \(directory) is out of disk space; free space there (alerts are refused with 503 until then)"
        case .unavailable(let directory, let reason):
            "the spool in \(directory) is unavailable: \(reason)"
        case .locked(let directory):
            "another alert2jira serve is already using \(directory); give each server its own --data-dir"
        case .notFound(let id):
            "no alert \(id) in the spool (alert2jira spool list shows the ids)"
        }
    }

    /// Maps SQLite's answer to what it means for the spool.
    static func from(_ error: any Error, directory: String) -> SpoolError {
        if let spoolError = error as? SpoolError { return spoolError }
        if let databaseError = error as? DatabaseError {
            if databaseError.resultCode == .SQLITE_FULL { return .full(directory: directory) }
            let detail = databaseError.message ?? "\(databaseError.resultCode)"
            return .unavailable(directory: directory, reason: "SQLite error \(databaseError.resultCode.rawValue): \(detail)")
        }
        return .unavailable(directory: directory, reason: "\(error)")
    }
}
