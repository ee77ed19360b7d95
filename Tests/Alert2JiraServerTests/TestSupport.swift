import Alert2JiraServer
import AlertConfig
import AlertModel
import AlertRules
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSON
import JiraFake
import JiraSpec
import Logging
import NIOCore
import Synchronization
import TestSupport
import Testing
import WebhookIngest

func samplePath(_ relative: String) -> String {
    Repository.samplePath(relative)
}

func sampleBytes(_ relative: String) throws -> [UInt8] {
    try Repository.sampleBytes(relative)
}

/// Records SNS subscription confirmations instead of fetching their URL.
final class RecordingConfirmer: SNSSubscriptionConfirmer {
    private let confirmed = Mutex<[SNSSubscription]>([])

    func confirm(_ subscription: SNSSubscription) async throws {
        confirmed.withLock { $0.append(subscription) }
    }

    var subscriptions: [SNSSubscription] { confirmed.withLock { $0 } }
}

/// A server built from YAML over a fresh data directory, logs kept in memory.
struct ServerHarness: Sendable {
    let server: AlertServer
    let directory: TemporaryDirectory
    let logs: LogOutput
    let confirmer: RecordingConfirmer

    /// - Parameter server: `server:` settings over the harness's quick defaults.
    static func make(
        _ yaml: String,
        server: [String: String] = [:],
        options: ServeOptions = ServeOptions(),
        environment: [String: String] = [:],
        directory: TemporaryDirectory? = nil
    ) async throws -> ServerHarness {
        let directory = try directory ?? TemporaryDirectory()
        var settings = Self.quickServer
        settings["data_dir"] = directory.path + "/data"
        settings.merge(server) { $1 }
        let full = yaml + "\nserver:\n" + settings.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)\n" }.joined()
        let config = try ConfigLoader(environment: environment).load(yaml: full, file: "test.yaml", baseDirectory: directory.path)
        let logs = LogOutput.memory()
        let confirmer = RecordingConfirmer()
        let server = try await AlertServer(config: config, options: options, logOutput: logs, confirmer: confirmer)
        return ServerHarness(server: server, directory: directory, logs: logs, confirmer: confirmer)
    }

    /// Short waits, so tests see retries and probes within moments.
    static let quickServer = [
        "retry_initial": "100ms", "retry_max": "500ms", "health_check_interval": "200ms", "shutdown_timeout": "5s", "log_level": "debug",
    ]

    /// Runs `body` against the application in process (no sockets), worker included.
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { directory.cleanUp() }
        try await server.makeApplication().test(.router) { client in try await body(client) }
    }

    /// Runs `body` against the application on a loopback port.
    func live(_ body: @escaping @Sendable (any TestClientProtocol, Int) async throws -> Void) async throws {
        defer { directory.cleanUp() }
        try await server.makeApplication().test(.live) { client in try await body(client, client.port!) }
    }
}

extension TestClientProtocol {
    /// POSTs `body` with a JSON content type unless `headers` says otherwise.
    func post(_ path: String, _ body: [UInt8], headers: HTTPFields = [:]) async throws -> TestResponse {
        var fields = headers
        if fields[.contentType] == nil { fields[.contentType] = "application/json" }
        return try await execute(uri: path, method: .post, headers: fields, body: ByteBuffer(bytes: body))
    }

    func post(_ path: String, _ body: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await post(path, Array(body.utf8), headers: headers)
    }

    func get(_ path: String) async throws -> TestResponse {
        try await execute(uri: path, method: .get)
    }
}

extension TestResponse {
    var json: JSONValue { (try? JSONParser.parse(Array(body.readableBytesView))) ?? .null }
    var text: String { String(decoding: body.readableBytesView, as: UTF8.self) }
}

/// `JiraFake` from `samples/jira-fake.yaml`, on a loopback port inside the test process.
typealias InProcessJiraFake = LoopbackJiraFake

extension LoopbackJiraFake {
    static func start() async throws -> LoopbackJiraFake {
        try await start(configurationPath: samplePath("jira-fake.yaml"))
    }

    /// The summaries of the issues the fake holds.
    func summaries() async -> [String] {
        (await fake.issues().arrayValue ?? []).compactMap { $0["fields"]?["summary"]?.stringValue }
    }

    /// A config connecting to the fake, with a rule sending every alert to FINOPS / Task.
    var config: String {
        """
        connections:
          jira: { url: "\(url)", auth: { email: alert2jira@serviceaccount.example.com, api_token: fake-api-token } }
        rules:
          - name: everything
            project: FINOPS
            issue_type: Task
            summary: "{{title}}"
        """
    }
}
