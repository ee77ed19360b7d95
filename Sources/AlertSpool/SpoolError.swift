/// Why the spool could not do what was asked, in words an operator can act on.
public enum SpoolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The disk (or the spool's size limit) is full: nothing more can be accepted.
    case full(location: String)
    /// The spool cannot be opened or written: permissions, I/O errors, a damaged file, a database down.
    case unavailable(location: String, reason: String)
    /// Another `alert2jira serve` holds the data directory.
    case locked(directory: String)
    /// No alert with this id.
    case notFound(id: Int64)
    /// There is no spool there yet: no server has run with these settings.
    case notCreated(location: String)
    /// The database cannot be reached (down, a wrong host or port, a network between): try again later.
    case unreachable(location: String, reason: String)
    /// The database refuses us: credentials, permissions, a database that does not exist. Only the
    /// configuration can fix it.
    case refused(location: String, reason: String)
    /// The spool's schema is newer than this binary; it must not write to it.
    case newerSchema(location: String, found: Int, known: Int)

    public var description: String {
        switch self {
        case .full(let location):
            "the spool in \(location) is out of disk space; free space there (alerts are refused with 503 until then)"
        case .unavailable(let location, let reason):
            "the spool in \(location) is unavailable: \(reason)"
        case .locked(let directory):
            "another alert2jira serve is already using \(directory); give each server its own --data-dir"
        case .notFound(let id):
            "no alert \(id) in the spool (alert2jira spool list shows the ids)"
        case .unreachable(let location, let reason):
            "the spool database \(location) is unreachable: \(reason); check that PostgreSQL runs and that host and port are right"
        case .refused(let location, let reason):
            "the spool database \(location) refused alert2jira: \(reason)"
        case .newerSchema(let location, let found, let known):
            "the spool database \(location) has schema version \(found), newer than the \(known) this alert2jira knows; "
                + "upgrade this replica to the version the others run (nothing was written)"
        case .notCreated(let location):
            "no spool in \(location) (pass --data-dir, or --config with server.data_dir)"
        }
    }
}
