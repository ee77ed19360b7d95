import Alert2JiraServer
import AlertModel
import AlertSpool
import Foundation
import HTTPTypes
import HummingbirdTesting
import JSON
import TestSupport
import Testing

/// `POST /alerts`: every answer a sender can get, and what lands in the spool, in process.
@Suite("POST /alerts: status codes and spooling")
struct IngestEndpointTests {
    static let alertmanager = "alertmanager/famedly-alertmanager-webhook-types_sample-v4-payload.json"
    /// No rules, no connections: accepted alerts are spooled and end up unmatched.
    static let bare = "rules: []"

    @Test func anAlertmanagerPayloadIsSpooledAndAnswered202WithItsIds() async throws {
        let harness = try await ServerHarness.make(Self.bare)
        let body = try sampleBytes(Self.alertmanager)
        try await harness.test { (client) async throws in
            let response = try await client.post("/alerts", body)
            #expect(response.status == .accepted)
            #expect(response.json == ["accepted": 1, "ids": [1]])
            let record = try await harness.server.spool.record(1)
            #expect(record.format == "alertmanager")
            #expect(record.title == "ProbeFailure")
            // The document's exact bytes, without the whitespace that followed it.
            #expect(record.payload == Array(body.dropLast()))
            #expect(body.last == 0x0A)
            // No rule takes it: the worker finishes it as unmatched.
            #expect(try await eventually { try await harness.server.spool.record(1).state == .done })
            #expect(try await harness.server.spool.record(1).result?.contains("\"unmatched\"") == true)
        }
    }

    @Test func anArrayOfDocumentsGivesOneRowPerAlert() async throws {
        let harness = try await ServerHarness.make(Self.bare)
        let one = try String(contentsOfFile: samplePath(Self.alertmanager), encoding: .utf8)
        try await harness.test { (client) async throws in
            let response = try await client.post("/alerts", "[\(one), {\"title\": \"disk full\"}]")
            #expect(response.status == .accepted)
            #expect(response.json["accepted"] == 2)
            let formats = try await harness.server.spool.list().map(\.format).sorted()
            #expect(formats == ["alertmanager", "generic"])
        }
    }

