import AlertConfig
import AlertRules
import Foundation
import JSON
import JiraFake
import JiraKit
import JiraSpec
import TestSupport
import Testing

@testable import AlertReport

/// `report` against a history built in jira-fake: every figure checked against what the history says.
@Suite("Report on a known history")
struct ReportTests {
    static let window = ReportWindow(since: KnownHistory.start.addingTimeInterval(-86_400), until: KnownHistory.start.addingTimeInterval(86_400))

    static func config(_ history: KnownHistory) throws -> Config {
        let auth =
            history.flavor == "cloud"
            ? "{ email: alert2jira@serviceaccount.example.com, api_token: fake-api-token }" : "{ personal_access_token: fake-pat }"
        let yaml = """
            connections:
              jira: { url: "\(history.fake.url)", flavor: \(history.flavor), auth: \(auth) }
            rules:
              - { name: db, project: FINOPS, issue_type: Task, summary: "{{title}}" }
              - { name: cost, project: FINOPS, issue_type: Task, summary: "{{title}}" }
            """
        return try ConfigLoader(environment: [:]).load(yaml: yaml, file: "report.yaml", baseDirectory: "/nonexistent")
    }

    static func report(_ history: KnownHistory, groupBy: [ReportDimension] = [.rule], rules: [String] = []) async throws -> Report {
        let config = try config(history)
        let clients = config.connections.mapValues { JiraClient(connection: $0, transport: CurlTransport(options: CurlTransport.Options())) }
        return try await ReportJob(window: window, rules: rules, groupBy: groupBy).run(config: config, clients: clients)
    }

    @Test(arguments: ["cloud", "datacenter"])
    func figuresMatchTheHistory(flavor: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let history = try await KnownHistory.build(flavor: flavor, directory: directory)
        defer { history.fake.stop() }
        let report = try await Self.report(history)

        #expect(report.issues.map(\.key) == ["FINOPS-2", "FINOPS-3", "FINOPS-4"])
        let byKey = Dictionary(uniqueKeysWithValues: report.issues.map { ($0.key, $0) })
        let first = try #require(byKey["FINOPS-2"])
        #expect(first.rule == "db")
        #expect(first.source == "alertmanager")
        #expect(first.timeToAcknowledge == 600)
        #expect(first.timeToResolve == 18_000)
        #expect(first.reopens == 1)
        #expect(first.repeats == 0)
        let second = try #require(byKey["FINOPS-3"])
        #expect(second.timeToAcknowledge == 1_800)
        #expect(second.resolved == nil)
        #expect(second.repeats == 2)
        let third = try #require(byKey["FINOPS-4"])
        #expect(third.rule == "cost")
        #expect(third.acknowledged == nil)
        #expect(third.resolved == nil)

        #expect(report.totals.issues == 3)
        #expect(report.totals.open == 2)
        #expect(report.totals.acknowledged == 2)
        #expect(report.totals.resolved == 1)
        #expect(report.totals.reopened == 1)
        #expect(report.totals.repeats == 2)
        #expect(report.totals.timeToAcknowledge == DurationStatistics([600, 1_800]))
        #expect(report.totals.timeToAcknowledge.p50 == 600)
        #expect(report.totals.timeToAcknowledge.p90 == 1_800)
        #expect(report.totals.timeToAcknowledge.mean == 1_200)
        #expect(report.totals.timeToResolve.p50 == 18_000)

        #expect(report.groups.map(\.label) == ["rule=cost", "rule=db"])
        #expect(report.groups.map(\.issues) == [1, 2])
        #expect(report.neverAcknowledged.map(\.key) == ["FINOPS-4"])
        #expect(report.noisiest().map(\.key) == ["FINOPS-3", "FINOPS-2"])
    }

    @Test func aRuleFilterKeepsThatRulesIssuesOnly() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let history = try await KnownHistory.build(flavor: "cloud", directory: directory)
        defer { history.fake.stop() }
        let report = try await Self.report(history, groupBy: [.project, .issueType], rules: ["cost"])
        #expect(report.issues.map(\.key) == ["FINOPS-4"])
        #expect(report.groups.map(\.label) == ["project=FINOPS, issue-type=Task"])
    }

    @Test func anUnknownRuleIsRefusedWithTheRulesThereAre() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let history = try await KnownHistory.build(flavor: "cloud", directory: directory)
        defer { history.fake.stop() }
        await #expect(throws: ReportError.badOption("--rule", "dbb", "no rule of that name in report.yaml; rules: cost, db")) {
            _ = try await Self.report(history, rules: ["dbb"])
        }
    }

    @Test func refusedCredentialsAreSaidAsSuch() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let history = try await KnownHistory.build(flavor: "cloud", directory: directory)
        defer { history.fake.stop() }
        let yaml = """
            connections:
              jira: { url: "\(history.fake.url)", auth: { email: alert2jira@serviceaccount.example.com, api_token: rotated-away } }
            rules: [{ name: db, project: FINOPS, summary: "{{title}}" }]
            """
        let config = try ConfigLoader(environment: [:]).load(yaml: yaml, file: "report.yaml", baseDirectory: "/nonexistent")
        let clients = config.connections.mapValues { JiraClient(connection: $0, transport: CurlTransport(options: CurlTransport.Options())) }
        do {
            _ = try await ReportJob(window: Self.window).run(config: config, clients: clients)
            Issue.record("a report with a wrong token succeeded")
        } catch {
            guard case .credentials(let connection, let message) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(connection == "jira")
            #expect(message.contains("401"), "\(message)")
            #expect(!message.contains("rotated-away"))
        }
    }

    @Test func cloudReadsAThousandIssuesInAtMostTwentyFiveRequests() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let history = try await KnownHistory.build(flavor: "cloud", directory: directory)
        defer { history.fake.stop() }
        // 1,000 more issues in the window, each moved to In Progress by a person.
        await history.fake.fake.setClock(to: KnownHistory.start.addingTimeInterval(43_200))
        for index in 0..<1_000 {
            guard
                let created = await history.fake.fake.act(
                    as: KnownHistory.serviceAccount,
                    "POST",
                    "/rest/api/3/issue",
                    body: #"{"fields":{"project":{"key":"FINOPS"},"issuetype":{"name":"Task"},"summary":"bulk \#(index)","labels":["alert2jira"]}}"#
                ), let key = created.body?["key"]?.stringValue
            else {
                Issue.record("create failed")
                return
            }
            _ = await history.fake.fake.act(
                as: KnownHistory.person,
                "POST",
                "/rest/api/3/issue/\(key)/transitions",
                body: #"{"transition":{"id":"21"}}"#
            )
        }
        let before = (await history.fake.fake.requestLog())["requests"]?.arrayValue?.count ?? 0
        let report = try await Self.report(history)
        let after = (await history.fake.fake.requestLog())["requests"]?.arrayValue?.count ?? 0
        #expect(report.issues.count == 1_003)
        #expect(report.totals.acknowledged == 1_002)
        #expect(after - before <= 25, "report sent \(after - before) requests for 1,003 issues")
        #expect(after - before >= 11, "1,003 issues take 11 search pages of 100, and the report read \(after - before)")
    }
}
