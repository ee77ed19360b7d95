/// A field a JQL clause names, resolved to how it is searched.
enum JQLFieldReference: Sendable {
    case project
    /// Labels: the system field or a label custom field (by id).
    case labels(String)
    case status
    case statusCategory
    case resolution
    /// A date or date-time field by id (`created`, `resolutiondate`, `duedate`, `customfield_…`).
    case date(String)
    /// A text field by id (`summary`, `description`, `comment`, `customfield_…`).
    case text(String)
    /// `text ~ …`: summary, description, comments and text custom fields at once.
    case allText
    case key
    case issueType
    case priority
    /// A user field by id (`reporter`, `assignee`, `creator`, `customfield_…`).
    case user(String)
    case component
    /// `fixVersions` or `versions`.
    case version(String)
    /// A select-like custom field.
    case option(FakeFieldDefinition)
    case number(String)

    /// Resolves a clause's field name: system clause names, `cf[10050]`, `customfield_10050` or a custom
    /// field's name (all case-insensitive).
    static func resolve(_ name: String, configuration: FakeConfiguration) -> JQLFieldReference? {
        let lowered = name.lowercased()
        switch lowered {
        case "project": return .project
        case "labels": return .labels("labels")
        case "status": return .status
        case "statuscategory": return .statusCategory
        case "resolution": return .resolution
        case "resolutiondate", "resolved": return .date("resolutiondate")
        case "created", "createddate": return .date("created")
        case "updated", "updateddate": return .date("updated")
        case "duedate", "due": return .date("duedate")
        case "summary": return .text("summary")
        case "description": return .text("description")
        case "comment": return .text("comment")
        case "text": return .allText
        case "key", "issuekey", "issue", "id": return .key
        case "issuetype", "type": return .issueType
        case "priority": return .priority
        case "reporter", "assignee", "creator": return .user(lowered)
        case "component": return .component
        case "fixversion": return .version("fixVersions")
        case "affectedversion": return .version("versions")
        default: break
        }
        var custom: FakeFieldDefinition?
        if lowered.hasPrefix("cf["), lowered.hasSuffix("]") {
            custom = configuration.field("customfield_" + lowered.dropFirst(3).dropLast())
        } else if lowered.hasPrefix("customfield_") {
            custom = configuration.field(lowered)
        } else {
            custom = configuration.customFields.first { $0.name.lowercased() == lowered }
        }
        guard let field = custom else { return nil }
        switch field.schema.valueKind {
        case .option: return .option(field)
        case .number: return .number(field.id)
        case .date, .dateTime: return .date(field.id)
        case .user: return .user(field.id)
        case .string where field.schema.isArray: return .labels(field.id)
        default: return .text(field.id)
        }
    }

    /// Text fields only support `~`, `!~` and `IS [NOT] EMPTY`; the rest reject `~`.
    func supports(_ op: String) -> Bool {
        switch self {
        case .text, .allText:
            return ["~", "!~", "is", "is not"].contains(op)
        case .date, .number, .key:
            return op != "~" && op != "!~"
        default:
            return ["=", "!=", "in", "not in", "is", "is not"].contains(op)
        }
    }
}