    @Test func theFormatInThePathIsForced() async throws {
        let harness = try await ServerHarness.make(Self.bare)
        let body = try sampleBytes(Self.alertmanager)
        try await harness.test { (client) async throws in
            #expect(try await client.post("/alerts/alertmanager", body).status == .accepted)
            let wrong = try await client.post("/alerts/grafana", body)
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.json["error"]?.stringValue?.contains("not in the grafana format") == true)
            let unknown = try await client.post("/alerts/nagios", body)
            #expect(unknown.status == .notFound)
            #expect(unknown.json["error"]?.stringValue?.hasPrefix("unknown format \"nagios\"") == true)
        }
    }

    @Test func malformedJSONIsA400WithThePositionOfTheError() async throws {
        let harness = try await ServerHarness.make(Self.bare)
        try await harness.test { (client) async throws in
            let response = try await client.post("/alerts", "{\"title\": \"disk\",\n  \"severity\": critical}")
            #expect(response.status == .badRequest)
            #expect(response.json["error"]?.stringValue?.hasPrefix("request body:2:15: invalid JSON at byte 32") == true, "\(response.text)")
            let empty = try await client.post("/alerts", "   ")
            #expect(empty.status == .badRequest)
            #expect(try await harness.server.spool.list().isEmpty)
        }
    }

    @Test func anUnknownShapeIs422WhenGenericIsNotAllowedAndAcceptedWhenItIs() async throws {
        let strict = try await ServerHarness.make(Self.bare, server: ["allow_generic": "false"])
        try await strict.test { (client) async throws in
            let response = try await client.post("/alerts", "{\"something\": 1}")
            #expect(response.status == .unprocessableContent)
            #expect(response.json["error"]?.stringValue?.contains("does not accept generic JSON") == true)
            // Forcing generic in the path is an explicit choice, so it is accepted.
            #expect(try await client.post("/alerts/generic", "{\"something\": 1}").status == .accepted)
            // Known shapes still pass.
            #expect(try await client.post("/alerts", try sampleBytes(Self.alertmanager)).status == .accepted)
            let notObject = try await client.post("/alerts", "[1, 2]")
            #expect(notObject.status == .unprocessableContent)
        }
        let relaxed = try await ServerHarness.make(Self.bare)
        try await relaxed.test { (client) async throws in
            #expect(try await client.post("/alerts", "{\"something\": 1}").status == .accepted)
        }
    }

    @Test func aWrongContentTypeIs415() async throws {
        let harness = try await ServerHarness.make(Self.bare)
        try await harness.test { (client) async throws in
            let form = try await client.post("/alerts", "{\"title\": \"x\"}", headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(form.status == .unsupportedMediaType)
            #expect(form.json["error"]?.stringValue?.contains("Content-Type: application/json") == true)
            // SNS posts JSON as text/plain; charset=UTF-8.
            #expect(try await client.post("/alerts", "{\"title\": \"x\"}", headers: [.contentType: "text/plain; charset=UTF-8"]).status == .accepted)
            #expect(try await client.post("/alerts", "{\"title\": \"x\"}", headers: [.contentType: "application/vnd.api+json"]).status == .accepted)
        }
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        let harness = try await ServerHarness.make(Self.bare, server: ["body_limit": "1KiB"])
        try await harness.test { (client) async throws in
            let large = "{\"title\": \"" + String(repeating: "x", count: 2000) + "\"}"
            let response = try await client.post("/alerts", large)
            #expect(response.status == .contentTooLarge)
            #expect(response.json["error"]?.stringValue?.contains("1 KiB limit") == true)
            #expect(try await client.post("/alerts", "{\"title\": \"small\"}").status == .accepted)
            #expect(try await harness.server.spool.list().count == 1)
        }
    }

    @Test func aFullSpoolIs503WithRetryAfterAndNothingIsClaimed() async throws {
        let harness = try await ServerHarness.make(Self.bare, options: ServeOptions(maximumSpoolPages: 1))
        try await harness.test { (client) async throws in
            let large = "{\"title\": \"" + String(repeating: "x", count: 30000) + "\"}"
            let response = try await client.post("/alerts", large)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "30")
            #expect(response.json["error"] == "the spool cannot store alerts right now; retry later")
            let ready = try await client.get("/readyz")
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.json["spool"]?.stringValue?.contains("out of disk space") == true, "\(ready.text)")
        }
    }

    @Test func aFullSpoolLogsOneLineForAFloodOf503s() async throws {
        let harness = try await ServerHarness.make(Self.bare, options: ServeOptions(maximumSpoolPages: 1))
        try await harness.test { (client) async throws in
            let large = "{\"title\": \"" + String(repeating: "x", count: 30000) + "\"}"
            for _ in 0..<40 {
                #expect(try await client.post("/alerts", large).status == .serviceUnavailable)
            }
            let lines = harness.logs.captured.filter { $0.contains("cannot spool accepted alerts") }
            // One line per 10 s: a slow machine might cross into a second interval, never into forty.
            #expect((1...2).contains(lines.count), "\(lines.count) lines")
            #expect(lines.first?.contains("out of disk space") == true, "\(lines)")
        }
    }

    @Test func gcpPubSubAndAzureCommonSchemaAreAccepted() async throws {
        let harness = try await ServerHarness.make(Self.bare)
        try await harness.test { (client) async throws in
            let pubsub = try await client.post("/alerts", try sampleBytes("gcp-pubsub/derived_push-body_wrapping_gcp-docs-budget-message-body.json"))
            #expect(pubsub.status == .accepted)
            let azure = try await client.post(
                "/alerts",
                try sampleBytes("azure-monitor/azure-monitor-docs_alerts-common-schema_sample-alert-payload.json")
            )
            #expect(azure.status == .accepted)
            let records = try await harness.server.spool.list().sorted { $0.id < $1.id }
            #expect(records.map(\.format) == ["gcp-pubsub", "azure-monitor"])
        }
    }

    @Test func healthzAnswersWhileTheProcessLives() async throws {
        let harness = try await ServerHarness.make(Self.bare)
        try await harness.test { (client) async throws in
            let response = try await client.get("/healthz")
            #expect(response.status == .ok)
            #expect(response.json == ["status": "alive"])
        }
    }
}
