import Foundation
import Hummingbird
import HummingbirdTesting
import JiraFake
import JiraSpec
import TestSupport
import Testing

/// Builds fakes from the shipped sample config and runs requests against them in-process.
enum Fixture {
    static let repositoryRoot = Repository.root
    static let samplePath = repositoryRoot.appendingPathComponent("samples/jira-fake.yaml").path

    static let serviceEmail = "alert2jira@serviceaccount.example.com"
    static let serviceAccountId = "712020:5f0e8a7c-9c55-4c43-a5e1-3a1d3b2f9a01"
    static let cloudId = "0b9a6a53-6d2f-4c44-9e43-1f6f8f0c2a11"

    /// The sample config, switched to `flavor`, with `adjust` applied.
    static func configuration(
        _ flavor: JiraDeployment = .cloud,
        version: String? = nil,
        adjust: (inout FakeConfiguration) -> Void = { _ in }
    ) throws -> FakeConfiguration {
        var configuration = try FakeConfigurationLoader.load(path: samplePath)
        configuration.flavor = flavor
        if let version { configuration.version = try #require(FakeVersion(parsing: version)) }
        adjust(&configuration)
        return configuration
    }

    /// Runs `body` against a fresh in-process fake (HummingbirdTesting's router mode).
    static func withFake(
        _ flavor: JiraDeployment = .cloud,
        version: String? = nil,
        clock: TestClock = TestClock(),
        adjust: (inout FakeConfiguration) -> Void = { _ in },
        _ body: @Sendable (FakeClient, JiraFake) async throws -> Void
    ) async throws {
        let fake = JiraFake(configuration: try configuration(flavor, version: version, adjust: adjust), clock: { clock.now })
        try await fake.makeApplication().test(.router) { client in
            try await body(FakeClient(client: client, flavor: flavor), fake)
        }
    }
}
