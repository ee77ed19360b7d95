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
        dedupLabel: String = ""
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
    }
}

/// A `name: value` line of the description's label list.
public struct LabelPair: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A field the rule sets, by the name or id the rule used (`Environment`, `customfield_10050`,
/// `components`), with its rendered value.
public struct DraftField: Sendable, Equatable {
    public var name: String
    public var value: RenderedValue

    public init(name: String, value: RenderedValue) {
        self.name = name
        self.value = value
    }
}

/// A rendered field value: text, or the literal the config gave, or a list or object of those.
public indirect enum RenderedValue: Sendable, Equatable {
    case text(String)
    case number(String)
    case bool(Bool)
    case null
    case list([RenderedValue])
    case object([RenderedMember])

    /// Empty text, null and empty lists mean "the rule leaves this field unset".
    public var isEmpty: Bool {
        switch self {
        case .text(let text): text.isEmpty
        case .null: true
        case .list(let values): values.allSatisfy(\.isEmpty)
        case .object(let members): members.isEmpty
        case .number, .bool: false
        }
    }
}

/// A member of a rendered object value.
public struct RenderedMember: Sendable, Equatable {
    public var key: String
    public var value: RenderedValue

    public init(key: String, value: RenderedValue) {
        self.key = key
        self.value = value
    }
}
