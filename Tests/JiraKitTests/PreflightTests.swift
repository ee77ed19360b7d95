import Contracts
import JSON
import JiraKit
import Testing

@Suite("Preflight against create metadata")
struct PreflightTests {
    let preflight = Preflight(flavor: .cloud)

    func refusal(_ draft: IssueDraft, _ metadata: CreateMetadata = Metadata.opsBug) throws -> Refusal {
        switch preflight.check(draft, metadata: metadata) {
        case .success(let (request, _)): throw Unexpected(description: "expected a refusal, got \(request.body.jsonString)")
        case .failure(let refusal): return refusal
        }
    }

    func fields(_ draft: IssueDraft, _ metadata: CreateMetadata = Metadata.opsBug, flavor: JiraFlavor = .cloud) throws -> JSONObject {
        switch Preflight(flavor: flavor).check(draft, metadata: metadata) {
        case .success(let (request, _)): return try #require(request.body["fields"]?.objectValue)
        case .failure(let refusal): throw Unexpected(description: "refused: \(refusal)")
        }
    }

    struct Unexpected: Error, CustomStringConvertible { let description: String }

    @Test func requiredCustomFieldWithoutDefaultIsRefusedByName() throws {
        let refused = try refusal(Metadata.draft(fields: [DraftField(name: "components", value: .list([.text("API")]))]))
        #expect(
            refused.reasons == [
                "required field \"Environment\" (customfield_10050) has no default and the rule does not set it — add fields: {Environment: …} to rule \"ops-alerts\" (allowed: Production, Staging)"
            ]
        )
        #expect(refused.description.hasPrefix("project OPS / Bug: required field \"Environment\""))
    }

    @Test func requiredComponentsAreRefusedToo() throws {
        let refused = try refusal(Metadata.draft(fields: [DraftField(name: "Environment", value: .text("Staging"))]))
        #expect(refused.reasons.count == 1)
        #expect(refused.reasons[0].hasPrefix("required field \"Components\" (components) has no default"))
    }

    @Test func reporterRequiredWithDefaultIsFilledByJira() throws {
        let body = try fields(Metadata.draft(fields: Metadata.requiredFilled))
        #expect(body["reporter"] == nil)
        #expect(body["customfield_10050"] == ["value": "Production"])
        #expect(body["components"] == [["name": "Database"]])
        #expect(body["issuetype"] == ["id": "10004"])
        #expect(body["project"] == ["key": "OPS"])
    }

    @Test func anEmptyRenderedValueCountsAsNotSet() throws {
        let draft = Metadata.draft(fields: [
            DraftField(name: "Environment", value: .text("")), DraftField(name: "components", value: .list([.text("API")])),
        ])
        let refused = try refusal(draft)
        #expect(refused.reasons.first?.contains("\"Environment\" (customfield_10050) has no default") == true)
    }

    @Test func offScreenFieldIsRefused() throws {
        let draft = Metadata.draft(fields: Metadata.requiredFilled + [DraftField(name: "Team", value: .text("SRE"))])
        let refused = try refusal(draft)
        #expect(refused.reasons.count == 1)
        #expect(refused.reasons[0].hasPrefix("field \"Team\" is not on the create screen (or unknown) — remove it from rule \"ops-alerts\""))
    }

    @Test func offScreenDescriptionLabelsAndPriority() throws {
        var draft = Metadata.draft(labels: ["finops"], priority: "High")
        draft.project = "FINOPS"
        draft.issueType = "Task"
        let refused = try refusal(draft, Metadata.bareTask)
        #expect(refused.reasons.count == 3)
        #expect(refused.reasons[0].hasPrefix("field \"description\" is not on the create screen"))
        #expect(refused.reasons[1].hasPrefix("field \"labels\" is not on the create screen"))
        #expect(refused.reasons[2].hasPrefix("field \"priority\" is not on the create screen"))
    }

    @Test func aDefaultDescriptionIsLeftOutQuietlyWhereTheScreenHasNone() throws {
        var draft = Metadata.draft(descriptionIsDefault: true)
        draft.project = "FINOPS"
        draft.issueType = "Task"
        let result = preflight.check(draft, metadata: Metadata.bareTask)
        let (request, notes) = try result.get()
        #expect(request.body["fields"]?["description"] == nil)
        #expect(notes == ["the create screen has no description field; the default description is left out"])
    }

    @Test func priorityNotAllowedListsTheAllowedOnes() throws {
        let refused = try refusal(Metadata.draft(fields: Metadata.requiredFilled, priority: "P1"))
        #expect(refused.reasons == ["field \"Priority\" (priority): \"P1\" is not an allowed value; allowed: Highest, High, Medium, Low, Lowest"])
    }

    @Test func priorityMatchesCaseInsensitivelyAndTakesJirasSpelling() throws {
        let result = preflight.check(Metadata.draft(fields: Metadata.requiredFilled, priority: "high"), metadata: Metadata.opsBug)
        let (request, notes) = try result.get()
        #expect(request.body["fields"]?["priority"] == ["name": "High"])
        #expect(notes == ["field \"Priority\": \"high\" is written \"High\" in Jira"])
    }

    @Test func optionValueNotAllowed() throws {
        let draft = Metadata.draft(fields: [DraftField(name: "customfield_10050", value: .text("Prod")), Metadata.requiredFilled[1]])
        let refused = try refusal(draft)
        #expect(refused.reasons == ["field \"Environment\" (customfield_10050): \"Prod\" is not an allowed value; allowed: Production, Staging"])
    }

    @Test func fieldsByNameOrIdAndEveryShape() throws {
        let draft = Metadata.draft(
            fields: Metadata.requiredFilled + [
                DraftField(name: "cost impact", value: .text("$1,001.50")),
                DraftField(name: "On-call", value: .text("5b10a2844c20165700ede21g")),
                DraftField(name: "Regions", value: .list([.text("eu-west-1"), .text("us-east-1")])),
                DraftField(name: "Service", value: .text("Payments > Checkout")),
                DraftField(name: "customfield_10095", value: .text("Restart the pod.\n\nThen check.")),
                DraftField(name: "duedate", value: .text("2026-11-30T10:00:00Z")),
                DraftField(name: "labels", value: .list([.text("extra"), .text("alert2jira")])),
            ],
            labels: ["alert2jira"]
        )
        let body = try fields(draft)
        #expect(body["customfield_10060"] == .number(JSONNumber(literal: "1001.5")))
        #expect(body["customfield_10070"] == ["accountId": "5b10a2844c20165700ede21g"])
        #expect(body["customfield_10080"] == [["value": "eu-west-1"], ["value": "us-east-1"]])
        #expect(body["customfield_10090"] == ["value": "Payments", "child": ["value": "Checkout"]])
        #expect(body["customfield_10095"]?["type"] == "doc")
        #expect(body["duedate"] == "2026-11-30")
        #expect(body["labels"] == ["alert2jira", "extra"])
        #expect(body["description"]?["type"] == "doc")
    }

    @Test func dataCenterShapesUsersByNameAndTextAsWiki() throws {
        let draft = Metadata.draft(fields: Metadata.requiredFilled + [DraftField(name: "On-call", value: .text("jdoe"))])
        let body = try fields(draft, flavor: .datacenter)
        #expect(body["customfield_10070"] == ["name": "jdoe"])
        #expect(body["description"] == "Something happened.")
    }

    @Test func valuesThatCannotBeShapedNameTheFieldAndItsType() throws {
        let draft = Metadata.draft(
            fields: Metadata.requiredFilled + [
                DraftField(name: "Cost impact", value: .text("a lot")),
                DraftField(name: "duedate", value: .text("tomorrow")),
                DraftField(name: "Environment", value: .list([.text("Production"), .text("Staging")])),
            ]
        )
        let refused = try refusal(draft)
        #expect(refused.reasons.contains("field \"Cost impact\" (customfield_10060) is a number field; \"a lot\" is not a number"))
        #expect(refused.reasons.contains("field \"Due date\" (duedate) is a date field; \"tomorrow\" is not a date like 2026-11-23"))
        #expect(refused.reasons.contains("field \"Environment\" (customfield_10050) takes a single option, but the rule gives a list of 2"))
    }

    @Test func cascadingChildNotAllowed() throws {
        let draft = Metadata.draft(fields: Metadata.requiredFilled + [DraftField(name: "Service", value: .text("Payments > Refunds"))])
        let refused = try refusal(draft)
        #expect(refused.reasons == ["field \"Service\" (customfield_10090): \"Payments > Refunds\" is not an allowed value; allowed: Checkout"])
    }

    @Test func ambiguousFieldNamesAskForTheId() throws {
        var metadata = Metadata.opsBug
        metadata.fields.append(Metadata.field("customfield_10051", "Environment", "string"))
        let refused = try refusal(Metadata.draft(fields: Metadata.requiredFilled), metadata)
        #expect(
            refused.reasons.first?.hasPrefix(
                "field \"Environment\" is ambiguous: the create screen has Environment (customfield_10050), Environment (customfield_10051)"
            ) == true
        )
    }

    @Test func unknownIssueTypeListsTheProjectsTypes() throws {
        let types = [
            IssueTypeInfo(id: "1", name: "Task"), IssueTypeInfo(id: "2", name: "Bug"), IssueTypeInfo(id: "3", name: "Sub-task", subtask: true),
        ]
        #expect(try Preflight.issueType(named: "bug", project: "OPS", in: types).get() == types[1])
        guard case .failure(let refusal) = Preflight.issueType(named: "Incident", project: "OPS", in: types) else {
            Issue.record("Incident should not resolve")
            return
        }
        #expect(refusal.reasons == ["issue type \"Incident\" does not exist in project OPS; its issue types are: Task, Bug"])
    }
}
