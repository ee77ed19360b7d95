import Contracts
import JiraKit

/// Create metadata shaped like a real Jira project's, for preflight tests.
enum Metadata {
    static let priorities = ["Highest", "High", "Medium", "Low", "Lowest"].enumerated().map { AllowedValue(id: "\($0.offset + 1)", name: $0.element) }

    static func field(
        _ id: String,
        _ name: String,
        _ type: String,
        items: String? = nil,
        custom: String? = nil,
        required: Bool = false,
        hasDefault: Bool = false,
        allowed: [AllowedValue] = []
    ) -> FieldInfo {
        FieldInfo(
            id: id,
            name: name,
            required: required,
            hasDefaultValue: hasDefault,
            schema: FieldSchema(type: type, items: items, system: id.hasPrefix("customfield_") ? nil : id, custom: custom),
            allowedValues: allowed
        )
    }

    /// OPS / Bug: a required "Environment" select without default, required components, reporter
    /// required with a default, a number field, a user picker, a multi-select, a cascading select.
    static let opsBug = CreateMetadata(
        project: "OPS",
        issueType: IssueTypeInfo(id: "10004", name: "Bug"),
        fields: [
            field("summary", "Summary", "string", required: true),
            field("issuetype", "Issue Type", "issuetype", required: true),
            field("project", "Project", "project", required: true),
            field("description", "Description", "string"),
            field("reporter", "Reporter", "user", required: true, hasDefault: true),
            field("labels", "Labels", "array", items: "string"),
            field("priority", "Priority", "priority", hasDefault: true, allowed: priorities),
            field(
                "components",
                "Components",
                "array",
                items: "component",
                required: true,
                allowed: [AllowedValue(id: "10100", name: "API"), AllowedValue(id: "10101", name: "Database")]
            ),
            field(
                "customfield_10050",
                "Environment",
                "option",
                custom: "com.atlassian.jira.plugin.system.customfieldtypes:select",
                required: true,
                allowed: [AllowedValue(id: "10200", value: "Production"), AllowedValue(id: "10201", value: "Staging")]
            ),
            field("customfield_10060", "Cost impact", "number", custom: "com.atlassian.jira.plugin.system.customfieldtypes:float"),
            field("customfield_10070", "On-call", "user", custom: "com.atlassian.jira.plugin.system.customfieldtypes:userpicker"),
            field(
                "customfield_10080",
                "Regions",
                "array",
                items: "option",
                custom: "com.atlassian.jira.plugin.system.customfieldtypes:multiselect",
                allowed: [AllowedValue(id: "1", value: "eu-west-1"), AllowedValue(id: "2", value: "us-east-1")]
            ),
            field(
                "customfield_10090",
                "Service",
                "option-with-child",
                custom: "com.atlassian.jira.plugin.system.customfieldtypes:cascadingselect",
                allowed: [AllowedValue(id: "30", value: "Payments", children: [AllowedValue(id: "31", value: "Checkout")])]
            ),
            field("customfield_10095", "Runbook notes", "string", custom: "com.atlassian.jira.plugin.system.customfieldtypes:textarea"),
            field("duedate", "Due date", "date"),
        ]
    )

    /// A screen without description, labels or priority.
    static let bareTask = CreateMetadata(
        project: "FINOPS",
        issueType: IssueTypeInfo(id: "10001", name: "Task"),
        fields: [
            field("summary", "Summary", "string", required: true),
            field("issuetype", "Issue Type", "issuetype", required: true),
            field("project", "Project", "project", required: true),
        ]
    )

    static func draft(
        fields: [DraftField] = [],
        labels: [String] = [],
        priority: String? = nil,
        description: String = "Something happened.",
        descriptionIsDefault: Bool = false
    ) -> IssueDraft {
        IssueDraft(
            rule: "ops-alerts",
            connection: "cloud",
            project: "OPS",
            issueType: "Bug",
            summary: "Disk full on db-1",
            description: description,
            descriptionIsDefault: descriptionIsDefault,
            priority: priority,
            labels: labels,
            fields: fields
        )
    }

    static let requiredFilled: [DraftField] = [
        DraftField(name: "Environment", value: .text("Production")),
        DraftField(name: "components", value: .list([.text("Database")])),
    ]
}
