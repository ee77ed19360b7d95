import AlertConfig
import AlertRules
import Contracts
import Foundation
import JiraKit
import Onboarding
import Testing

/// The config `init` writes from create metadata, without a Jira: what each kind of field becomes, what is left to
/// fill in, and that the result loads with alert2jira's own loader.
@Suite struct ProjectScaffoldTests {
    static let environment = ["JIRA_PAT": "secret-pat"]
    static let auth = ScaffoldAuth(entries: [("personal_access_token", "${JIRA_PAT}")], variables: ["JIRA_PAT"])

    static func field(
        _ id: String,
        _ name: String,
        _ type: String,
        required: Bool = false,
        allowed: [String] = [],
        items: String? = nil
    )
        -> FieldInfo
    {
        FieldInfo(
            id: id,
            name: name,
            required: required,
            hasDefaultValue: false,
            schema: FieldSchema(type: type, items: items),
            allowedValues: allowed.map { AllowedValue(value: $0) }
        )
    }

    static let incident = CreateMetadata(
        project: "OPS",
        issueType: IssueTypeInfo(id: "1", name: "Incident"),
        fields: [
            field("summary", "Summary", "string", required: true),
            field("labels", "Labels", "array", items: "string"),
            field("priority", "Priority", "priority", allowed: ["P1", "P2", "P3"]),
            field("customfield_1", "Team \"core\"", "option", required: true, allowed: ["Platform", "Data"]),
            field("customfield_2", "Impact", "string", required: true),
            field("customfield_3", "Regions", "array", required: true, allowed: ["eu", "us"], items: "option"),
            field("customfield_4", "Runbook", "string"),
        ]
    )

    static let change = CreateMetadata(
        project: "OPS",
        issueType: IssueTypeInfo(id: "2", name: "Change"),
        fields: [field("summary", "Summary", "string", required: true)]
    )

    static func scaffold(_ screens: [CreateMetadata]) -> ProjectScaffold {
        ProjectScaffold(url: "https://jira.example.com", flavor: .datacenter, auth: auth, project: "OPS", screens: screens, date: "2026-12-05")
    }

    @Test func requiredFieldsAreFilledAndExplainedAndOptionalOnesCommentedOut() throws {
        let text = Self.scaffold([Self.incident]).mainFile(includeRules: false)
        #expect(
            text.contains(
                "      # required: Team \"core\" (customfield_1), option; allowed: Platform, Data\n      \"Team \\\"core\\\"\": \"Platform\"\n"
            )
        )
        #expect(text.contains("      \"Impact\": \"CHANGEME: text or a template\"\n"))
        #expect(text.contains("      \"Regions\": [\"eu\"]\n"))
        #expect(text.contains("      # \"Runbook\": \"{{labels.team}}\"   # optional: Runbook (customfield_4), string\n"))
        #expect(text.contains("priority: { critical: \"P1\", high: \"P2\", warning: \"P3\", info: \"P3\" }"))
        #expect(!text.contains("secret-pat"))
        #expect(text.contains("# server:"))
        #expect(text.contains("# sources:"))

        let config = try ConfigLoader(environment: Self.environment).load(yaml: text, file: "alert2jira.yaml", baseDirectory: "/nonexistent")
        let rule = try #require(config.rules.first)
        #expect(rule.name == "ops-incident")
        #expect(rule.fields.map(\.name) == ["Team \"core\"", "Impact", "Regions"])
        #expect(config.connections["jira"]?.flavor == .datacenter)
        #expect(Self.scaffold([Self.incident]).placeholders.map(\.description) == ["rule \"ops-incident\", Impact: give Impact text or a template"])
    }

    @Test func theFirstIssueTypeTakesEveryAlertAndTheOthersWaitForAMatch() throws {
        let scaffold = Self.scaffold([Self.incident, Self.change])
        let config = try ConfigLoader(environment: Self.environment).load(
            yaml: scaffold.mainFile(includeRules: false),
            file: "alert2jira.yaml",
            baseDirectory: "/nonexistent"
        )
        // The catch-all goes last, so the rule with a match is tried first.
        #expect(config.rules.map(\.name) == ["ops-change", "ops-incident"])
        #expect(scaffold.placeholders.contains { $0.rule == "ops-change" && $0.field == "match" })
        // Without labels on its screen, the Change rule cannot track its issue by label.
        #expect(scaffold.rulesFile().contains("dedup: { on_repeat: new }   # CHANGEME: labels is not on the create screen"))
        #expect(scaffold.placeholders.contains { $0.rule == "ops-change" && $0.field == "dedup" })
    }

    @Test func splitFilesLoadThroughTheirInclude() throws {
        let scaffold = Self.scaffold([Self.incident])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("a2j-scaffold-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/rules", withIntermediateDirectories: true)
        try scaffold.mainFile(includeRules: true).write(toFile: directory + "/alert2jira.yaml", atomically: true, encoding: .utf8)
        try scaffold.rulesFile().write(toFile: directory + "/rules/ops.yaml", atomically: true, encoding: .utf8)
        let config = try ConfigLoader(environment: Self.environment).load(path: directory + "/alert2jira.yaml")
        #expect(config.rules.map(\.name) == ["ops-incident"])
    }

    @Test func credentialsComeFromTheEnvironmentAsReferences() {
        #expect(ScaffoldAuth.fromEnvironment(["JIRA_EMAIL": "a@b.c", "JIRA_API_TOKEN": "t"])?.variables == ["JIRA_EMAIL", "JIRA_API_TOKEN"])
        #expect(ScaffoldAuth.fromEnvironment(["JIRA_PAT": "p"])?.entries.map(\.value) == ["${JIRA_PAT}"])
        #expect(ScaffoldAuth.fromEnvironment(["JIRA_USERNAME": "u", "JIRA_PASSWORD": "p"])?.entries.map(\.key) == ["username", "password"])
        #expect(ScaffoldAuth.fromEnvironment(["JIRA_EMAIL": "a@b.c"]) == nil)
    }
}
