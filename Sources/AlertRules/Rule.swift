import Contracts

/// One routing rule: which alerts it takes, and the issue it makes of them.
public struct Rule: Sendable {
    public var name: String
    public var matcher: Matcher
    /// Let alerts this rule matched go on to match later rules too (as Alertmanager's `continue`).
    public var continueMatching: Bool
    /// A connection for this rule only, overriding project and global connections.
    public var connection: String?
    public var project: Template
    public var issueType: Template
    public var summary: Template
    public var description: Template
    public var priority: PriorityTemplate?
    public var labels: [Template]
    /// Custom or system fields by name or id; shaped to Jira's schema at preflight.
    public var fields: [(name: String, value: FieldTemplate)]
    /// Append the alert's labels to the description as a list.
    public var includeLabels: Bool
    /// Append the raw payload to the description as a code block.
    public var includeRaw: Bool
    /// Dedup, repeats, resolution and flood control.
    public var lifecycle: LifecyclePolicy
    public var location: SourceLocation

    public init(
        name: String,
        matcher: Matcher = .always,
        continueMatching: Bool = false,
        connection: String? = nil,
        project: Template,
        issueType: Template,
        summary: Template,
        description: Template,
        priority: PriorityTemplate? = nil,
        labels: [Template] = [],
        fields: [(name: String, value: FieldTemplate)] = [],
        includeLabels: Bool = true,
        includeRaw: Bool = false,
        lifecycle: LifecyclePolicy = LifecyclePolicy(),
        location: SourceLocation
    ) {
        self.name = name
        self.matcher = matcher
        self.continueMatching = continueMatching
        self.connection = connection
        self.project = project
        self.issueType = issueType
        self.summary = summary
        self.description = description
        self.priority = priority
        self.labels = labels
        self.fields = fields
        self.includeLabels = includeLabels
        self.includeRaw = includeRaw
        self.lifecycle = lifecycle
        self.location = location
    }
}

/// A priority given either as a template, or as a map from normalized severity to priority name.
public enum PriorityTemplate: Sendable {
    case template(Template)
    case bySeverity([String: Template])
}

/// A field value as written in the config: templated text, or a literal number/bool, or a list or
/// object of those (for multi-selects, cascading selects, raw JSON shapes).
public indirect enum FieldTemplate: Sendable {
    case text(Template)
    case number(String)
    case bool(Bool)
    case null
    case list([FieldTemplate])
    case object([(key: String, value: FieldTemplate)])
}
