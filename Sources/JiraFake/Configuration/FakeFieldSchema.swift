/// The `schema` of a field as create metadata reports it: what shape of value the field takes.
public struct FakeFieldSchema: Sendable, Hashable {
    /// `string`, `number`, `date`, `datetime`, `option`, `array`, `user`, `priority`, `issuetype`, …
    public var type: String
    /// Element type for arrays: `string` (labels), `option`, `component`, `version`, `user`, …
    public var items: String?
    /// The system field id for system fields (`summary`, `labels`).
    public var system: String?
    /// The custom field type key (`com.atlassian.jira.plugin.system.customfieldtypes:select`).
    public var custom: String?
    public var customId: Int?

    public init(type: String, items: String? = nil, system: String? = nil, custom: String? = nil, customId: Int? = nil) {
        self.type = type
        self.items = items
        self.system = system
        self.custom = custom
        self.customId = customId
    }

    /// The shape a single value (or each array element) must have.
    public var valueKind: FakeValueKind {
        let elementType = type == "array" ? (items ?? "any") : type
        switch elementType {
        case "option", "option-with-child": return .option
        case "priority": return .priority
        case "component": return .component
        case "version": return .version
        case "resolution": return .resolution
        case "user": return .user
        case "issuetype": return .issueType
        case "project": return .project
        case "number": return .number
        case "date": return .date
        case "datetime": return .dateTime
        case "string":
            if let custom, custom.hasSuffix(":textarea") { return .richText }
            if type == "string", system == "description" || system == "environment" { return .richText }
            return .string
        default: return .any
        }
    }

    public var isArray: Bool { type == "array" }
}
