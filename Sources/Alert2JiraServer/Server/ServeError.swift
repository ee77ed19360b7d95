import Alert2Jira
import AlertModel

/// Why `alert2jira serve` will not start, with what to do about it.
public enum ServeError: Error, Sendable, CustomStringConvertible {
    /// Listening beyond loopback while some sender needs no credentials.
    case unauthenticated(String)
    case spool(SpoolError)
    case ingest(IngestorError)

    public var description: String {
        switch self {
        case .unauthenticated(let message): message
        case .spool(let error): error.description
        case .ingest(let error): error.description
        }
    }
}

extension ServeError {
    /// The exit status `alert2jira serve` ends with when it cannot start.
    public var exitStatus: ExitStatus {
        switch self {
        case .unauthenticated, .ingest: .configError
        case .spool(.locked): .configError
        case .spool: .temporaryFailure
        }
    }
}
