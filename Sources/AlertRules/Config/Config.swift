import AlertConfig
import Contracts

/// The whole configuration: where issues go (connections), and how alerts become issues (rules).
public struct Config: Sendable {
    /// What to do with an alert no rule matches.
    public enum UnmatchedPolicy: String, Sendable, Equatable, CaseIterable {
        /// Print it as `unmatched` and carry on (exit 0).
        case report
        /// Print it and count it as a failure (exit 1).
        case error
        /// Ignore it silently.
        case drop
    }

    public var connections: [String: ConnectionConfig]
    /// What loaded but deserves a look, as `file:line:col: message`; commands print them on stderr.
    public var warnings: [String] = []
    /// The global connection, used for every project without its own.
    public var defaultConnection: String?
    /// Project key → connection name, overriding the global connection for that project.
    public var projectConnections: [String: String]
    public var rules: [Rule]
    public var unmatched: UnmatchedPolicy
    /// Sample payload files `alert2jira check` renders through the rules, resolved to paths.
    public var samples: [String]
    /// The main file, for messages.
    public var file: String
    /// How `alert2jira serve` runs (`server:`).
    public var server = ServerConfig()
    /// The webhook senders `alert2jira serve` accepts, and how each proves who it is (`sources:`).
    public var sources: [SourceConfig] = []

    public init(
        connections: [String: ConnectionConfig] = [:],
        defaultConnection: String? = nil,
        projectConnections: [String: String] = [:],
        rules: [Rule] = [],
        unmatched: UnmatchedPolicy = .report,
        samples: [String] = [],
        file: String = "<memory>"
    ) {
        self.connections = connections
        self.defaultConnection = defaultConnection
        self.projectConnections = projectConnections
        self.rules = rules
        self.unmatched = unmatched
        self.samples = samples
        self.file = file
    }

    /// The connection a rule's issue for `project` goes through: the rule's own, else the project's,
    /// else the global one.
    public func connectionName(rule: Rule, project: String) -> String? {
        rule.connection ?? projectConnections[project] ?? defaultConnection ?? (connections.count == 1 ? connections.keys.first : nil)
    }
}
