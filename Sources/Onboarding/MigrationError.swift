import Contracts

/// Why a jiralert or Alertmanager config could not be converted at all (as opposed to a
/// ``MigrationProblem``, which leaves the rest of the conversion standing).
public enum MigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is missing, unreadable or not UTF-8.
    case unreadable(path: String, reason: String)
    /// The file is not valid YAML.
    case invalidYAML(SourceLocation, String)
    /// The YAML is valid but not shaped like the tool's config.
    case unexpectedShape(SourceLocation, String)
    /// The config has nothing that makes Jira issues.
    case nothingToConvert(path: String, String)
    /// Writing the result would replace a file that exists.
    case outputExists(path: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .invalidYAML(let location, let message): "\(location): \(message)"
        case .unexpectedShape(let location, let message): "\(location): \(message)"
        case .nothingToConvert(let path, let message): "\(path): \(message)"
        case .outputExists(let path): "\(path) exists; remove it, choose another directory, or allow overwriting"
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
