import AlertModel
import Foundation
import JiraKit

#if canImport(Glibc)
import Glibc
#endif

/// An `alert2jira serve` process on a free loopback port, started and stopped (gracefully or with
/// `kill -9`) the way an init system would, with its logs in the data directory for post-mortems.
final class ServeProcess: @unchecked Sendable {
    let process: Process
    let url: String
    let exited: AsyncStream<Int32>
    private let transport = CurlTransport(
        options: CurlTransport.Options(connectTimeout: .seconds(5), requestTimeout: .seconds(30), maximumConnections: 16)
    )

    /// Starts the server on `config` and `dataDirectory`, returning once it listens.
    static func start(config: String, dataDirectory: String, arguments: [String] = []) async throws -> ServeProcess {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = CommandLineRunner.executable("alert2jira")
        process.arguments = ["serve", "--config", config, "--listen", "127.0.0.1:0", "--data-dir", dataDirectory] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["ALERT2JIRA_CONFIG"] = nil
        process.environment = environment
        let stdout = Pipe()
        process.standardOutput = stdout
        let log = dataDirectory + "/serve-\(UUID().uuidString.prefix(8)).log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        let (exited, continuation) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { process in
            continuation.yield(process.terminationStatus)
            continuation.finish()
        }
        try process.run()
        // "alert2jira serve listening on http://127.0.0.1:PORT"
        let line = await firstLine(of: stdout)
        guard let range = line.range(of: "http://") else {
            process.terminate()
            let logged = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw CommandLineRunner.RunnerError("alert2jira serve did not start: \(line)\n\(logged)")
        }
        return ServeProcess(process: process, url: String(line[range.lowerBound...]), exited: exited)
    }

    private init(process: Process, url: String, exited: AsyncStream<Int32>) {
        self.process = process
        self.url = url
        self.exited = exited
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        transport.shutdown()
    }

    /// POSTs a JSON body; the HTTP status, or `nil` when no answer came (the server died meanwhile).
    func post(_ path: String, _ body: [UInt8], headers: [(name: String, value: String)] = []) async -> Int? {
        await send(path, body, headers: [("Content-Type", "application/json")] + headers)?.status
    }

    /// POSTs a body with exactly `headers`; the status and the answer's body, or `nil` when no answer came.
    func send(_ path: String, _ body: [UInt8], headers: [(name: String, value: String)]) async -> (status: Int, body: String)? {
        let request = HTTPRequest(method: "POST", url: url + path, headers: headers, body: body)
        guard let response = try? await transport.send(request) else { return nil }
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    func get(_ path: String) async -> (status: Int, body: String)? {
        guard let response = try? await transport.send(HTTPRequest(method: "GET", url: url + path)) else { return nil }
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the process to end and returns its exit status (the signal number when killed).
    func waitForExit() async -> Int32 {
        for await status in exited { return status }
        return process.terminationStatus
    }
}

/// The spool as `alert2jira spool list --output json` shows it.
enum SpoolListing {
    static func records(dataDirectory: String, state: String? = nil) async throws -> [[String: Any]] {
        var arguments = ["spool", "list", "--data-dir", dataDirectory, "--output", "json", "--limit", "100000"]
        if let state { arguments += ["--state", state] }
        let result = try await CommandLineRunner.run(arguments)
        guard result.status == 0 else { throw CommandLineRunner.RunnerError("spool list failed: \(result.stderr)") }
        return try result.jsonLines()
    }
}

/// Waits (polling) until `condition` holds or `seconds` pass; returns whether it held.
func eventually(within seconds: Double = 30, _ condition: @Sendable () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(100))
    }
    return try await condition()
}
