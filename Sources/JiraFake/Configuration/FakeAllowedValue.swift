/// One entry of a field's `allowedValues`: a select option (`{id, value}`) or a named object such as a priority,
/// component, version or resolution (`{id, name}`).
public struct FakeAllowedValue: Sendable, Hashable {
    public var id: String
    /// The option's `value` or the object's `name`.
    public var label: String

    public init(id: String, label: String) {
        self.id = id
        self.label = label
    }
}
