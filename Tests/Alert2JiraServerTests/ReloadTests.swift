import Alert2JiraServer
import AlertConfig
import AlertModel
import AlertRules
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// SIGHUP's work: a valid config replaces the running one, an invalid one is refused and logged.
@Suite("Config reload")
struct ReloadTests {
    @Test func aValidConfigReplacesTheRunningOneAndAnInvalidOneIsRefused() async throws {
        let harness = try await ServerHarness.make("rules: []\nsources:\n  am: { bearer_token: first-token }")
        let directory = harness.directory.path
        try await harness.test { (client) async throws in
            #expect(try await client.post("/alerts", "{\"title\": \"a\"}", headers: [.authorization: "Bearer first-token"]).status == .accepted)

            await harness.server.reload { () throws(ConfigError) -> Config in
                try ConfigLoader(environment: [:]).load(
                    yaml: "rules: []\nsources:\n  am: { bearer_token: [] ",
                    file: "broken.yaml",
                    baseDirectory: directory
                )
            }
            #expect(
                harness.logs.captured.contains { $0.contains("the new config is invalid; keeping the running one") && $0.contains("broken.yaml:") }
            )
            #expect(try await client.post("/alerts", "{\"title\": \"b\"}", headers: [.authorization: "Bearer first-token"]).status == .accepted)

            await harness.server.reload { () throws(ConfigError) -> Config in
                try ConfigLoader(environment: [:]).load(
                    yaml: "rules: []\nsources:\n  am: { bearer_token: second-token }",
                    file: "new.yaml",
                    baseDirectory: directory
                )
            }
            #expect(harness.logs.captured.contains { $0.contains("config reloaded") })
            #expect(try await client.post("/alerts", "{\"title\": \"c\"}", headers: [.authorization: "Bearer first-token"]).status == .unauthorized)
            #expect(try await client.post("/alerts", "{\"title\": \"c\"}", headers: [.authorization: "Bearer second-token"]).status == .accepted)
        }
    }
}
