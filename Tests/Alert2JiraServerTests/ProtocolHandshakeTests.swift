import Alert2JiraServer
import AlertModel
import AlertSpool
import Foundation
import HTTPTypes
import HummingbirdTesting
import JSON
import Testing
import WebhookIngest

/// SNS subscription confirmations and topic allow-lists.
@Suite("SNS handshakes")
struct ProtocolHandshakeTests {
    static let confirmation = "aws-sns/alerta-tests_sns_subscription_confirmation.json"
    static let notification = "aws-sns/alerta-tests_cloudwatch_notification_sns-http.json"
    static let topic = "arn:aws:sns:eu-west-1:1234567890:alerta-test"

    @Test func aConfirmationFromAnAllowedTopicIsConfirmed() async throws {
        let harness = try await ServerHarness.make("rules: []", server: ["sns_topics": "[\"\(Self.topic)\"]"])
        try await harness.test { (client) async throws in
            let response = try await client.post("/alerts", try sampleBytes(Self.confirmation), headers: [.contentType: "text/plain; charset=UTF-8"])
            #expect(response.status == .ok)
            #expect(response.json == ["accepted": 0, "ids": [], "notices": [["kind": "sns-subscription-confirmation", "action": "confirmed"]]])
            #expect(harness.confirmer.subscriptions.map(\.topicArn) == [Self.topic])
            #expect(
                harness.confirmer.subscriptions.first?.subscribeURL.hasPrefix("https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription")
                    == true
            )
            #expect(try await harness.server.spool.list().isEmpty)
        }
    }

    @Test func aConfirmationFromAnotherTopicIsLoggedForAHuman() async throws {
        let harness = try await ServerHarness.make("rules: []", server: ["sns_topics": "[\"arn:aws:sns:eu-west-1:1234567890:other\"]"])
        try await harness.test { (client) async throws in
            let response = try await client.post("/alerts/aws-sns", try sampleBytes(Self.confirmation))
            #expect(response.status == .ok)
            #expect(response.json["notices"]?[0]?["action"] == "logged")
            #expect(harness.confirmer.subscriptions.isEmpty)
            #expect(harness.logs.captured.contains { $0.contains("not on sns_topics") && $0.contains("topic=\(Self.topic)") })
        }
        let unlisted = try await ServerHarness.make("rules: []")
        try await unlisted.test { (client) async throws in
            let response = try await client.post("/alerts", try sampleBytes(Self.confirmation))
            #expect(response.json["notices"]?[0]?["action"] == "logged")
            #expect(unlisted.confirmer.subscriptions.isEmpty)
            #expect(
                unlisted.logs.captured.contains {
                    $0.contains("not on sns_topics") && $0.contains("subscribe_url=\"https://sns.eu-west-1.amazonaws.com/")
                }
            )
        }
    }

    @Test func aForgedSubscribeURLIsNeverFetched() async throws {
        let harness = try await ServerHarness.make("rules: []", server: ["sns_topics": "[\"\(Self.topic)\"]"])
        let forged = try String(contentsOfFile: samplePath(Self.confirmation), encoding: .utf8)
            .replacingOccurrences(of: "https://sns.eu-west-1.amazonaws.com/?Action", with: "https://attacker.example/?Action")
        try await harness.test { (client) async throws in
            let response = try await client.post("/alerts", forged)
            #expect(response.json["notices"]?[0]?["action"] == "refused")
            #expect(harness.confirmer.subscriptions.isEmpty)
        }
    }

    @Test func notificationsFromTopicsOffTheListAreRefused() async throws {
        let harness = try await ServerHarness.make("rules: []", server: ["sns_topics": "[\"arn:aws:sns:*:1234567890:alerta-*\"]"])
        try await harness.test { (client) async throws in
            #expect(try await client.post("/alerts", try sampleBytes(Self.notification)).status == .accepted)
            let other = try String(contentsOfFile: samplePath(Self.notification), encoding: .utf8)
                .replacingOccurrences(of: Self.topic, with: "arn:aws:sns:eu-west-1:999:intruder")
            #expect(try await client.post("/alerts", other).status == .unauthorized)
            #expect(try await harness.server.spool.list().map(\.format) == ["aws-sns"])
        }
    }
}
