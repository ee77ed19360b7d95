import JSON

/// An issue type of a project, as create metadata lists it.
public struct IssueTypeInfo: Sendable, Equatable {
    public var id: String
    public var name: String
    public var subtask: Bool

    public init(id: String, name: String, subtask: Bool = false) {
        self.id = id
        self.name = name
        self.subtask = subtask
    }
}

/// One field on a project's create screen for one issue type: whether it is required, its schema and
/// the values it allows. Anything not in this list cannot be set when creating.
public struct FieldInfo: Sendable, Equatable {
    /// `summary`, `customfield_10050`, …
    public var id: String
    public var name: String
    public var required: Bool
    public var hasDefaultValue: Bool
    public var schema: FieldSchema
    /// Empty when the field doesn't restrict values.
    public var allowedValues: [AllowedValue]

    public init(id: String, name: String, required: Bool, hasDefaultValue: Bool, schema: FieldSchema, allowedValues: [AllowedValue] = []) {
        self.id = id
        self.name = name
        self.required = required
        self.hasDefaultValue = hasDefaultValue
        self.schema = schema
        self.allowedValues = allowedValues
    }
}

/// A value a field accepts: options have `value`, priorities, components and versions `name`; all have `id`.
public struct AllowedValue: Sendable, Equatable {
    public var id: String?
    public var name: String?
    public var value: String?
    /// Child options of a cascading select.
    public var children: [AllowedValue]

    public init(id: String? = nil, name: String? = nil, value: String? = nil, children: [AllowedValue] = []) {
        self.id = id
        self.name = name
        self.value = value
        self.children = children
    }

    /// What a user would write: the option's value, or the name.
    public var label: String { value ?? name ?? id ?? "?" }
}

/// What Jira says can be created for a project and issue type: the issue type itself, the project's
/// other issue types (for messages), and the create-screen fields.
public struct CreateMetadata: Sendable, Equatable {
    public var project: String
    public var issueType: IssueTypeInfo
    public var fields: [FieldInfo]

    public init(project: String, issueType: IssueTypeInfo, fields: [FieldInfo]) {
        self.project = project
        self.issueType = issueType
        self.fields = fields
    }
}

extension FieldInfo {
    /// Reads one field of a createmeta response (Cloud and Data Center share the field shape; the
    /// legacy endpoint keys fields by id instead of listing `fieldId`).
    init?(json: JSONValue, id fallbackID: String? = nil) {
        guard let object = json.objectValue, let id = object.string("fieldId") ?? object.string("key") ?? fallbackID else { return nil }
        let schema = object.object("schema")
        self.init(
            id: id,
            name: object.string("name") ?? id,
            required: object.value("required")?.boolValue ?? false,
            hasDefaultValue: object.value("hasDefaultValue")?.boolValue ?? false,
            schema: FieldSchema(
                type: schema?.string("type") ?? "any",
                items: schema?.string("items"),
                system: schema?.string("system"),
                custom: schema?.string("custom")
            ),
            allowedValues: (object.array("allowedValues") ?? []).compactMap(AllowedValue.init(json:))
        )
    }
}

extension AllowedValue {
    init?(json: JSONValue) {
        guard let object = json.objectValue else { return nil }
        self.init(
            id: object.string("id"),
            name: object.string("name"),
            value: object.string("value"),
            children: (object.array("children") ?? []).compactMap(AllowedValue.init(json:))
        )
    }
}

extension IssueTypeInfo {
    init?(json: JSONValue) {
        guard let object = json.objectValue, let id = object.string("id"), let name = object.string("name") else { return nil }
        self.init(id: id, name: name, subtask: object.value("subtask")?.boolValue ?? false)
    }
}
