import Foundation
import TestSupport
import Testing

/// TLS and proxies for real, on loopback: an HTTPS server with a self-signed certificate (made by the
/// `openssl` command), and Debian's `tinyproxy` as the HTTP CONNECT proxy.
@Suite("TLS and proxies", .serialized, .childProcessesStopped)
struct NetworkSettingsTests {
    /// A scratch directory with a self-signed certificate for 127.0.0.1 and an HTTPS server that answers
    /// every request as Jira does without valid credentials (401), logging each path it was asked for.
    final class HTTPSServer: @unchecked Sendable {
        let directory: String
        let port: Int
        let child: ChildProcess

        init() async throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("a2j-tls-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let made = try await NetworkSettingsTests.run(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", directory + "/key.pem", "-out", directory + "/cert.pem",
                ]
            )
            guard made == 0 else { throw CommandLineRunner.RunnerError("openssl could not make a self-signed certificate (exit \(made))") }
            let script = """
                import http.server, ssl, sys
                class Handler(http.server.BaseHTTPRequestHandler):
                    def answer(self):
                        with open(sys.argv[1] + "/requests.log", "a") as log: log.write(self.path + "\\n")
                        body = b'{"errorMessages":["Client must be authenticated to access this resource."],"errors":{}}'
                        self.send_response(401)
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                    do_GET = do_POST = answer
                    def log_message(self, *args): pass
                server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                context.load_cert_chain(sys.argv[1] + "/cert.pem", sys.argv[1] + "/key.pem")
                server.socket = context.wrap_socket(server.socket, server_side=True)
                print(server.server_address[1], flush=True)
                server.serve_forever()
                """
            // Never the test runner's own stderr: a child left holding it would keep `swift test` waiting.
            let child = try ChildProcess.start("/usr/bin/python3", ["-c", script, directory], stdout: .pipe)
            self.child = child
            let line = await child.firstLine()
            guard let port = Int(line) else {
                child.terminate()
                throw CommandLineRunner.RunnerError("the HTTPS test server did not start (is python3 installed?): \(line)")
            }
            self.port = port
        }

        deinit {
            child.terminate()
            try? FileManager.default.removeItem(atPath: directory)
        }

        var requests: [String] {
            ((try? String(contentsOfFile: directory + "/requests.log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        /// A config whose one connection is this server, trusting `caFile` when given.
        func config(caFile: String? = nil) throws -> String {
            let trust = caFile.map { ", ca_file: \"\($0)\"" } ?? ""
            let text = """
                connections:
                  jira: { url: "https://127.0.0.1:\(port)", flavor: cloud, timeout: 10s\(trust), auth: { email: a@b.example, api_token: t } }
                rules:
                  - { name: everything, project: FINOPS, summary: "{{title}}" }
                """
            let path = directory + "/alert2jira-\(UUID().uuidString.prefix(8)).yaml"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    static let alert = Data(#"{"title": "disk full"}"#.utf8)

    /// Proxy variables in both spellings (libcurl reads the lower-case one first), so the machine's own can't interfere.
    static func proxyEnvironment(proxy: String, noProxy: String) -> [String: String] {
        ["https_proxy": proxy, "HTTPS_PROXY": proxy, "all_proxy": "", "ALL_PROXY": "", "no_proxy": noProxy, "NO_PROXY": noProxy]
    }

    /// Runs a command to its end without blocking a thread of the cooperative pool; returns its exit status.
    static func run(_ executable: String, _ arguments: [String]) async throws -> Int32 {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw CommandLineRunner.RunnerError("\(executable) is missing: .ci/run installs it")
        }
        return try await ChildProcess.start(executable, arguments).waitForExit().status
    }

    @Test func aSelfSignedCertificateFailsVerificationUnlessItIsTheCAFile() async throws {
        let server = try await HTTPSServer()
        let direct = Self.proxyEnvironment(proxy: "", noProxy: "")
        let refused = try await CommandLineRunner.run(["--config", try server.config()], stdin: Self.alert, environment: direct)
        #expect(refused.status == 69, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stdout.contains("TLS failed: SSL certificate problem: self-signed certificate"), "\(refused.stdout)")
        #expect(refused.stdout.contains("ca_file"))
        #expect(server.requests.isEmpty, "nothing may be sent over an unverified connection")

        let trusted = try await CommandLineRunner.run(
            ["--config", try server.config(caFile: server.directory + "/cert.pem")],
            stdin: Self.alert,
            environment: direct
        )
        #expect(!trusted.stdout.contains("certificate"), "\(trusted.stdout)")
        #expect(trusted.stdout.contains("401") || trusted.stdout.contains("credentials"), "\(trusted.stdout)\(trusted.stderr)")
        #expect(!server.requests.isEmpty)
    }

    /// Debian's tinyproxy on a free loopback port, logging each request; tried on a new port when it fails to start.
    static func startTinyproxy(in directory: String) async throws -> (child: ChildProcess, port: Int, log: String) {
        let executable = "/usr/bin/tinyproxy"
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw CommandLineRunner.RunnerError("\(executable) is missing: .ci/run installs it")
        }
        var attempts: [String] = []
        for attempt in 1...5 {
            let port = try freeLoopbackPort()
            let log = directory + "/tinyproxy-\(attempt).log"
            let conf = directory + "/tinyproxy-\(attempt).conf"
            try Data(
                """
                Port \(port)
                Listen 127.0.0.1
                Timeout 30
                LogFile "\(log)"
                LogLevel Info
                MaxClients 10
                Allow 127.0.0.1

                """.utf8
            ).write(to: URL(fileURLWithPath: conf))
            let stderr = directory + "/tinyproxy-\(attempt).stderr"
            let child = try ChildProcess.start(executable, ["-d", "-c", conf], stderr: .file(stderr))
            let ready = await eventually(within: 10) {
                !child.isRunning || ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("Accepting connections")
            }
            if ready, child.isRunning { return (child, port, log) }
            await child.stop()
            attempts.append("port \(port): " + ((try? String(contentsOfFile: stderr, encoding: .utf8)) ?? "no output"))
        }
        throw CommandLineRunner.RunnerError("tinyproxy did not start: \(attempts.joined(separator: "; "))")
    }

    /// `HTTPS_PROXY` sends the connection through the proxy (a CONNECT tunnel, TLS still end to end);
    /// `NO_PROXY` naming the host bypasses it.
    @Test func httpsProxyIsUsedAndNoProxyBypassesIt() async throws {
        let server = try await HTTPSServer()
        let (proxy, proxyPort, log) = try await Self.startTinyproxy(in: server.directory)
        defer { proxy.terminate() }
        func connects() -> Int {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").components(separatedBy: "CONNECT 127.0.0.1:\(server.port) ").count - 1
        }
        let config = try server.config(caFile: server.directory + "/cert.pem")
        let proxied = try await CommandLineRunner.run(
            ["--config", config],
            stdin: Self.alert,
            environment: Self.proxyEnvironment(proxy: "http://127.0.0.1:\(proxyPort)", noProxy: "")
        )
        #expect(proxied.stdout.contains("401") || proxied.stdout.contains("credentials"), "\(proxied.stdout)\(proxied.stderr)")
        let afterProxied = connects()
        #expect(afterProxied > 0, "tinyproxy saw no CONNECT")

        let bypassed = try await CommandLineRunner.run(
            ["--config", config],
            stdin: Self.alert,
            environment: Self.proxyEnvironment(proxy: "http://127.0.0.1:\(proxyPort)", noProxy: "127.0.0.1")
        )
        #expect(bypassed.stdout.contains("401") || bypassed.stdout.contains("credentials"), "\(bypassed.stdout)\(bypassed.stderr)")
        #expect(connects() == afterProxied, "NO_PROXY did not bypass the proxy")
    }
}
