import Foundation
import JSON
import Testing

@testable import AlertModel

@Suite struct GCPPubSubFormatTests {
    static let budget = "gcp-budget/gcp-docs_listen-to-notifications_budget-message-body.json"

    // A push body built around the documented budget message (see samples/SOURCES.md).
    @Test func pushBodyIsUnwrappedToTheBudgetAlert() throws {
        let alert = try Samples.alert("gcp-pubsub/derived_push-body_wrapping_gcp-docs-budget-message-body.json")
        let direct = try Samples.alert(Self.budget)
        #expect(alert.source == "gcp-budget")
        #expect(alert.id == "2070443601311540")
        #expect(alert.fingerprint == direct.fingerprint)
        #expect(alert.cost == direct.cost)
        #expect(alert.title == direct.title)
        #expect(alert.labels["pubsub_billingAccountId"] == "01D4EE-079462-DFD6EC")
        #expect(alert.labels["pubsub_budgetId"] == "de72f49d-779b-4945-a127-4d6ce8def0bb")
        #expect(alert.labels["pubsub_schemaVersion"] == "1.0")
        #expect(alert.labels["pubsub_subscription"] == "projects/my-project/subscriptions/budget-alerts-push")
        #expect(alert.startsAt == "2019-01-01T10:13:55.749Z")
        // raw is the decoded message, not the push body.
        #expect(alert.raw["budgetDisplayName"]?.stringValue == "name-of-budget")
    }

    @Test func urlSafeBase64WithoutPaddingIsAccepted() throws {
        let message =
            #"{"budgetDisplayName": "dev ~~~ ops?", "alertThresholdExceeded": 0.9, "costAmount": 9, "costIntervalStart": "2024-01-01T00:00:00Z", "budgetAmount": 10, "currencyCode": "USD"}"#
        let standard = Data(message.utf8).base64EncodedString()
        let urlSafe = standard.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        #expect(urlSafe != standard)
        #expect(urlSafe.contains("-") || urlSafe.contains("_"))
        let alert = try Samples.alert(json: #"{"message": {"data": "\#(urlSafe)", "messageId": "42"}, "subscription": "projects/p/subscriptions/s"}"#)
        #expect(alert.source == "gcp-budget")
        #expect(alert.labels["budget_name"] == "dev ~~~ ops?")
        #expect(alert.id == "42")
    }

    @Test func badBase64IsRefusedWithAReason() throws {
        let error = try Samples.failure(json: #"{"message": {"data": "not base64!", "messageId": "1"}, "subscription": "s"}"#)
        guard case .undecodable(_, _, let format, let reason) = error else {
            Issue.record("expected undecodable, got \(error)")
            return
        }
        #expect(format == "gcp-pubsub")
        #expect(reason.hasPrefix(#""message.data": is not base64"#))
    }

    @Test func nonJSONDataIsRefusedWithTheParserPosition() throws {
        let encoded = Data("hello, world".utf8).base64EncodedString()
        let error = try Samples.failure(json: #"{"message": {"data": "\#(encoded)", "messageId": "1"}, "subscription": "s"}"#)
        #expect(error.description.contains(#""message.data": decodes from base64 but is not JSON (line 1, column 1"#))
        #expect(error.description.contains(#"it starts with "hello, world""#))
    }

    @Test func dataThatIsNotAnObjectIsRefused() throws {
        let encoded = Data("[1, 2]".utf8).base64EncodedString()
        let error = try Samples.failure(json: #"{"message": {"data": "\#(encoded)", "messageId": "1"}}"#)
        #expect(error.description.contains("decodes to a JSON array, expected an object"))
    }

    @Test func missingDataIsRefused() throws {
        let error = try Samples.failure(json: #"{"message": {"attributes": {"a": "b"}, "messageId": "1"}, "subscription": "s"}"#)
        #expect(error.description.contains(#""message.data" is missing or not a base64 string"#))
    }

    @Test func base64Variants() {
        #expect(GCPPubSubFormat.base64Decode("aGk=") == Array("hi".utf8))
        #expect(GCPPubSubFormat.base64Decode("aGk") == Array("hi".utf8))
        #expect(GCPPubSubFormat.base64Decode("fn5-") == [0x7E, 0x7E, 0x7E])
        #expect(GCPPubSubFormat.base64Decode("Pz8_") == [0x3F, 0x3F, 0x3F])
        #expect(GCPPubSubFormat.base64Decode("a") == nil)
        #expect(GCPPubSubFormat.base64Decode("") == nil)
    }
}
