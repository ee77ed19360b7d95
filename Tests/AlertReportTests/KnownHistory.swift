import Foundation
import JiraFake
import JiraSpec
import TestSupport

/// A history built in jira-fake by acting as the service account and as a person at set times, so the report's
/// figures can be checked exactly.
///
/// In FINOPS (the standard workflow), from T0 = 2026-11-02T09:00Z:
/// - FINOPS-1: made 40 days before T0, outside the window.
/// - FINOPS-2 (rule `db`): Ada comments at +10m, resolves at +2h; the service account reopens it at +3h; Ada moves
///   it to Done at +5h. Acknowledged after 600 s, resolved (its resolution date) after 18,000 s, reopened once.
/// - FINOPS-3 (rule `db`): two repeat comments by the service account; Ada assigns herself at +1h30m, 1,800 s after
///   it was made at +1h. Open.
/// - FINOPS-4 (rule `cost`): the service account moves it to In Progress; no person touches it. Open, never
///   acknowledged.
/// - FINOPS-5: made by hand inside the window, without the marker label: not alert2jira's.
struct KnownHistory {
    static let start = Date(timeIntervalSince1970: 1_793_610_000)  // 2026-11-02T09:00:00Z
    static let serviceAccount = "svc-alert2jira"
    static let person = "ada"

    let fake: LoopbackJiraFake
    let flavor: String

    /// Starts a fake of `flavor` (`cloud` or `datacenter`) from the repository's sample site and builds the history.
    static func build(flavor: String, directory: TemporaryDirectory) async throws -> KnownHistory {
        let sample = try String(contentsOfFile: Repository.samplePath("jira-fake.yaml"), encoding: .utf8)
        let path = try directory.write("jira-fake-\(flavor).yaml", sample.replacingOccurrences(of: "flavor: cloud ", with: "flavor: \(flavor) "))
        let history = KnownHistory(fake: try await LoopbackJiraFake.start(configurationPath: path), flavor: flavor)
        try await history.play()
        return history
    }

    var api: String { flavor == "cloud" ? "/rest/api/3" : "/rest/api/2" }

    private func at(_ offset: TimeInterval) async {
        await fake.fake.setClock(to: Self.start.addingTimeInterval(offset))
    }

    @discardableResult
    private func call(_ user: String, _ method: String, _ path: String, _ body: String? = nil) async throws -> SpecJSON? {
        guard let answer = await fake.fake.act(as: user, method, api + path, body: body) else { throw HistoryError.noUser(user) }
        guard (200..<300).contains(answer.status) else { throw HistoryError.refused(method, path, answer.status, answer.body?.jsonString ?? "") }
        return answer.body
    }

    private func create(_ summary: String, labels: [String]) async throws -> String {
        let list = labels.map { "\"\($0)\"" }.joined(separator: ",")
        let body = #"{"fields":{"project":{"key":"FINOPS"},"issuetype":{"name":"Task"},"summary":"\#(summary)","labels":[\#(list)]}}"#
        let created = try await call(Self.serviceAccount, "POST", "/issue", body)
        guard let key = created?["key"]?.stringValue else { throw HistoryError.refused("POST", "/issue", 201, "no key") }
        return key
    }

    private func comment(_ user: String, _ key: String, _ text: String) async throws {
        let body =
            flavor == "cloud"
            ? #"{"body":{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"\#(text)"}]}]}}"#
            : #"{"body":"\#(text)"}"#
        try await call(user, "POST", "/issue/\(key)/comment", body)
    }

    private func transition(_ user: String, _ key: String, _ id: String, resolution: String? = nil) async throws {
        let fields = resolution.map { #","fields":{"resolution":{"name":"\#($0)"}}"# } ?? ""
        try await call(user, "POST", "/issue/\(key)/transitions", #"{"transition":{"id":"\#(id)"}\#(fields)}"#)
    }

    static func labels(_ rule: String) -> [String] {
        ["alert2jira-0123456789abcdef", "alert2jira", "alert2jira-rule-\(rule)", "alert2jira-source-alertmanager"]
    }

    private func play() async throws {
        await at(-40 * 86_400)
        _ = try await create("Old alert", labels: Self.labels("db"))
        await at(0)
        let first = try await create("Database down", labels: Self.labels("db"))
        await at(600)
        try await comment(Self.person, first, "Looking")
        await at(7_200)
        try await transition(Self.person, first, "51", resolution: "Done")
        await at(10_800)
        try await transition(Self.serviceAccount, first, "41")
        await at(18_000)
        try await transition(Self.person, first, "31")

        await at(3_600)
        let second = try await create("Disk full", labels: Self.labels("db"))
        await at(4_000)
        try await comment(Self.serviceAccount, second, "The alert fired again: Disk full")
        await at(4_600)
        try await comment(Self.serviceAccount, second, "The alert fired again: Disk full")
        await at(5_400)
        let assignee = flavor == "cloud" ? #"{"accountId":"5b10ac8d82e05b22cc7d4ef5"}"# : #"{"name":"ada"}"#
        try await call(Self.person, "PUT", "/issue/\(second)/assignee", assignee)

        await at(7_300)
        let third = try await create("Spend spike", labels: Self.labels("cost"))
        await at(7_400)
        try await transition(Self.serviceAccount, third, "21")

        await at(8_000)
        _ = try await create("Made by hand", labels: ["manual"])
        await at(86_400)
    }

    enum HistoryError: Error, CustomStringConvertible {
        case noUser(String)
        case refused(String, String, Int, String)

        var description: String {
            switch self {
            case .noUser(let user): "no user \(user) in the fake"
            case .refused(let method, let path, let status, let body): "\(method) \(path) → \(status): \(body)"
            }
        }
    }
}
