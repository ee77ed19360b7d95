import JiraSpec

/// A field on an issue type's create screen (or a transition screen), as create metadata describes it.
public struct FakeScreenField: Sendable, Hashable {
    public var fieldId: String
    public var name: String
    public var required: Bool
    public var hasDefaultValue: Bool
    /// The default as configured (`{"id": "3"}`, `{"value": "Staging"}`, `"text"`); rendered through
    /// `allowedValues` when it names one of them.
    public var defaultValue: SpecJSON?
    public var schema: FakeFieldSchema
    /// `nil` when the field takes free values (text, numbers, users).
    public var allowedValues: [FakeAllowedValue]?
    public var operations: [String]
    public var autoCompleteURL: String?

    public init(
        fieldId: String,
        name: String,
        required: Bool = false,
        hasDefaultValue: Bool = false,
        defaultValue: SpecJSON? = nil,
        schema: FakeFieldSchema,
        allowedValues: [FakeAllowedValue]? = nil,
        operations: [String]? = nil,
        autoCompleteURL: String? = nil
    ) {
        self.fieldId = fieldId
        self.name = name
        self.required = required
        self.hasDefaultValue = hasDefaultValue || defaultValue != nil
        self.defaultValue = defaultValue
        self.schema = schema
        self.allowedValues = allowedValues
        self.operations = operations ?? (schema.isArray ? ["add", "set", "remove"] : ["set"])
        self.autoCompleteURL = autoCompleteURL
    }

    public var isCustom: Bool { fieldId.hasPrefix("customfield_") }
}
