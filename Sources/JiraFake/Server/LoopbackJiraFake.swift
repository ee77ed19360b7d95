import Hummingbird
import Logging

/// A ``JiraFake`` served on a free loopback port inside the calling process, for tests and benchmarks
/// that want a real HTTP Jira without starting the `jira-fake` binary.
public final class LoopbackJiraFake: Sendable {
    public let fake: JiraFake
    /// `http://127.0.0.1:PORT`.
    public let url: String
    private let task: Task<Void, any Error>

    /// Starts the fake from the config at `configurationPath`, returning once it listens.
    public static func start(configurationPath: String) async throws -> LoopbackJiraFake {
        let fake = JiraFake(configuration: try FakeConfigurationLoader.load(path: configurationPath))
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            // Stopping cancels the server mid-connection, which Hummingbird logs as an error; it isn't one here.
            var logger = Logger(label: "jira-fake")
            logger.logLevel = .critical
            try await fake.makeApplication(logger: logger, onListening: { _, port in continuation.yield(port) }).run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return LoopbackJiraFake(fake: fake, url: "http://127.0.0.1:\(port)", task: task)
    }

    private init(fake: JiraFake, url: String, task: Task<Void, any Error>) {
        self.fake = fake
        self.url = url
        self.task = task
    }

    public func stop() {
        task.cancel()
    }
}
