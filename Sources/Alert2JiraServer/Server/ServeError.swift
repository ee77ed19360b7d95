import Alert2Jira
import AlertModel
import AlertSpool
import Glibc

/// Why `alert2jira serve` will not start, with what to do about it.
public enum ServeError: Error, Sendable, CustomStringConvertible {
    /// Listening beyond loopback while some sender needs no credentials.
    case unauthenticated(String)
    case spool(SpoolError)
    case ingest(IngestorError)
    /// The listen address can't be had: the port is taken, the host has no such address, or binding to it
    /// needs privileges the process lacks.
    case cannotListen(address: String, reason: String, errno: Int32)

    public var description: String {
        switch self {
        case .unauthenticated(let message): message
        case .spool(let error): error.description
        case .ingest(let error): error.description
        case .cannotListen(let address, let reason, _):
            "cannot listen on \(address): \(reason); choose another address with --listen or server.listen"
        }
    }
}

extension ServeError {
    /// The exit status `alert2jira serve` ends with when it cannot start.
    public var exitStatus: ExitStatus {
        switch self {
        case .unauthenticated, .ingest: .configError
        case .spool(.locked), .spool(.refused), .spool(.newerSchema): .configError
        case .spool(.unreachable): .unavailable
        // A port another process holds may come free; an address the host lacks, or a privileged port, will not.
        case .cannotListen(_, _, let code): code == EADDRINUSE ? .unavailable : .configError
        case .spool: .temporaryFailure
        }
    }
}
