import AlertModel
import Foundation
import Glibc
import JSON
import TestSupport
import Testing

/// A real Alertmanager (Debian's `prometheus-alertmanager`, which `.ci/run` installs) posting to
/// `alert2jira serve` with a bearer token from its `http_config`: a fired alert becomes an issue, and
/// its resolution reaches that issue as a comment or a transition.
@Suite("Alertmanager end to end", .serialized, .childProcessesStopped)
struct AlertmanagerTests {
    static let alertmanager = "/usr/bin/prometheus-alertmanager"
    static let amtool = "/usr/bin/amtool"

    /// Runs amtool against the Alertmanager at `url`: its exit status and what it printed.
    static func amtool(_ arguments: [String], url: String) async throws -> (status: Int32, output: String) {
        let child = try ChildProcess.start(amtool, arguments + ["--alertmanager.url=\(url)"], stdout: .pipe, stderr: .stdout)
        let output = await child.readToEnd()
        return (await child.waitForExit().status, output)
    }

    @Test func aFiredAlertBecomesAnIssueAndItsResolutionReachesIt() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.alertmanager) && FileManager.default.isExecutableFile(atPath: Self.amtool),
            "Debian's prometheus-alertmanager is not installed; .ci/run installs it (apt-get install prometheus-alertmanager)"
        )
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("a2j-am-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let config = directory + "/alert2jira.yaml"
        try """
        connections:
          jira: { url: "\(fake.url)", auth: { email: alert2jira@serviceaccount.example.com, api_token: fake-api-token } }
        sources:
          alertmanager:
            bearer_token: am-webhook-token
            format: alertmanager
        rules:
          - name: prometheus
            project: FINOPS
            issue_type: Task
            summary: "{{title}} on {{labels.instance}}"
            on_resolved: comment
        server:
          retry_initial: 200ms
          retry_max: 1s
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let server = try await ServeProcess.start(config: config, dataDirectory: directory + "/data")
        defer { server.signal(SIGKILL) }

        let port = try freeLoopbackPort()
        let amURL = "http://127.0.0.1:\(port)"
        try """
        route:
          receiver: jira
          group_by: [alertname, instance]
          group_wait: 100ms
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: jira
            webhook_configs:
              - url: \(server.url)/alerts
                send_resolved: true
                http_config:
                  authorization: { type: Bearer, credentials: am-webhook-token }
        """.write(toFile: directory + "/alertmanager.yml", atomically: true, encoding: .utf8)
        let alertmanager = try ChildProcess.start(
            Self.alertmanager,
            [
                "--config.file=\(directory)/alertmanager.yml", "--storage.path=\(directory)/am-data", "--web.listen-address=127.0.0.1:\(port)",
                "--cluster.listen-address=", "--log.level=warn",
            ],
            stderr: .file(directory + "/alertmanager.log")
        )
        defer { alertmanager.terminate() }
        #expect(try await eventually { try await Self.amtool(["check-config", directory + "/alertmanager.yml"], url: amURL).status == 0 })
        #expect(try await eventually { try await Self.amtool(["alert", "query"], url: amURL).status == 0 })

        let labels = ["alertname=DiskAlmostFull", "instance=db1:9100", "severity=warning"]
        let fired = try await Self.amtool(["alert", "add"] + labels + ["--annotation=summary=Disk /data is 93% full"], url: amURL)
        #expect(fired.status == 0, "\(fired.output)")
        #expect(try await eventually { try await fake.issues().count == 1 })
        let issue = try #require(try await fake.issues().first)
        #expect(issue["fields"]?["summary"] == "DiskAlmostFull on db1:9100")
        let key = try #require(issue["key"]?.stringValue)

        // An end time in the past resolves the alert; Alertmanager sends the resolution at the next group interval.
        let ended = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-1))
        let resolved = try await Self.amtool(["alert", "add"] + labels + ["--end=\(ended)"], url: amURL)
        #expect(resolved.status == 0, "\(resolved.output)")
        let updated = try await eventually(within: 30) {
            guard let current = try await fake.issues().first(where: { $0["key"]?.stringValue == key }) else { return false }
            let comments = current["comments"]?.arrayValue ?? current["fields"]?["comment"]?["comments"]?.arrayValue ?? []
            let transitioned = current["status"]?["category"]?.stringValue == "done"
            return !comments.isEmpty || transitioned
        }
        let issues = try await fake.issues()
        #expect(updated, "the issue got neither a comment nor a transition after the alert resolved: \(issues)")
        #expect(try await fake.issues().count == 1)
        let records = try await SpoolListing.records(dataDirectory: directory + "/data")
        #expect(records.count >= 2)
        #expect(records.allSatisfy { $0["source"] as? String == "alertmanager" })
    }
}
