/// The issue a rule makes of an alert, before it knows anything about Jira: plain text and values,
/// fields by the names the rule used. Preflight shapes it into a request for a particular Jira.
public struct IssueDraft: Sendable, Equatable {
    public var rule: String
    /// The connection the issue goes through; `nil` when the config defines none.
    public var connection: String?
    public var project: String
    public var issueType: String
    /// One line, at most 255 characters.
    public var summary: String
    /// Plain text: blank lines separate paragraphs. Never markup.
    public var description: String
    /// Whether the description is the built-in default rather than one the rule wrote; a default
    /// can quietly be left out where the create screen has no description field.
    public var descriptionIsDefault: Bool
    /// The alert's labels, when the rule appends them to the description.
    public var descriptionLabels: [LabelPair]
    /// The raw payload as indented JSON, when the rule appends it to the description.
    public var rawPayload: String?
    public var priority: String?
    /// Valid Jira labels: no whitespace, at most 255 characters, no duplicates.
    public var labels: [String]
    /// Fields by name or id, in the order the rule lists them.
    public var fields: [DraftField]
    /// What rendering had to fix or could not do, for the preview.
    public var problems: [String]
    /// The rendered dedup key (`aws-cost-anomaly:1234…`), for messages.
    public var dedupKey: String
    /// What the issue carries so later alerts find it: `alert2jira-<hash of rule, project and key>`.
    public var dedupLabel: String
    /// The format the alert came in (`alertmanager`, `aws-cost-anomaly`, …), for the labels `report` groups by.
    public var source: String

    public init(
        rule: String,
        connection: String?,
        project: String,
        issueType: String,
        summary: String,
        description: String,
        descriptionIsDefault: Bool = false,
        descriptionLabels: [LabelPair] = [],
        rawPayload: String? = nil,
        priority: String? = nil,
        labels: [String] = [],
        fields: [DraftField] = [],
        problems: [String] = [],
        dedupKey: String = "",
        dedupLabel: String = "",
        source: String = ""
    ) {
        self.rule = rule
        self.connection = connection
        self.project = project
        self.issueType = issueType
        self.summary = summary
        self.description = description
        self.descriptionIsDefault = descriptionIsDefault
        self.descriptionLabels = descriptionLabels
        self.rawPayload = rawPayload
        self.priority = priority
        self.labels = labels
        self.fields = fields
        self.problems = problems
        self.dedupKey = dedupKey
        self.dedupLabel = dedupLabel
        self.source = source
    }
}
