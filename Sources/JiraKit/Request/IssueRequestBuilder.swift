import Contracts
import JSON

/// Shapes an ``IssueDraft`` into the create request for one Jira flavor, without asking Jira.
///
/// This is what `--dry-run` shows when Jira is not reachable: system fields are shaped from their
/// known schemas; custom fields given by id are sent as written, and fields given by name are noted,
/// because only create metadata can say which id and shape they have.
public struct IssueRequestBuilder: Sendable {
    public let flavor: JiraFlavor
    public let shaper: ValueShaper

    public init(flavor: JiraFlavor) {
        self.flavor = flavor
        self.shaper = ValueShaper(flavor: flavor) { text in DescriptionMarkup.render(text: text, flavor: flavor) }
    }

    /// The create request, or the reasons Jira would refuse it.
    public func build(_ draft: IssueDraft) -> Result<(IssueRequest, notes: [String]), Refusal> {
        var fields = baseFields(draft)
        var notes: [String] = []
        var refusals: [String] = []
        for field in draft.fields where !field.value.isEmpty {
            if let schema = FieldSchema.systemFields[field.name] {
                do {
                    fields[field.name] = try shaper.shape(field.value, as: schema)
                } catch {
                    refusals.append("field \"\(field.name)\" \(error.reason)")
                }
            } else {
                fields[field.name] = ValueShaper.plain(field.value)
                if !FieldSchema.isCustomFieldID(field.name) {
                    notes.append("field \"\(field.name)\" is sent by name here; delivery resolves it to its id and shape from Jira's create metadata")
                }
            }
        }
        guard refusals.isEmpty else { return .failure(Refusal(project: draft.project, issueType: draft.issueType, reasons: refusals)) }
        let request = IssueRequest(method: "POST", path: flavor.apiPath + "/issue", body: ["fields": .object(fields)])
        return .success((request, notes))
    }

    /// Project, issue type, summary, description, labels and priority: what every issue has.
    public func baseFields(_ draft: IssueDraft) -> JSONObject {
        var fields = JSONObject()
        fields["project"] = ["key": .string(draft.project)]
        fields["issuetype"] = ["name": .string(draft.issueType)]
        fields["summary"] = .string(draft.summary)
        fields["description"] = DescriptionMarkup.render(draft: draft, flavor: flavor)
        if !draft.labels.isEmpty {
            fields["labels"] = .array(draft.labels.map(JSONValue.string))
        }
        if let priority = draft.priority {
            fields["priority"] = priority.allSatisfy(\.isNumber) ? ["id": .string(priority)] : ["name": .string(priority)]
        }
        return fields
    }
}

/// Why an issue will not be created, named so a user can fix the rule or the Jira project.
public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var project: String
    public var issueType: String
    public var reasons: [String]

    public init(project: String, issueType: String, reasons: [String]) {
        self.project = project
        self.issueType = issueType
        self.reasons = reasons
    }

    public var description: String {
        reasons.map { "project \(project) / \(issueType): \($0)" }.joined(separator: "\n")
    }
}
