import Synchronization
import Testing

/// Fails a test that ends with a child process still running, and stops the child: `swift test` once left
/// HTTPS servers and a proxy running for minutes after a clean pass.
///
/// Suites that start processes carry the trait: `@Suite(.childProcessesStopped)`. A process started outside
/// such a test fails the test that started it, so no suite can forget the trait.
public struct ChildProcessCheck: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    /// The children started by the test running in this task, and the tasks it starts.
    @TaskLocal static var current: Registry?

    final class Registry: Sendable {
        private let children = Mutex<[ChildProcess]>([])

        func add(_ child: ChildProcess) {
            children.withLock { $0.append(child) }
        }

        var running: [ChildProcess] { children.withLock { $0.filter(\.isRunning) } }
    }

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        guard !test.isSuite else {
            try await function()
            return
        }
        let registry = Registry()
        try await Self.$current.withValue(registry) {
            try await function()
        }
        let running = registry.running
        // Stopped in a `defer` just before the test returned: give them the time to exit.
        for child in running where child.stopRequested { await child.stop() }
        let leftovers = running.filter { !$0.stopRequested }
        for child in leftovers { await child.killNow() }
        if !leftovers.isEmpty {
            Issue.record(
                "the test ended with \(leftovers.count) child process(es) still running: \(leftovers.map(\.commandLine).joined(separator: "; "))"
            )
        }
    }

    static func register(_ child: ChildProcess) {
        guard let registry = current else {
            Issue.record("\(child.commandLine) was started outside a test with the .childProcessesStopped trait; add it to the suite")
            return
        }
        registry.add(child)
    }
}

extension Trait where Self == ChildProcessCheck {
    /// Stops every child process a test leaves running, and fails the test for it.
    public static var childProcessesStopped: Self { ChildProcessCheck() }
}
