/// An issue type of a project, with its create screen.
public struct FakeIssueType: Sendable, Hashable {
    public var id: String
    public var name: String
    public var subtask: Bool
    public var description: String
    /// The create screen, in screen order. `project` and `issuetype` are implied when missing.
    public var fields: [FakeScreenField]

    public init(id: String, name: String, subtask: Bool = false, description: String = "", fields: [FakeScreenField]) {
        self.id = id
        self.name = name
        self.subtask = subtask
        self.description = description
        self.fields = fields
    }

    public func field(_ id: String) -> FakeScreenField? {
        fields.first { $0.fieldId == id }
    }
}
