import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("jira-fake executable")
struct ExecutableTests {
    @Test("Prints exactly one listening line with the port, serves, and exits cleanly on SIGTERM")
    func listens() async throws {
        let binary = Subprocess.productsDirectory.appendingPathComponent("jira-fake")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build jira-fake first: \(binary.path)")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--config", Fixture.samplePath, "--listen", "127.0.0.1:0"]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let line = try await Subprocess.firstLine(of: stdout.fileHandleForReading, timeout: .seconds(30))
        let prefix = "jira-fake listening on http://127.0.0.1:"
        #expect(line.hasPrefix(prefix) && line.hasSuffix(" (cloud)"), "\(line)")
        let port = try #require(Int(line.dropFirst(prefix.count).prefix { $0.isNumber }))
        #expect(port > 0)

        let status = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.get("/rest/api/3/serverInfo").status.code
        }
        #expect(status == 200)

        process.terminate()
        #expect(await Subprocess.waitForExit(process) == 0)
        #expect(process.terminationReason == .exit)
        let rest = stdout.fileHandleForReading.readDataToEndOfFile()
        #expect(rest.isEmpty, "nothing but the listening line on stdout: \(String(decoding: rest, as: UTF8.self))")
    }

    @Test("A broken config exits with 78 and says where the problem is")
    func brokenConfig() async throws {
        let binary = Subprocess.productsDirectory.appendingPathComponent("jira-fake")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("jira-fake-\(UUID().uuidString).yaml")
        try "flavor: cloud\npage_size: many\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--config", file.path]
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        #expect(await Subprocess.waitForExit(process) == 78)
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("\(file.path):2:12: expected a whole number"), "\(message)")
    }
}
