/// Why a report could not be made, in words that say what to change.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An option's value makes no sense: the option, the value, and what to give instead.
    case badOption(String, String, String)
    /// A connection could not be read: its name and what Jira or the network said.
    case jira(connection: String, String)
    /// Jira refused the connection's credentials: fix the config or the secret.
    case credentials(connection: String, String)
    /// The config names nothing to report on.
    case nothingToReport(String)

    public var description: String {
        switch self {
        case .badOption(let option, let value, let hint): "\(option) \(value): \(hint)"
        case .jira(let connection, let message), .credentials(let connection, let message): "connection \"\(connection)\": \(message)"
        case .nothingToReport(let message): message
        }
    }
}
