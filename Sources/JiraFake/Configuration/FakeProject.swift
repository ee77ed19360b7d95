/// A project with its issue types, components, versions and workflow.
public struct FakeProject: Sendable, Hashable {
    public var key: String
    public var id: String
    public var name: String
    public var issueTypes: [FakeIssueType]
    public var components: [FakeAllowedValue]
    public var versions: [FakeAllowedValue]
    public var workflow: FakeWorkflow

    public init(
        key: String,
        id: String,
        name: String,
        issueTypes: [FakeIssueType],
        components: [FakeAllowedValue] = [],
        versions: [FakeAllowedValue] = [],
        workflow: FakeWorkflow = .standard
    ) {
        self.key = key
        self.id = id
        self.name = name
        self.issueTypes = issueTypes
        self.components = components
        self.versions = versions
        self.workflow = workflow
    }

    /// Finds an issue type by id, or by name (case-insensitive) as `{"name": "Bug"}` does.
    public func issueType(id: String? = nil, name: String? = nil) -> FakeIssueType? {
        if let id { return issueTypes.first { $0.id == id } }
        if let name { return issueTypes.first { $0.name.lowercased() == name.lowercased() } }
        return nil
    }
}
