import Foundation
import Glibc
import TestSupport
import Testing

/// `serve` that cannot listen says why and exits, instead of hanging with its data directory locked; one that
/// listens answers `alert2jira health` and stops on SIGTERM.
@Suite("serve start-up, health check and stop", .childProcessesStopped)
struct ServeStartupTests {
    static func config() throws -> (config: String, data: String) {
        let directory = try TemporaryDirectory(prefix: "a2j-startup")
        let config = try directory.write("alert2jira.yaml", "rules: []\n")
        return (config, directory.path + "/data")
    }

    /// Starts `serve` on `listen` and waits for it to end; its exit status and stderr.
    static func serve(listen: String) async throws -> (status: ChildProcess.Termination?, stderr: String) {
        let (config, data) = try config()
        defer { try? FileManager.default.removeItem(atPath: (config as NSString).deletingLastPathComponent) }
        let log = data + ".log"
        let child = try ChildProcess.start(
            Repository.executable("alert2jira").path,
            ["serve", "--config", config, "--listen", listen, "--data-dir", data, "--allow-unauthenticated"],
            environment: ["ALERT2JIRA_CONFIG": nil],
            stderr: .file(log)
        )
        let ended = await eventually(within: 15) { !child.isRunning }
        if !ended { await child.killNow() }
        return (ended ? child.termination : nil, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    @Test func aPortThatIsTakenIsNamedAndExits69() async throws {
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, length) == 0 && getsockname(holder, $0, &length) == 0 }
        }
        try #require(bound && listen(holder, 1) == 0)
        let port = Int(UInt16(bigEndian: address.sin_port))

        let (status, stderr) = try await Self.serve(listen: "127.0.0.1:\(port)")
        #expect(status == .exited(69), "it did not exit: \(stderr)")
        #expect(stderr.contains("cannot listen on 127.0.0.1:\(port): Address already in use"), "\(stderr)")
    }

    @Test func anAddressTheHostDoesNotHaveIsAConfigurationError() async throws {
        // 192.0.2.0/24 is TEST-NET-1: no host has it.
        let (status, stderr) = try await Self.serve(listen: "192.0.2.1:9097")
        #expect(status == .exited(78), "it did not exit: \(stderr)")
        #expect(stderr.contains("cannot listen on 192.0.2.1:9097: Cannot assign requested address"), "\(stderr)")
    }

    /// `alert2jira health` (the container's HEALTHCHECK) says ok while the server listens; SIGTERM stops the
    /// server with status 0, after which `health` fails and says nothing answers.
    @Test func healthAnswersWhileTheServerRunsAndSigtermStopsIt() async throws {
        let (config, data) = try Self.config()
        defer { try? FileManager.default.removeItem(atPath: (config as NSString).deletingLastPathComponent) }
        let child = try ChildProcess.start(
            Repository.executable("alert2jira").path,
            ["serve", "--config", config, "--listen", "127.0.0.1:0", "--data-dir", data],
            environment: ["ALERT2JIRA_CONFIG": nil],
            stdout: .pipe
        )
        let listening = await child.firstLine()
        let address = try #require(listening.split(separator: "http://").last.map(String.init), "\(listening)")
        for arguments in [["health", address], ["health", address, "--ready"]] {
            let healthy = try await CommandLineRunner.run(arguments)
            #expect(healthy.status == 0, "\(arguments): \(healthy.stderr)")
            #expect(healthy.stdout.hasPrefix("ok: http://\(address)/"), "\(healthy.stdout)")
        }

        child.signal(SIGTERM)
        #expect(await eventually(within: 30) { !child.isRunning })
        #expect(child.termination == .exited(0))
        let gone = try await CommandLineRunner.run(["health", address, "--timeout", "2"])
        #expect(gone.status == 1)
        #expect(gone.stderr.contains("http://\(address)/healthz: no answer"), "\(gone.stderr)")
        #expect(try await CommandLineRunner.run(["health", "no-port"]).status == 64)
    }
}
