import Alert2JiraServer
import AlertConfig
import AlertModel
import AlertRules
import AlertSpool
import Foundation
import HTTPTypes
import HummingbirdTesting
import JSON
import TestSupport
import Testing

/// Webhook security per source: bearer tokens, basic auth, HMAC and PagerDuty signatures, IP
/// allow-lists; 401 says nothing about why.
@Suite("Webhook authentication")
struct AuthenticationTests {
    static let sources = """
        rules: []
        sources:
          alertmanager:
            bearer_token: [am-token-new, am-token-old]
          basic:
            basic_auth: { username: alertmanager, password: basic-password }
          github:
            hmac: { header: X-Hub-Signature-256, prefix: "sha256=", secret: github-secret }
          pagerduty:
            pagerduty_signature: { secret: "lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK" }
          office:
            bearer_token: office-token
            allow_ips: [10.0.0.0/8]
        """
    static let alert = #"{"title": "disk full", "severity": "critical"}"#
    static let unauthorized: JSONValue = ["error": "unauthorized"]

    @Test func bearerTokensOneOfSeveral() async throws {
        let harness = try await ServerHarness.make(Self.sources)
        try await harness.test { (client) async throws in
            #expect(try await client.post("/alerts", Self.alert, headers: [.authorization: "Bearer am-token-new"]).status == .accepted)
            #expect(try await client.post("/alerts", Self.alert, headers: [.authorization: "bearer am-token-old"]).status == .accepted)
            for header: HTTPFields in [
                [:], [.authorization: "Bearer am-token"], [.authorization: "Bearer am-token-new2"], [.authorization: "Basic am-token-new"],
            ] {
                let response = try await client.post("/alerts", Self.alert, headers: header)
                #expect(response.status == .unauthorized)
                #expect(response.json == Self.unauthorized)
            }
            #expect(try await harness.server.spool.list().map(\.source) == ["alertmanager", "alertmanager"])
        }
    }

    @Test func basicAuthAsAlertmanagerSendsIt() async throws {
        let harness = try await ServerHarness.make(Self.sources)
        let good = "Basic " + Data("alertmanager:basic-password".utf8).base64EncodedString()
        let bad = "Basic " + Data("alertmanager:wrong".utf8).base64EncodedString()
        try await harness.test { (client) async throws in
            #expect(try await client.post("/alerts", Self.alert, headers: [.authorization: good]).status == .accepted)
            #expect(try await client.post("/alerts", Self.alert, headers: [.authorization: bad]).json == Self.unauthorized)
            #expect(try await client.post("/alerts/src/basic", Self.alert, headers: [.authorization: good]).status == .accepted)
            #expect(try await harness.server.spool.list().map(\.source) == ["basic", "basic"])
        }
    }

    @Test func hmacSignaturesOverTheExactBody() async throws {
        let harness = try await ServerHarness.make(Self.sources)
        let body = Array(Self.alert.utf8)
        // Python's `hmac.new(b"github-secret", body, hashlib.sha256).hexdigest()`: computed apart from our code.
        let signature = "sha256=09edf86676160951c613940714cdbbdd7e0c0c72646c3faf2858e7d79cc543db"
        let name = HTTPField.Name("X-Hub-Signature-256")!
        try await harness.test { (client) async throws in
            #expect(try await client.post("/alerts/src/github", body, headers: [name: signature]).status == .accepted)
            // One byte more and the signature no longer fits.
            #expect(try await client.post("/alerts/src/github", body + [0x20], headers: [name: signature]).status == .unauthorized)
            #expect(try await client.post("/alerts/src/github", body, headers: [name: signature.uppercased()]).status == .unauthorized)
            #expect(try await client.post("/alerts/src/github", body).status == .unauthorized)
        }
    }

