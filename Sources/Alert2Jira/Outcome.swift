import AlertModel
import JSON
import JiraKit

/// What became of one alert (or notice): the rule and target it was routed to, the action taken or
/// previewed, the exact request, and anything worth knowing about it.
public struct Outcome: Sendable {
    /// What happens, or would happen, to the alert.
    public enum Action: String, Sendable, Equatable {
        case create
        case comment
        case update
        case transition
        case skip
        case unmatched
        case refused
        case failed
    }

    public var item: IngestItem
    public var rule: String?
    public var connection: String?
    public var project: String?
    public var issueType: String?
    public var action: Action
    public var request: IssueRequest?
    public var problems: [String]
    /// The issue key once delivered (`OPS-12`), and its browse URL.
    public var issueKey: String?
    public var issueURL: String?
    /// The rendered description as plain text, for the text preview.
    public var descriptionText: String?
    /// For failures that say something about Jira rather than the alert: unreachable (69), temporarily
    /// unavailable (75), credentials refused (78). Decides the exit status.
    public var failureStatus: ExitStatus?
    /// Why this action: "repeat of OPS-12 within repeat_interval", "reopened OPS-12", …
    public var reason: String?
    /// How long Jira asked to wait before trying again, when it rate-limited the delivery.
    public var retryAfter: Duration?

    public init(
        item: IngestItem,
        rule: String? = nil,
        connection: String? = nil,
        project: String? = nil,
        issueType: String? = nil,
        action: Action,
        request: IssueRequest? = nil,
        problems: [String] = [],
        issueKey: String? = nil,
        issueURL: String? = nil,
        descriptionText: String? = nil
    ) {
        self.item = item
        self.rule = rule
        self.connection = connection
        self.project = project
        self.issueType = issueType
        self.action = action
        self.request = request
        self.problems = problems
        self.issueKey = issueKey
        self.issueURL = issueURL
        self.descriptionText = descriptionText
    }

    /// Refusals, failures and (when configured so) unmatched alerts make the run exit 1.
    public func isFailure(unmatchedIsError: Bool) -> Bool {
        switch action {
        case .refused, .failed: true
        case .unmatched: unmatchedIsError
        case .create, .comment, .update, .transition, .skip: false
        }
    }

    public var alert: Alert? {
        if case .alert(let alert) = item { return alert }
        return nil
    }

    /// The `--output json` record and a newline: one line of NDJSON, written without building
    /// ``json`` first.
    public func writeJSONLine(into output: inout [UInt8]) {
        var writer = JSONObjectWriter(appendingTo: &output)
        writeMembers(to: &writer)
        writer.finish(into: &output)
        output.append(UInt8(ascii: "\n"))
    }

    /// The `--output json` record: the contract in DESIGN.md, one object per alert.
    public var json: JSONValue {
        var object = JSONObject()
        writeMembers(to: &object)
        return .object(object)
    }

    private func writeMembers(to sink: inout some JSONMemberSink) {
        switch item {
        case .alert(let alert):
            sink.member("alert") { alert.writeMembers(to: &$0) }
        case .notice(let notice):
            sink.member("alert", .null)
            sink.member(
                "notice",
                [
                    "source": .string(notice.source), "kind": .string(notice.kind), "message": .string(notice.message),
                    "details": .object(JSONObject(notice.details.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })),
                ]
            )
        }
        sink.member("rule", rule.map(JSONValue.string) ?? .null)
        sink.member("connection", connection.map(JSONValue.string) ?? .null)
        sink.member("project", project.map(JSONValue.string) ?? .null)
        sink.member("issueType", issueType.map(JSONValue.string) ?? .null)
        sink.member("action", .string(action.rawValue))
        if let reason { sink.member("reason", .string(reason)) }
        if let request {
            sink.member("request") { request.writeMembers(to: &$0) }
        } else {
            sink.member("request", .null)
        }
        if let issueKey { sink.member("key", .string(issueKey)) }
        if let issueURL { sink.member("url", .string(issueURL)) }
        sink.member("problems", .array(problems.map(JSONValue.string)))
    }
}
