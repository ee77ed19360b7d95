import Foundation
import Glibc
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

@Suite("jira-fake executable", .childProcessesStopped)
struct ExecutableTests {
    @Test("Prints exactly one listening line with the port, serves, and exits cleanly on SIGTERM")
    func listens() async throws {
        let binary = Repository.executable("jira-fake")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build jira-fake first: \(binary.path)")
        let fake = try ChildProcess.start(binary.path, ["--config", Fixture.samplePath, "--listen", "127.0.0.1:0"], stdout: .pipe)
        defer { fake.terminate() }

        let line = await fake.firstLine()
        let prefix = "jira-fake listening on http://127.0.0.1:"
        #expect(line.hasPrefix(prefix) && line.hasSuffix(" (cloud)"), "\(line)")
        let port = try #require(Int(line.dropFirst(prefix.count).prefix { $0.isNumber }))
        #expect(port > 0)

        let status = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.get("/rest/api/3/serverInfo").status.code
        }
        #expect(status == 200)

        fake.signal(SIGTERM)
        #expect(await fake.waitForExit() == .exited(0))
        let rest = await fake.readToEnd()
        #expect(rest.isEmpty, "nothing but the listening line on stdout: \(rest)")
    }

    @Test("A broken config exits with 78 and says where the problem is")
    func brokenConfig() async throws {
        let binary = Repository.executable("jira-fake")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jira-fake-\(UUID().uuidString).yaml")
        try "flavor: cloud\npage_size: many\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let fake = try ChildProcess.start(binary.path, ["--config", file.path], stdout: .pipe, stderr: .stdout)
        let message = await fake.readToEnd()
        #expect(await fake.waitForExit() == .exited(78))
        #expect(message.contains("\(file.path):2:12: expected a whole number"), "\(message)")
    }
}
