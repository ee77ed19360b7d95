/// The process exit codes (sysexits), part of the user-facing contract: scripts and systemd rely on them.
public enum ExitStatus: Int32, Sendable, Comparable {
    /// Everything was done.
    case success = 0
    /// Some alerts were refused or failed.
    case someFailed = 1
    /// The command line is wrong.
    case usage = 64
    /// Input could not be read as alert payloads.
    case dataError = 65
    /// Jira could not be reached.
    case unavailable = 69
    /// A temporary failure; retrying later may work.
    case temporaryFailure = 75
    /// The configuration is invalid.
    case configError = 78

    /// Which status wins when several apply: the one a user must fix first.
    private var precedence: Int {
        switch self {
        case .success: 0
        case .someFailed: 1
        case .temporaryFailure: 2
        case .unavailable: 3
        case .dataError: 4
        case .usage: 5
        case .configError: 6
        }
    }

    public static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool { lhs.precedence < rhs.precedence }
}
