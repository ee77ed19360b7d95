import Alert2JiraServer
import AlertModel
import AlertRules
import AlertSpool
import Foundation
import HTTPTypes
import HummingbirdTesting
import JSON
import JiraFake
import TestSupport
import Testing

/// The worker between the spool and Jira, against jira-fake in process: delivery, retries that honour
/// Retry-After, dead letters, connection health, metrics and the log line per outcome.
@Suite("Delivery worker")
struct DeliveryWorkerTests {
    static func alert(_ title: String) -> String { #"{"title": "\#(title)", "severity": "critical"}"# }

    @Test func acceptedAlertsBecomeIssuesAndTheirRowsAreDone() async throws {
        let jira = try await InProcessJiraFake.start()
        defer { jira.stop() }
        let harness = try await ServerHarness.make(jira.config)
        try await harness.test { (client) async throws in
            for index in 0..<5 {
                #expect(try await client.post("/alerts", Self.alert("disk \(index)")).status == .accepted)
            }
            #expect(await eventually { await jira.summaries().count == 5 })
            #expect(Set(await jira.summaries()) == Set((0..<5).map { "disk \($0)" }))
            #expect(try await eventually { try await harness.server.spool.list(state: .done).count == 5 })
            let record = try await harness.server.spool.record(1)
            #expect(record.attempts == 1)
            #expect(record.result?.contains("\"key\":\"FINOPS-") == true)
            // One line per outcome, with rule, project, key and action.
            let lines = harness.logs.captured.filter { $0.contains("alert create") }
            #expect(lines.count == 5)
            #expect(
                lines.allSatisfy {
                    $0.contains("rule=everything") && $0.contains("project=FINOPS") && $0.contains("key=FINOPS-") && $0.contains("action=create")
                }
            )
            let metrics = try await client.get("/metrics").text
            #expect(metrics.contains(#"alert2jira_issues_total{project="FINOPS",action="create"} 5"#), "\(metrics)")
            #expect(metrics.contains(#"alert2jira_alerts_received_total{format="generic",result="accepted"} 5"#))
            #expect(metrics.contains(#"alert2jira_rule_matches_total{rule="everything"} 5"#))
            #expect(metrics.contains(#"alert2jira_jira_requests_total{connection="jira",method="POST",endpoint="/rest/api/3/issue",status="201"} 5"#))
            #expect(
                metrics.contains(#"alert2jira_jira_request_duration_seconds_count{connection="jira",method="POST",endpoint="/rest/api/3/issue"} 5"#)
            )
            #expect(metrics.contains(#"alert2jira_spool_depth{state="done"} 5"#))
            #expect(metrics.contains(#"alert2jira_spool_depth{state="pending"} 0"#))
        }
    }

    @Test func jiraDownKeepsAlertsPendingAndDeliversThemWhenItIsBack() async throws {
        let jira = try await InProcessJiraFake.start()
        defer { jira.stop() }
        _ = await jira.fake.addFault(FaultRule(kind: .status, status: 503))
        let harness = try await ServerHarness.make(jira.config)
        try await harness.test { (client) async throws in
            for index in 0..<20 {
                #expect(try await client.post("/alerts", Self.alert("outage \(index)")).status == .accepted)
            }
            #expect(try await eventually { try await harness.server.spool.list(state: .pending).contains { $0.attempts > 0 } })
            #expect(await jira.summaries().isEmpty)
            let notReady = try await client.get("/readyz")
            #expect(notReady.status == .serviceUnavailable)
            #expect(notReady.json["connections"]?["jira"]?["ok"] == false)
            let metrics = try await client.get("/metrics").text
            #expect(metrics.contains(#"alert2jira_spool_depth{state="pending"} 20"#))
            #expect(metrics.contains(#"alert2jira_jira_connection_up{connection="jira"} 0"#))

            await jira.fake.removeAllFaults()
            #expect(await eventually(within: 20) { await jira.summaries().count == 20 })
            #expect(try await eventually { try await harness.server.spool.list(state: .done).count == 20 })
            #expect(Set(await jira.summaries()).count == 20)
            #expect(try await eventually { try await client.get("/readyz").status == .ok })
        }
    }

    @Test func aRateLimitsRetryAfterDecidesTheNextAttempt() async throws {
        let jira = try await InProcessJiraFake.start()
        defer { jira.stop() }
        _ = await jira.fake.addFault(
            FaultRule(kind: .status, status: 429, retryAfter: "30", method: "POST", pathPattern: "/rest/api/3/issue", count: 1)
        )
        let harness = try await ServerHarness.make(jira.config)
        try await harness.test { (client) async throws in
            let started = Date()
            #expect(try await client.post("/alerts", Self.alert("throttled")).status == .accepted)
            #expect(try await eventually { try await harness.server.spool.record(1).attempts == 1 })
            let record = try await harness.server.spool.record(1)
            #expect(record.state == .pending)
            #expect(record.lastError?.contains("429") == true, "\(record.lastError ?? "")")
            // Jira asked for 30 s, far beyond the configured 100 ms…500 ms backoff.
            #expect(record.nextAttemptAt.timeIntervalSince(started) >= 29)
            #expect(await jira.summaries().isEmpty)
        }
    }

