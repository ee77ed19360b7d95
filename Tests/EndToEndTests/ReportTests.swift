import Foundation
import JSON
import TestSupport
import Testing

/// `alert2jira report` as the README shows it: a history built in jira-fake by `samples/report/history.sh` (alerts
/// through the real binary, a person's actions at set times), then the report in every format.
@Suite("alert2jira report end to end", .childProcessesStopped)
struct ReportEndToEndTests {
    static let window = ["--since", "2026-11-01", "--until", "2026-11-03"]

    static func history() async throws -> JiraFakeProcess {
        let fake = try await JiraFakeProcess.start()
        let script = try await CommandLineRunner.run(
            [CommandLineRunner.samplePath("report/history.sh"), fake.url],
            environment: ["ALERT2JIRA": CommandLineRunner.executable("alert2jira").path],
            executable: "/bin/bash"
        )
        guard script.status == 0, script.stdout.contains("made FINOPS-1, FINOPS-2 and FINOPS-3") else {
            fake.stop()
            throw CommandLineRunner.RunnerError("history.sh failed (\(script.status)): \(script.stdout)\(script.stderr)")
        }
        return fake
    }

    static func report(_ fake: JiraFakeProcess, _ extra: [String]) async throws -> CommandLineRunner.Result {
        try await CommandLineRunner.run(
            ["report", "--config", CommandLineRunner.samplePath("report/alert2jira.yaml")] + window + extra,
            environment: ["JIRA_URL": fake.url]
        )
    }

    @Test func theJSONReportMatchesTheHistoryTheScriptBuilt() async throws {
        let fake = try await Self.history()
        defer { fake.stop() }
        let result = try await Self.report(fake, ["--output", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONParser.parse(Array(result.stdout.utf8))
        let totals = try #require(report["totals"])
        #expect(totals["issues"] == 3)
        #expect(totals["open"] == 2)
        #expect(totals["acknowledged"] == 2)
        #expect(totals["resolved"] == 1)
        #expect(totals["reopened"] == 1)
        #expect(totals["repeats"] == 1)
        #expect(totals["tta_seconds"]?["p50"] == 600)
        #expect(totals["tta_seconds"]?["p90"] == 1_800)
        #expect(totals["tta_seconds"]?["mean"] == 1_200)
        #expect(totals["ttr_seconds"]?["p50"] == 18_000)
        let issues = report["issues"]?.arrayValue ?? []
        #expect(issues.map { $0["key"]?.stringValue ?? "" } == ["FINOPS-1", "FINOPS-2", "FINOPS-3"])
        #expect(issues.map { $0["rule"]?.stringValue ?? "" } == ["database", "database", "cost"])
        #expect(issues[0]["acknowledged"] == "2026-11-02T09:10:00Z")
        #expect(issues[0]["resolved"] == "2026-11-02T14:00:00Z")
        #expect(report["never_acknowledged"] == ["FINOPS-3"])
        // Only keys and summaries of the issues' text.
        #expect(!result.stdout.contains("Looking into it"))
    }

    @Test func theHTMLReportIsOnePageWithItsChartsAndNothingFetched() async throws {
        let fake = try await Self.history()
        defer { fake.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let page = directory.path + "/report.html"
        let result = try await Self.report(fake, ["--output", "html", "--out", page])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("wrote the html report of 3 issues to \(page)"))
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 4)
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("<link"))
        #expect(html.contains("Spend spike"))
    }

    @Test func textAndCSVShowTheSameIssues() async throws {
        let fake = try await Self.history()
        defer { fake.stop() }
        let text = try await Self.report(fake, ["--group-by", "rule,source"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("database  generic"))
        #expect(text.stdout.contains("Never acknowledged (1)"))
        let csv = try await Self.report(fake, ["--output", "csv"])
        let rows = csv.stdout.split(separator: "\r\n")
        #expect(rows.count == 4)
        #expect(rows.first?.hasPrefix("key,url,summary,rule,") == true)
        #expect(rows.dropFirst().map { $0.split(separator: ",").first.map(String.init) ?? "" } == ["FINOPS-1", "FINOPS-2", "FINOPS-3"])
    }

    @Test func badOptionsAndAnUnreachableJiraSayWhatToDo() async throws {
        let badSince = try await CommandLineRunner.run(
            ["report", "--config", CommandLineRunner.samplePath("report/alert2jira.yaml"), "--since", "last tuesday"]
        )
        #expect(badSince.status == 64)
        #expect(badSince.stderr.contains("--since last tuesday: give a duration back from --until (30d, 12h) or a date (2026-11-01)"))
        let badGroup = try await CommandLineRunner.run(
            ["report", "--config", CommandLineRunner.samplePath("report/alert2jira.yaml"), "--group-by", "team"]
        )
        #expect(badGroup.status == 64)
        #expect(badGroup.stderr.contains("group by any of rule, project, issue-type, priority, source"))
        let down = try await CommandLineRunner.run(
            ["report", "--config", CommandLineRunner.samplePath("report/alert2jira.yaml")],
            environment: ["JIRA_URL": "http://127.0.0.1:9"]
        )
        #expect(down.status == 69)
        #expect(down.stderr.contains("connection \"jira\""))
    }
}
