/// Jira's system fields: the catalog `GET /field` lists, and the defaults a screen entry naming one starts from.
public enum FakeSystemFields {
    /// Every system field the fake knows, in the order `GET /field` lists them.
    public static let definitions: [FakeFieldDefinition] = [
        FakeFieldDefinition(id: "summary", name: "Summary", schema: FakeFieldSchema(type: "string", system: "summary")),
        FakeFieldDefinition(id: "description", name: "Description", schema: FakeFieldSchema(type: "string", system: "description")),
        FakeFieldDefinition(id: "issuetype", name: "Issue Type", schema: FakeFieldSchema(type: "issuetype", system: "issuetype")),
        FakeFieldDefinition(id: "project", name: "Project", schema: FakeFieldSchema(type: "project", system: "project")),
        FakeFieldDefinition(id: "reporter", name: "Reporter", schema: FakeFieldSchema(type: "user", system: "reporter")),
        FakeFieldDefinition(id: "assignee", name: "Assignee", schema: FakeFieldSchema(type: "user", system: "assignee")),
        FakeFieldDefinition(id: "creator", name: "Creator", schema: FakeFieldSchema(type: "user", system: "creator")),
        FakeFieldDefinition(id: "priority", name: "Priority", schema: FakeFieldSchema(type: "priority", system: "priority")),
        FakeFieldDefinition(
            id: "labels",
            name: "Labels",
            schema: FakeFieldSchema(type: "array", items: "string", system: "labels")
        ),
        FakeFieldDefinition(
            id: "components",
            name: "Component/s",
            schema: FakeFieldSchema(type: "array", items: "component", system: "components")
        ),
        FakeFieldDefinition(
            id: "fixVersions",
            name: "Fix Version/s",
            schema: FakeFieldSchema(type: "array", items: "version", system: "fixVersions")
        ),
        FakeFieldDefinition(
            id: "versions",
            name: "Affects Version/s",
            schema: FakeFieldSchema(type: "array", items: "version", system: "versions")
        ),
        FakeFieldDefinition(id: "duedate", name: "Due date", schema: FakeFieldSchema(type: "date", system: "duedate")),
        FakeFieldDefinition(id: "status", name: "Status", schema: FakeFieldSchema(type: "status", system: "status")),
        FakeFieldDefinition(id: "resolution", name: "Resolution", schema: FakeFieldSchema(type: "resolution", system: "resolution")),
        FakeFieldDefinition(
            id: "resolutiondate",
            name: "Resolved",
            schema: FakeFieldSchema(type: "datetime", system: "resolutiondate")
        ),
        FakeFieldDefinition(id: "created", name: "Created", schema: FakeFieldSchema(type: "datetime", system: "created")),
        FakeFieldDefinition(id: "updated", name: "Updated", schema: FakeFieldSchema(type: "datetime", system: "updated")),
        FakeFieldDefinition(
            id: "issuekey",
            name: "Key",
            schema: FakeFieldSchema(type: "string", system: "issuekey"),
            orderable: false,
            searchable: false
        ),
        FakeFieldDefinition(
            id: "comment",
            name: "Comment",
            schema: FakeFieldSchema(type: "comments-page", system: "comment"),
            orderable: true,
            navigable: false
        ),
        FakeFieldDefinition(
            id: "issuelinks",
            name: "Linked Issues",
            schema: FakeFieldSchema(type: "array", items: "issuelinks", system: "issuelinks")
        ),
    ]

    /// Fields Jira fills itself; they can never be set on create.
    public static let readOnlyIds: Set<String> = [
        "creator", "status", "resolutiondate", "created", "updated", "issuekey", "comment", "issuelinks",
    ]

    public static func definition(_ id: String) -> FakeFieldDefinition? {
        definitions.first { $0.id == id }
    }
}