    @Test func aRefusalIsADeadLetterWithItsReasonAndCanBeRetried() async throws {
        let jira = try await InProcessJiraFake.start()
        defer { jira.stop() }
        // OPS / Bug requires Environment and components, which this rule does not set.
        let yaml = jira.config.replacingOccurrences(of: "project: FINOPS\n    issue_type: Task", with: "project: OPS\n    issue_type: Bug")
        let harness = try await ServerHarness.make(yaml)
        try await harness.test { (client) async throws in
            #expect(try await client.post("/alerts", Self.alert("refused")).status == .accepted)
            #expect(try await eventually { try await harness.server.spool.record(1).state == .dead })
            let record = try await harness.server.spool.record(1)
            #expect(record.lastError?.contains("required field \"Environment\"") == true, "\(record.lastError ?? "")")
            #expect(await eventually { harness.logs.captured.contains { $0.contains("alert is a dead letter") } })
            let metrics = try await client.get("/metrics").text
            #expect(metrics.contains(#"alert2jira_refusals_total{reason="required_field"} 1"#), "\(metrics)")
            #expect(metrics.contains("alert2jira_dead_letters_total 1"))
            #expect(metrics.contains(#"alert2jira_spool_depth{state="dead"} 1"#))
            try await harness.server.spool.retry(1)
            #expect(try await harness.server.spool.record(1).state == .pending)
            #expect(
                try await eventually {
                    let record = try await harness.server.spool.record(1)
                    return record.state == .dead && record.attempts == 1
                }
            )
        }
    }

    @Test func refusedCredentialsAreRetriedUntilTheGraceRunsOut() async throws {
        let jira = try await InProcessJiraFake.start()
        defer { jira.stop() }
        // A token rotated in Jira before it reached this server: refused three times, then accepted.
        _ = await jira.fake.addFault(FaultRule(kind: .status, status: 401, method: "POST", pathPattern: "/rest/api/3/issue", count: 3))
        let harness = try await ServerHarness.make(jira.config)
        try await harness.test { (client) async throws in
            #expect(try await client.post("/alerts", Self.alert("rotated")).status == .accepted)
            #expect(try await eventually { try await harness.server.spool.record(1).state == .done })
            #expect(try await harness.server.spool.record(1).attempts == 4)
            #expect(await jira.summaries() == ["rotated"])
            #expect(harness.logs.captured.contains { $0.contains("retrying until server.auth_failure_grace runs out") })
        }
        let impatient = try await ServerHarness.make(jira.config, server: ["auth_failure_grace": "1ms"])
        _ = await jira.fake.addFault(FaultRule(kind: .status, status: 401, method: "POST", pathPattern: "/rest/api/3/issue", count: 100))
        try await impatient.test { (client) async throws in
            #expect(try await client.post("/alerts", Self.alert("never")).status == .accepted)
            #expect(try await eventually { try await impatient.server.spool.record(1).state == .dead })
            #expect(await jira.summaries() == ["rotated"])
        }
    }

    @Test func aRejected4xxIsDeadButA5xxIsRetried() async throws {
        let jira = try await InProcessJiraFake.start()
        defer { jira.stop() }
        _ = await jira.fake.addFault(FaultRule(kind: .status, status: 400, method: "POST", pathPattern: "/rest/api/3/issue", count: 1))
        _ = await jira.fake.addFault(FaultRule(kind: .status, status: 502, method: "POST", pathPattern: "/rest/api/3/issue", count: 3))
        let harness = try await ServerHarness.make(jira.config)
        try await harness.test { (client) async throws in
            #expect(try await client.post("/alerts", Self.alert("rejected")).status == .accepted)
            #expect(try await eventually { try await harness.server.spool.record(1).state == .dead })
            #expect(try await harness.server.spool.record(1).lastError?.contains("Jira rejected the request (POST /rest/api/3/issue → 400)") == true)
            #expect(try await client.post("/alerts", Self.alert("flaky")).status == .accepted)
            #expect(try await eventually { try await harness.server.spool.record(2).state == .done })
            #expect(await jira.summaries() == ["flaky"])
        }
    }

    @Test func resolvedAlertsAreFinishedWithoutAnIssue() async throws {
        let jira = try await InProcessJiraFake.start()
        defer { jira.stop() }
        let harness = try await ServerHarness.make(jira.config)
        try await harness.test { (client) async throws in
            #expect(try await client.post("/alerts", #"{"title": "over", "status": "resolved"}"#).status == .accepted)
            #expect(try await eventually { try await harness.server.spool.record(1).state == .done })
            #expect(await jira.summaries().isEmpty)
        }
    }
}
