/// A field known to the site, whether or not a screen shows it: what `GET /field` lists and JQL can name.
public struct FakeFieldDefinition: Sendable, Hashable {
    public var id: String
    public var name: String
    public var schema: FakeFieldSchema
    /// Options of a custom select field, shared by every screen that shows it unless a screen overrides them.
    public var allowedValues: [FakeAllowedValue]?
    public var orderable: Bool
    public var navigable: Bool
    public var searchable: Bool

    public init(
        id: String,
        name: String,
        schema: FakeFieldSchema,
        allowedValues: [FakeAllowedValue]? = nil,
        orderable: Bool = true,
        navigable: Bool = true,
        searchable: Bool = true
    ) {
        self.id = id
        self.name = name
        self.schema = schema
        self.allowedValues = allowedValues
        self.orderable = orderable
        self.navigable = navigable
        self.searchable = searchable
    }

    public var isCustom: Bool { id.hasPrefix("customfield_") }

    /// The number in `customfield_10050`, which JQL writes as `cf[10050]`.
    public var customNumber: Int? {
        guard isCustom else { return nil }
        return Int(id.dropFirst("customfield_".count))
    }

    /// The names JQL accepts for the field.
    public var clauseNames: [String] {
        if let number = customNumber { return ["cf[\(number)]", name] }
        switch id {
        case "issuetype": return ["issuetype", "type"]
        case "created": return ["created", "createdDate"]
        case "updated": return ["updated", "updatedDate"]
        case "resolutiondate": return ["resolutiondate", "resolved"]
        case "fixVersions": return ["fixVersion"]
        case "versions": return ["affectedVersion"]
        case "components": return ["component"]
        case "issuekey": return ["id", "issue", "issuekey", "key"]
        default: return [id]
        }
    }
}
