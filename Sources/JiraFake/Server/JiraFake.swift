import Foundation
import Hummingbird
import JiraSpec
import Logging
import NIOCore

/// A stateful fake of Jira Cloud (REST v3) or Jira Data Center (REST v2) for tests, benchmarks and local trials.
///
/// In-process (HummingbirdTesting):
/// ```swift
/// let fake = JiraFake(configuration: try FakeConfigurationLoader.load(path: "samples/jira-fake.yaml"))
/// try await fake.makeApplication().test(.router) { client in … }
/// ```
/// As a server: `try await fake.run(host: "127.0.0.1", port: 0) { host, port in … }`.
public struct JiraFake: Sendable {
    public let configuration: FakeConfiguration
    let store: FakeStore

    /// - Parameter clock: the fake's notion of now (issue dates, relative JQL dates, token expiry); tests may
    ///   pass a controllable one.
    public init(configuration: FakeConfiguration, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.store = FakeStore(configuration: configuration, clock: clock)
    }

    public func buildResponder() -> JiraFakeResponder {
        JiraFakeResponder(store: store)
    }

    /// A router answering every path with the fake, to mount it in a bigger Hummingbird application.
    public func buildRouter() -> Router<FakeRequestContext> {
        let router = Router(context: FakeRequestContext.self)
        let responder = buildResponder()
        for method: HTTPRequest.Method in [.get, .post, .put, .delete, .patch, .head, .options] {
            router.on("**", method: method) { request, context in
                try await responder.respond(to: request, context: context)
            }
        }
        return router
    }

    /// The fake as a Hummingbird application listening on `host:port` (port 0 picks a free one);
    /// `onListening` gets the address actually bound.
    public func makeApplication(
        host: String = "127.0.0.1",
        port: Int = 0,
        logger: Logger? = nil,
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) -> Application<JiraFakeResponder> {
        var quietLogger = Logger(label: "jira-fake")
        quietLogger.logLevel = .warning
        return Application(
            responder: buildResponder(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "jira-fake"),
            onServerRunning: { channel in
                await onListening(host, channel.localAddress?.port ?? port)
            },
            logger: logger ?? quietLogger
        )
    }

    /// Runs the fake until SIGTERM or SIGINT, then shuts down gracefully.
    public func run(
        host: String = "127.0.0.1",
        port: Int = 0,
        logger: Logger? = nil,
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) async throws {
        try await makeApplication(host: host, port: port, logger: logger, onListening: onListening).runService()
    }

    // MARK: - Direct access for in-process tests (the same as the control API)

    /// Back to the configuration's initial state.
    public func reset() async {
        await store.reset()
    }

    /// The request log, as `GET /_fake/requests` returns it.
    public func requestLog() async -> SpecJSON {
        await store.requestLog(after: 0)
    }

    /// Every issue, as `GET /_fake/issues` returns them (without the envelope).
    public func issues() async -> SpecJSON {
        await store.issuesJSON()
    }

    /// Adds a fault rule; returns its id.
    @discardableResult
    public func addFault(_ rule: FaultRule) async -> Int {
        await store.addFault(rule)
    }

    public func removeAllFaults() async {
        _ = await store.removeFaults(id: nil)
    }

    /// Sets the clock the fake stamps with, or moves it forward (`POST /_fake/clock`); the time now.
    @discardableResult
    public func setClock(to time: Date?, advancing seconds: TimeInterval = 0) async -> Date {
        await store.setClock(to: time, advancing: seconds)
    }

    /// A REST call as a configured user (account id, name or email), as `/_fake/as/{user}/…` makes it: the status and
    /// the JSON body, if any. `nil` when there is no such user.
    public func act(as user: String, _ method: String, _ target: String, body: String? = nil) async -> (status: Int, body: SpecJSON?)? {
        guard let acting = await store.user(named: user) else { return nil }
        let headers: [(name: String, value: String)] = body == nil ? [] : [("content-type", "application/json")]
        let response = await store.handle(
            FakeRequest(method: method, target: target, headers: headers, body: Array((body ?? "").utf8)),
            actingAs: acting
        )
        return (response.status, response.body.logValue)
    }
}
