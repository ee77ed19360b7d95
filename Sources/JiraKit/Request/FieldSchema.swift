/// What Jira says a field holds (the `schema` of create metadata), which decides how a value from a
/// rule is shaped: `{"value": …}` for an option, `{"accountId": …}` for a user on Cloud, and so on.
public struct FieldSchema: Sendable, Equatable {
    /// `string`, `number`, `array`, `option`, `user`, `priority`, `date`, `datetime`, `component`, …
    public var type: String
    /// The element type when `type` is `array`.
    public var items: String?
    /// The system field this is (`labels`, `components`, `description`), if any.
    public var system: String?
    /// The custom field type key, e.g. `com.atlassian.jira.plugin.system.customfieldtypes:select`.
    public var custom: String?

    public init(type: String, items: String? = nil, system: String? = nil, custom: String? = nil) {
        self.type = type
        self.items = items
        self.system = system
        self.custom = custom
    }

    /// Text fields that take a document (ADF on Cloud, wiki markup on Data Center) rather than a line.
    public var isRichText: Bool {
        guard type == "string" else { return false }
        if let system, ["description", "environment"].contains(system) { return true }
        return custom?.hasSuffix(":textarea") == true
    }

    /// "option", "array of option", for messages.
    public var displayName: String {
        if type == "array", let items { return "array of \(items)" }
        return type
    }

    /// Schemas of the system fields a rule may set by id, so offline previews shape them correctly.
    public static let systemFields: [String: FieldSchema] = [
        "summary": FieldSchema(type: "string", system: "summary"),
        "description": FieldSchema(type: "string", system: "description"),
        "environment": FieldSchema(type: "string", system: "environment"),
        "priority": FieldSchema(type: "priority", system: "priority"),
        "labels": FieldSchema(type: "array", items: "string", system: "labels"),
        "components": FieldSchema(type: "array", items: "component", system: "components"),
        "fixVersions": FieldSchema(type: "array", items: "version", system: "fixVersions"),
        "versions": FieldSchema(type: "array", items: "version", system: "versions"),
        "assignee": FieldSchema(type: "user", system: "assignee"),
        "reporter": FieldSchema(type: "user", system: "reporter"),
        "duedate": FieldSchema(type: "date", system: "duedate"),
        "parent": FieldSchema(type: "issuelink", system: "parent"),
        "security": FieldSchema(type: "securitylevel", system: "security"),
    ]

    /// Custom field ids look like `customfield_10050`, with the digits 0–9 only: JQL names one as `cf[10050]`, and
    /// Jira reads no other digits there.
    public static func isCustomFieldID(_ name: String) -> Bool {
        let number = name.utf8.dropFirst("customfield_".count)
        return name.hasPrefix("customfield_") && !number.isEmpty && number.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
