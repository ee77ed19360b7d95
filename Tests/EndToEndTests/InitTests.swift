import Foundation
import JSON
import TestSupport
import Testing

/// `alert2jira init` as a new user runs it: from a live project in jira-fake, and from a jiralert config, each
/// followed by what the user does next (`check --online`, sending an alert).
@Suite("alert2jira init end to end", .childProcessesStopped)
struct InitEndToEndTests {
    static let cloud = ["JIRA_EMAIL": "alert2jira@serviceaccount.example.com", "JIRA_API_TOKEN": "fake-api-token"]

    @Test func aLiveProjectGivesAConfigThatPassesTheOnlineCheck() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        let out = fake.scratch.path + "/init"
        let result = try await CommandLineRunner.run(
            ["init", "--url", fake.url, "--project", "OPS", "--issue-type", "Bug", "--issue-type", "Task", "--out", out],
            environment: Self.cloud
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("wrote \(out)/alert2jira.yaml and \(out)/rules/ops.yaml"))
        #expect(result.stderr.contains("1 left to fill in (marked CHANGEME):\n  - rule \"ops-task\", match: say which alerts become a Task"))
        let rules = try String(contentsOfFile: out + "/rules/ops.yaml", encoding: .utf8)
        #expect(rules.contains("# required: Environment (customfield_10050), option; allowed: Production, Staging"))
        #expect(!(try String(contentsOfFile: out + "/alert2jira.yaml", encoding: .utf8)).contains("fake-api-token"))

        // The user fills in what is left, then checks.
        try rules.replacingOccurrences(of: "labels.jira_issue_type: \"Task\"", with: "labels.team: finops")
            .write(toFile: out + "/rules/ops.yaml", atomically: true, encoding: .utf8)
        let check = try await CommandLineRunner.run(["check", "--config", out + "/alert2jira.yaml", "--online"], environment: Self.cloud)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("✓ jira OPS / Bug: preflight passes"))

        let again = try await CommandLineRunner.run(["init", "--url", fake.url, "--project", "OPS", "--out", out], environment: Self.cloud)
        #expect(again.status == 64)
        #expect(again.stderr.contains("\(out)/alert2jira.yaml exists already; pass --force to replace it, or another --out"))
    }

    @Test func withoutOutTheConfigIsPrintedAndMissingCredentialsAreNamed() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        let printed = try await CommandLineRunner.run(["init", "--url", fake.url, "--project", "FINOPS"], environment: Self.cloud)
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout.hasPrefix("# alert2jira config for project FINOPS"))
        #expect(printed.stdout.contains("  - name: finops-task\n"))
        #expect(printed.stderr.contains("nothing left to fill in"))
        let bare = try await CommandLineRunner.run(["init", "--url", fake.url, "--project", "FINOPS"])
        #expect(bare.status == 64)
        #expect(bare.stderr.contains("no credentials: set JIRA_EMAIL and JIRA_API_TOKEN (Jira Cloud), JIRA_PAT"))
        let both = try await CommandLineRunner.run(["init", "--project", "FINOPS", "--from-jiralert", "x.yml"])
        #expect(both.status == 64)
    }

    @Test func aJiralertConfigConvertsAndItsResultDeliversAnAlertmanagerGroup() async throws {
        let fake = try await JiraFakeProcess.start { $0.replacingOccurrences(of: "flavor: cloud ", with: "flavor: datacenter ") }
        defer { fake.stop() }
        let jiralert = try fake.scratch.write(
            "jiralert.yml",
            """
            defaults:
              api_url: \(fake.url)
              user: svc-alert2jira
              password: $(PASSWORD)
              issue_type: Task
              summary: '{{ .CommonLabels.alertname }} on {{ .CommonLabels.instance }}'
              description: '{{ range .Alerts }}{{ .Annotations.summary }}{{ end }}'
              reopen_state: "To Do"
              reopen_duration: 0h
            receivers:
              - name: sms
                project: FINOPS
            template: jiralert.tmpl
            """
        )
        try fake.scratch.write("jiralert.tmpl", "{{ define \"unused\" }}{{ end }}\n")
        let out = fake.scratch.path + "/migrated"
        let converted = try await CommandLineRunner.run(["init", "--from-jiralert", jiralert, "--out", out])
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(converted.stderr.contains("JIRA_USERNAME"))

        let environment = ["JIRA_USERNAME": "svc-alert2jira", "JIRA_PASSWORD": "fake-password"]
        let sent = try await CommandLineRunner.run(
            [
                "--config", out + "/alert2jira.yaml",
                CommandLineRunner.samplePath("alertmanager/famedly-alertmanager-webhook-types_sample-v4-payload.json"),
            ],
            environment: environment
        )
        #expect(sent.status == 0, "\(sent.stdout)\(sent.stderr)")
        #expect(sent.stdout.contains("created FINOPS-1"))
        let issue = try #require(try await fake.issues().first)
        #expect(issue["fields"]?["summary"] == "ProbeFailure on https://server.example.org")
        // Data Center wiki markup: the URL in the annotation becomes a link.
        let description = issue["fields"]?["description"]?.stringValue ?? ""
        #expect(description.hasPrefix("BlackBox Probe Failure: [") && description.hasSuffix("|https://server.example.org]"), "\(description)")
    }

    @Test func theRealJiralertExampleReportsWhatItCannotConvert() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let result = try await CommandLineRunner.run(
            ["init", "--from-jiralert", CommandLineRunner.samplePath("migrate/jiralert.yml"), "--out", directory.path]
        )
        #expect(result.status == 1)
        #expect(result.stderr.contains("not converted"))
        #expect(FileManager.default.fileExists(atPath: directory.path + "/alert2jira.yaml"))
    }

    @Test func aMistypedCommandIsNamedWithTheOneMeant() async throws {
        let result = try await CommandLineRunner.run(["chek"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown command \"chek\", did you mean check?"))
        let report = try await CommandLineRunner.run(["reprot", "--config", "x"])
        #expect(report.stderr.contains("did you mean report?"))
    }
}
