/// How a field's values are validated and stored; derived from its schema.
public enum FakeValueKind: Sendable, Hashable {
    case string
    /// Multi-line text: Atlassian Document Format on Cloud, wiki markup on Data Center.
    case richText
    case number
    case date
    case dateTime
    case option
    case priority
    case component
    case version
    case resolution
    case user
    case issueType
    case project
    case any
}
