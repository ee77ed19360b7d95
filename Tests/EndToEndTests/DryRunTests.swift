import Foundation
import TestSupport
import Testing

/// `alert2jira --dry-run`, run as a user runs it: the built binary, stdin or files in, stdout,
/// stderr and the exit status out.
@Suite("alert2jira --dry-run end to end", .childProcessesStopped)
struct DryRunTests {
    static let config = CommandLineRunner.samplePath("alert2jira.yaml")
    static let costAnomaly = CommandLineRunner.samplePath("aws-cost-anomaly/mashiike-reactor_testdata_anomaly.json")

    @Test func readmeFirstCommandPreviewsTheCostAnomaly() async throws {
        let result = try await CommandLineRunner.run(["--config", Self.config, "--dry-run", Self.costAnomaly])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("● create  FINOPS / Task  via cloud  (rule aws-cost-anomaly)"))
        #expect(result.stdout.contains("Summary:     Cost anomaly: Amazon Relational Database Service +1001 USD in account 123456789012"))
        #expect(result.stdout.contains("Priority:    High"))
        #expect(result.stdout.contains("Labels:      finops, aws, cost-anomaly"))
        #expect(result.stderr == "alert2jira: 1 document, 1 result: 1 create\n")
    }

    /// Terminal escape sequences in alert text reach the preview as visible escapes, never as control bytes that
    /// would retitle the terminal or hide a line; the JSON output keeps the text exact.
    @Test func controlCharactersInAlertTextAreShownEscaped() async throws {
        let alert = #"{"title": "disk \u001b]0;pwned\u0007full\u001b[2K", "description": "line one\u001b[1A\nline two\u202e"}"#
        let result = try await CommandLineRunner.run(["--config", Self.config, "--dry-run"], stdin: Data(alert.utf8))
        #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
        #expect(!result.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        #expect(result.stdout.contains(#"disk \x1b]0;pwned\x07full\x1b[2K"#), "\(result.stdout)")
        let json = try await CommandLineRunner.run(["--config", Self.config, "--dry-run", "--output", "json"], stdin: Data(alert.utf8))
        let title = (try json.jsonLines().first?["alert"] as? [String: Any])?["title"] as? String
        #expect(title == "disk \u{1B}]0;pwned\u{07}full\u{1B}[2K")
    }

    @Test func jsonOutputFollowsTheContract() async throws {
        let result = try await CommandLineRunner.run(
            ["--config", Self.config, "--dry-run", "--output", "json"],
            stdin: try Data(contentsOf: URL(fileURLWithPath: Self.costAnomaly))
        )
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try result.jsonLines()
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(Set(line.keys) == ["alert", "rule", "connection", "project", "issueType", "action", "reason", "request", "problems"])
        #expect(line["rule"] as? String == "aws-cost-anomaly")
        #expect(line["connection"] as? String == "cloud")
        #expect(line["project"] as? String == "FINOPS")
        #expect(line["action"] as? String == "create")
        let alert = try #require(line["alert"] as? [String: Any])
        #expect(alert["source"] as? String == "aws-cost-anomaly")
        #expect(alert["fingerprint"] as? String == "12345678-abcd-ef12-3456-987654321a12")
        let cost = try #require(alert["cost"] as? [String: Any])
        #expect(cost["amount"] as? Double == 1001)
        let request = try #require(line["request"] as? [String: Any])
        #expect(request["method"] as? String == "POST")
        #expect(request["path"] as? String == "/rest/api/3/issue")
        let fields = try #require((request["body"] as? [String: Any])?["fields"] as? [String: Any])
        #expect((fields["project"] as? [String: Any])?["key"] as? String == "FINOPS")
        #expect((fields["description"] as? [String: Any])?["type"] as? String == "doc")
        let labels = try #require(fields["labels"] as? [String])
        #expect(labels.prefix(3) == ["finops", "aws", "cost-anomaly"])
        // The dedup label lets later alerts find this issue.
        #expect(labels.count == 7 && labels[3].hasPrefix("alert2jira-"))
        // Then what `report` finds the issue by: the marker, the rule and the source.
        #expect(labels.suffix(3) == ["alert2jira", "alert2jira-rule-aws-cost-anomaly", "alert2jira-source-aws-cost-anomaly"])
        #expect(line["reason"] as? String == "unless an open issue already carries \(labels[3]) (then: on_repeat comment)")
    }

    @Test func dataCenterConnectionsGetWikiMarkupOnRESTv2() async throws {
        let payload = try Data(
            contentsOf: URL(fileURLWithPath: CommandLineRunner.samplePath("alertmanager/famedly-alertmanager-webhook-types_sample-v4-payload.json"))
        )
        let result = try await CommandLineRunner.run(["--config", Self.config, "--dry-run", "--output", "json"], stdin: payload)
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(try result.jsonLines().first)
        #expect(line["connection"] as? String == "onprem")
        let request = try #require(line["request"] as? [String: Any])
        #expect(request["path"] as? String == "/rest/api/2/issue")
        let description = try #require(((request["body"] as? [String: Any])?["fields"] as? [String: Any])?["description"] as? String)
        #expect(description.hasPrefix("BlackBox Probe Failure: "))
    }

    @Test func everyAlertOfAGroupBecomesItsOwnResult() async throws {
        let payload = try Data(
            contentsOf: URL(fileURLWithPath: CommandLineRunner.samplePath("alertmanager/prometheus-msteams_card-grafana-inspired-payload.json"))
        )
        let result = try await CommandLineRunner.run(["--config", Self.config, "--dry-run", "--output", "json"], stdin: payload)
        let fingerprints = try result.jsonLines().compactMap { ($0["alert"] as? [String: Any])?["fingerprint"] as? String }
        #expect(fingerprints == ["ff6a7a0f5f1c1309", "554664fa753a2b45", "911c76f0240f015b"])
    }

    @Test func brokenNDJSONLinesAreReportedAndTheRestProcessed() async throws {
        let good = #"{"title":"disk full","severity":"critical","labels":{"team":"sre"}}"#
        let input = [good, #"{"title": "broken", }"#, good].joined(separator: "\n") + "\n"
        let result = try await CommandLineRunner.run(["--config", Self.config, "--dry-run", "--output", "json"], stdin: Data(input.utf8))
        #expect(result.status == 65)
        #expect(try result.jsonLines().count == 2)
        #expect(result.stderr.contains("alert2jira: stdin:2:19: invalid JSON at byte 86: trailing comma before '}' in an object"))
    }

    @Test(arguments: [
        ("", "stdin: no input"),
        ("42", "stdin:1: document is a JSON number, expected an object (an alert payload)"),
        ("{\"a\": ", "stdin:1:7: invalid JSON at byte 6: unexpected end of input, expected a value"),
        ("{\"a\": \"\u{FF}\"}", "invalid UTF-8"),
        (String(repeating: "[", count: 100_000), "nesting deeper than 512 levels"),
    ])
    func badInputExits65WithAClearMessage(input: String, message: String) async throws {
        var data = Data(input.utf8)
        if input.contains("\u{FF}") {
            data = Data([
                UInt8(ascii: "{"), UInt8(ascii: "\""), UInt8(ascii: "a"), UInt8(ascii: "\""), UInt8(ascii: ":"), UInt8(ascii: "\""), 0xFF,
                UInt8(ascii: "\""), UInt8(ascii: "}"),
            ])
        }
        let result = try await CommandLineRunner.run(["--config", Self.config, "--dry-run"], stdin: data)
        #expect(result.status == 65)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func documentsOverTheSizeLimitAreSkippedWithAHint() async throws {
        let big = "{\"title\":\"" + String(repeating: "x", count: 2 << 20) + "\"}\n"
        let result = try await CommandLineRunner.run(["--config", Self.config, "--dry-run", "--max-document-size", "1MiB"], stdin: Data(big.utf8))
        #expect(result.status == 65)
        #expect(result.stderr.contains("document at byte 0 is larger than the 1 MiB limit; it was skipped (raise --max-document-size"))
    }

    @Test func unknownShapesFallBackToGeneric() async throws {
        let result = try await CommandLineRunner.run(
            ["--config", Self.config, "--dry-run", "--output", "json"],
            stdin: Data(#"{"name":"queue backlog","severity":"warning","message":"12k jobs waiting"}"#.utf8)
        )
        let line = try #require(try result.jsonLines().first)
        #expect((line["alert"] as? [String: Any])?["source"] as? String == "generic")
        #expect(line["rule"] as? String == "infra")
    }

    @Test func secretsNeverAppearInPreviews() async throws {
        let environment = ["JIRA_API_TOKEN": "tok-SECRET-4242", "JIRA_PAT": "pat-SECRET-4343"]
        let preview = try await CommandLineRunner.run(
            ["--config", Self.config, "--dry-run", "--output", "json", Self.costAnomaly],
            environment: environment
        )
        let check = try await CommandLineRunner.run(["check", "--config", Self.config], environment: environment)
        for output in [preview.stdout, preview.stderr, check.stdout, check.stderr] {
            #expect(!output.contains("SECRET"))
        }
        #expect(check.stdout.contains("connection cloud: https://example.atlassian.net (cloud, auth: email + API token)"))
    }
}
