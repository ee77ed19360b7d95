import Foundation

/// Runs the built `alert2jira` (or `jira-fake`) binary the way a user would: arguments and stdin in,
/// exit status, stdout and stderr out.
struct CommandLineRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// stdout's lines parsed as JSON objects (the `--output json` contract is NDJSON).
        func jsonLines() throws -> [[String: Any]] {
            try stdout.split(separator: "\n").map { line in
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    throw RunnerError("not a JSON object: \(line)")
                }
                return object
            }
        }
    }

    struct RunnerError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The repository root, found from this file's location.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func samplePath(_ relative: String) -> String {
        repositoryRoot.appendingPathComponent("samples").appendingPathComponent(relative).path
    }

    /// The directory holding the built products: next to the test bundle, wherever the build put it.
    static let productsDirectory: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            repositoryRoot.appendingPathComponent(".build/debug"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("alert2jira").path) } ?? candidates[2]
    }()

    static func executable(_ name: String) -> URL {
        productsDirectory.appendingPathComponent(name)
    }

    /// Runs `alert2jira` with `arguments`, feeding `stdin` (nothing: an empty stdin).
    static func run(
        _ arguments: [String],
        stdin: Data = Data(),
        environment: [String: String] = [:],
        executable name: String = "alert2jira",
        currentDirectory: URL = repositoryRoot
    ) async throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("a2j-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inURL = scratch.appendingPathComponent("stdin")
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        try stdin.write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

        let process = Process()
        process.executableURL = executable(name)
        process.arguments = arguments
        process.currentDirectoryURL = currentDirectory
        var env = ProcessInfo.processInfo.environment
        // Tests must not pick up a developer's own config or colour settings.
        env["ALERT2JIRA_CONFIG"] = nil
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        // Waiting without blocking a thread: tests run in parallel on a small pool, and a blocked
        // thread would stall every other test.
        let exited = AsyncStream<Void> { continuation in
            process.terminationHandler = { _ in
                continuation.yield()
                continuation.finish()
            }
        }
        try process.run()
        for await _ in exited { break }
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        )
    }
}
