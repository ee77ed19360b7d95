import AlertModel
import Foundation
import JSON
import JiraKit
import TestSupport

/// A `jira-fake` process on a free loopback port, for end-to-end tests: started from a config,
/// stopped with SIGTERM, and driven through its `/_fake/` control API.
final class JiraFakeProcess: @unchecked Sendable {
    let child: ChildProcess
    let url: String
    /// The fake's config and every alert2jira config written for it; removed by ``stop()``.
    let scratch: TemporaryDirectory
    private let transport = CurlTransport(options: CurlTransport.Options(maximumConnections: 2))

    /// Starts `jira-fake` with `samples/jira-fake.yaml`, changed by `edit` (e.g. to Data Center).
    static func start(edit: (String) -> String = { $0 }) async throws -> JiraFakeProcess {
        let sample = try String(contentsOfFile: CommandLineRunner.samplePath("jira-fake.yaml"), encoding: .utf8)
        let scratch = try TemporaryDirectory(prefix: "a2j-e2e")
        let config = try scratch.write("jira-fake.yaml", edit(sample))
        let child = try ChildProcess.start(
            CommandLineRunner.executable("jira-fake").path,
            ["--config", config, "--listen", "127.0.0.1:0"],
            stdout: .pipe
        )
        // The first line says where it listens: "jira-fake listening on http://127.0.0.1:PORT (cloud)".
        let line = await child.firstLine()
        guard let range = line.range(of: "http://"), let end = line[range.lowerBound...].firstIndex(of: " ") else {
            await child.stop()
            scratch.cleanUp()
            throw CommandLineRunner.RunnerError("jira-fake did not start: \(line)")
        }
        return JiraFakeProcess(child: child, url: String(line[range.lowerBound..<end]), scratch: scratch)
    }

    private init(child: ChildProcess, url: String, scratch: TemporaryDirectory) {
        self.child = child
        self.url = url
        self.scratch = scratch
    }

    deinit {
        transport.shutdown()
    }

    /// Asks the fake to stop; the test's child-process check waits for it to exit.
    func stop() {
        child.terminate()
        scratch.cleanUp()
    }

    /// Calls the control API (or any path) without authentication and parses the JSON answer.
    @discardableResult
    func control(_ method: String, _ path: String, body: JSONValue? = nil) async throws -> JSONValue {
        let response = try await transport.send(
            HTTPRequest(method: method, url: url + path, headers: [("Content-Type", "application/json")], body: body?.jsonBytes)
        )
        return response.body.isEmpty ? .null : try JSONParser.parse(response.body)
    }

    /// Every issue the fake holds.
    func issues() async throws -> [JSONValue] {
        let answer = try await control("GET", "/_fake/issues")
        return answer["issues"]?.arrayValue ?? answer.arrayValue ?? []
    }

    /// The logged requests (method and path), control calls excluded.
    func requests() async throws -> [(method: String, path: String, status: Int)] {
        let answer = try await control("GET", "/_fake/requests")
        return (answer["requests"]?.arrayValue ?? []).compactMap { entry in
            guard let method = entry["method"]?.stringValue, let path = entry["path"]?.stringValue, !path.hasPrefix("/_fake/") else { return nil }
            return (method, path, Int(entry["status"]?.numericValue ?? 0))
        }
    }

    /// A config for alert2jira pointing at this fake, with the shipped rules.
    func alert2jiraConfig(
        auth: String = "{ email: alert2jira@serviceaccount.example.com, api_token: \"${TEST_JIRA_TOKEN:-fake-api-token}\" }",
        extra: String = ""
    )
        throws -> String
    {
        let directory = URL(fileURLWithPath: scratch.path).appendingPathComponent("config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = """
            connections:
              jira:
                url: \(url)
                flavor: auto
                auth: \(auth)
            \(extra)
            default_connection: jira
            include: ["\(CommandLineRunner.repositoryRoot.appendingPathComponent("rules").path)/*.yaml"]
            samples: ["\(CommandLineRunner.repositoryRoot.appendingPathComponent("samples").path)/aws-cost-anomaly/*.json"]
            """
        let path = directory.appendingPathComponent("alert2jira.yaml").path
        try Data(config.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A `serve` config against this fake in which every alert becomes a FINOPS task titled after it, with
    /// `server` settings (`key: value` lines).
    func serveConfig(server settings: [String]) -> String {
        """
        connections:
          jira: { url: "\(url)", auth: { email: alert2jira@serviceaccount.example.com, api_token: fake-api-token } }
        rules:
          - name: everything
            project: FINOPS
            issue_type: Task
            summary: "{{title}}"
        server:

        """ + settings.map { "  \($0)\n" }.joined()
    }

    /// A config of only `rules` (YAML list entries, indented two spaces) and a connection to this fake as the
    /// service account; the path of the file written.
    func alert2jiraConfig(rules: String) throws -> String {
        let directory = URL(fileURLWithPath: scratch.path).appendingPathComponent("config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = """
            connections:
              jira: { url: "\(url)", auth: { email: alert2jira@serviceaccount.example.com, api_token: fake-api-token } }
            rules:
            \(rules)
            """
        let path = directory.appendingPathComponent("alert2jira.yaml").path
        try Data(config.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