    /// The test vector from PagerDuty's go-pagerduty (shared/fixtures/alerts/SOURCES.md section 7).
    @Test func pagerDutySignatureTestVector() async throws {
        let harness = try await ServerHarness.make(Self.sources)
        let body = try sampleBytes("pagerduty/go-pagerduty_webhookv3_test_defaultBody_incident.priority_updated.json")
        let name = HTTPField.Name("X-PagerDuty-Signature")!
        let vector = "v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd"
        try await harness.test { (client) async throws in
            let response = try await client.post("/alerts/src/pagerduty", body, headers: [name: vector])
            #expect(response.status == .accepted)
            #expect(try await harness.server.spool.record(1).format == "pagerduty")
            // While PagerDuty rotates secrets it sends several signatures; one matching is enough.
            #expect(try await client.post("/alerts/src/pagerduty", body, headers: [name: "v1=00ff, " + vector]).status == .accepted)
            // On /alerts the signature also picks the source.
            #expect(try await client.post("/alerts", body, headers: [name: vector]).status == .accepted)
            let tampered = "v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476ce"
            #expect(try await client.post("/alerts/src/pagerduty", body, headers: [name: tampered]).json == Self.unauthorized)
            #expect(try await client.post("/alerts/src/pagerduty", body + [0x0A], headers: [name: vector]).status == .unauthorized)
        }
    }

    @Test func aSourceInThePathOnlyAcceptsItsOwnCredentials() async throws {
        let harness = try await ServerHarness.make(Self.sources)
        try await harness.test { (client) async throws in
            #expect(
                try await client.post("/alerts/src/alertmanager", Self.alert, headers: [.authorization: "Bearer am-token-new"]).status == .accepted
            )
            #expect(
                try await client.post("/alerts/src/alertmanager/generic", Self.alert, headers: [.authorization: "Bearer am-token-new"]).status
                    == .accepted
            )
            #expect(try await client.post("/alerts/src/basic", Self.alert, headers: [.authorization: "Bearer am-token-new"]).status == .unauthorized)
            let unknown = try await client.post("/alerts/src/nobody", Self.alert, headers: [.authorization: "Bearer am-token-new"])
            #expect(unknown.status == .notFound)
        }
    }

    @Test func anAddressOffTheAllowListIsForbiddenEvenWithTheToken() async throws {
        // In process there is no peer address, which no allow-list contains.
        let harness = try await ServerHarness.make(Self.sources)
        try await harness.test { (client) async throws in
            let response = try await client.post("/alerts/src/office", Self.alert, headers: [.authorization: "Bearer office-token"])
            #expect(response.status == .forbidden)
            // Without naming the source, no source accepts the request.
            #expect(try await client.post("/alerts", Self.alert, headers: [.authorization: "Bearer office-token"]).status == .unauthorized)
        }
    }

    @Test func theAllowListIsCheckedAgainstThePeerAddress() async throws {
        let yaml = """
            rules: []
            sources:
              local:
                bearer_token: local-token
                allow_ips: [127.0.0.0/8, "::1"]
              office:
                bearer_token: office-token
                allow_ips: [10.0.0.0/8]
            """
        let harness = try await ServerHarness.make(yaml)
        try await harness.live { (client, _) async throws in
            #expect(try await client.post("/alerts", Self.alert, headers: [.authorization: "Bearer local-token"]).status == .accepted)
            #expect(try await client.post("/alerts/src/office", Self.alert, headers: [.authorization: "Bearer office-token"]).status == .forbidden)
        }
    }

    @Test func noCredentialsOnAPublicAddressRefusesToStart() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let open = ServeOptions(listen: ListenAddressFixture.anyInterface)
        await #expect {
            _ = try await ServerHarness.make("rules: []", options: open, directory: directory)
        } throws: { error in
            "\(error)".hasPrefix("refusing to listen on 0.0.0.0:0 without authentication")
        }
        await #expect {
            _ = try await ServerHarness.make("rules: []\nsources:\n  sns: { allow_ips: [10.0.0.0/8] }", options: open, directory: directory)
        } throws: { error in
            "\(error)".contains("source \"sns\" needs no credentials")
        }
        // With credentials, or when told, it starts.
        let secured = try await ServerHarness.make("rules: []\nsources:\n  am: { bearer_token: t0ken }", options: open, directory: directory)
        #expect(secured.server.settings.listen.host == "0.0.0.0")
        let told = ServeOptions(listen: ListenAddressFixture.anyInterface, allowUnauthenticated: true)
        let other = try TemporaryDirectory()
        defer { other.cleanUp() }
        let unauthenticated = try await ServerHarness.make("rules: []", options: told, directory: other)
        #expect(unauthenticated.server.settings.listen.port == 0)
    }
}

enum ListenAddressFixture {
    static var anyInterface: AlertConfig.ListenAddress { AlertConfig.ListenAddress(host: "0.0.0.0", port: 0) }
}
