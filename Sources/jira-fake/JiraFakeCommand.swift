import ArgumentParser
import Foundation
import JiraFake
import JiraSpec
import Logging

/// `jira-fake --config FILE [--listen HOST:PORT]`: serves a fake Jira until SIGTERM or SIGINT.
///
/// Once listening it prints exactly one line, `jira-fake listening on http://HOST:PORT (cloud|datacenter)`, to
/// stdout and flushes it, so scripts and tests can read the port when they asked for port 0.
@main
struct JiraFakeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jira-fake",
        abstract: "A stateful fake of Jira Cloud or Jira Data Center for tests, benchmarks and local trials.",
        discussion: """
            The config file (YAML or JSON) chooses the flavor, users, projects, screens, workflows and faults; \
            see samples/jira-fake.yaml. The control API under /_fake/ (no authentication) shows the request log \
            and the issues, adds faults and resets the state.
            """
    )

    @Option(name: .long, help: "The fake's config file (YAML or JSON).")
    var config: String

    @Option(name: .long, help: "Address to listen on; port 0 picks a free port.")
    var listen: String = "127.0.0.1:0"

    @Option(name: .long, help: "Server log level on stderr: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "warning"

    func validate() throws {
        guard Self.parseListen(listen) != nil else { throw ValidationError("--listen must be HOST:PORT with a port from 0 to 65535") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level '\(logLevel)'") }
    }

    func run() async throws {
        let configuration: FakeConfiguration
        do {
            configuration = try FakeConfigurationLoader.load(path: config)
        } catch {
            FileHandle.standardError.write(Data("jira-fake: \(error.description)\n".utf8))
            throw ExitCode(78)  // EX_CONFIG
        }
        guard let (host, port) = Self.parseListen(listen) else { throw ExitCode.validationFailure }
        var logger = Logger(label: "jira-fake")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .warning
        let flavor = configuration.flavor.rawValue
        try await JiraFake(configuration: configuration).run(host: host, port: port, logger: logger) { host, port in
            let shown = host.contains(":") ? "[\(host)]" : host
            // Written straight to the file descriptor: unbuffered, so a reader sees the line at once.
            FileHandle.standardOutput.write(Data("jira-fake listening on http://\(shown):\(port) (\(flavor))\n".utf8))
        }
    }

    /// `127.0.0.1:8080`, `[::1]:0`, `:8080` (all interfaces) → host and port.
    static func parseListen(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }
}
