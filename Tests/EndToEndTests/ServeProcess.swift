import AlertModel
import Foundation
import Glibc
import JiraKit
import TestSupport

/// An `alert2jira serve` process on a free loopback port, started and stopped (gracefully or with
/// `kill -9`) the way an init system would, with its logs in the data directory for post-mortems.
final class ServeProcess: @unchecked Sendable {
    let child: ChildProcess
    let url: String
    /// Where its stderr (the log) goes.
    let logFile: String
    private let transport = CurlTransport(
        options: CurlTransport.Options(connectTimeout: .seconds(5), requestTimeout: .seconds(30), maximumConnections: 16)
    )

    /// Starts the server on `config` and `dataDirectory`, returning once it listens.
    static func start(config: String, dataDirectory: String, arguments: [String] = []) async throws -> ServeProcess {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let log = dataDirectory + "/serve-\(UUID().uuidString.prefix(8)).log"
        let child = try ChildProcess.start(
            CommandLineRunner.executable("alert2jira").path,
            ["serve", "--config", config, "--listen", "127.0.0.1:0", "--data-dir", dataDirectory] + arguments,
            environment: ["ALERT2JIRA_CONFIG": nil],
            stdout: .pipe,
            stderr: .file(log)
        )
        // "alert2jira serve listening on http://127.0.0.1:PORT"
        let line = await child.firstLine()
        guard let range = line.range(of: "http://") else {
            await child.stop()
            let logged = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw CommandLineRunner.RunnerError("alert2jira serve did not start: \(line)\n\(logged)")
        }
        return ServeProcess(child: child, url: String(line[range.lowerBound...]), logFile: log)
    }

    private init(child: ChildProcess, url: String, logFile: String) {
        self.child = child
        self.url = url
        self.logFile = logFile
    }

    /// What it has logged so far.
    var log: String {
        (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
    }

    deinit {
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

    /// Sends `number` to the server process: SIGTERM, SIGHUP, SIGKILL, SIGSTOP.
    func signal(_ number: Int32) {
        child.signal(number)
    }

    /// Waits for the process to end and returns its exit status (the signal number when killed).
    func waitForExit() async -> Int32 {
        await child.waitForExit().status
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
