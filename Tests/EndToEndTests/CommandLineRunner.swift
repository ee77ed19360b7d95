import Foundation
import TestSupport

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

    static let repositoryRoot = Repository.root

    static func samplePath(_ relative: String) -> String {
        Repository.samplePath(relative)
    }

    static func executable(_ name: String) -> URL {
        Repository.executable(name)
    }

    /// Runs `alert2jira` (or another built executable, or a program by absolute path) with `arguments`, feeding
    /// `stdin` (nothing: an empty stdin).
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

        // Tests must not pick up a developer's own config or colour settings.
        var variables: [String: String?] = ["ALERT2JIRA_CONFIG": nil, "NO_COLOR": "1"]
        for (key, value) in environment { variables[key] = value }
        let child = try ChildProcess.start(
            name.hasPrefix("/") ? name : executable(name).path,
            arguments,
            environment: variables,
            currentDirectory: currentDirectory.path,
            stdin: .file(inURL.path),
            stdout: .file(outURL.path),
            stderr: .file(errURL.path)
        )
        let termination = await child.waitForExit()
        return Result(
            status: termination.status,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        )
    }
}
