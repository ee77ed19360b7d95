import AlertModel
import Foundation
import Glibc
import JSON
import TestSupport
import Testing

/// Distinctive secrets in every auth field, then every command that could print one: `check`,
/// `check --online`, `--dry-run`, deliveries that fail on those very credentials, `serve` with its logs,
/// `/metrics` and `/readyz`. No secret may appear in any stdout, stderr or log line.
@Suite("secrets never leak", .serialized, .childProcessesStopped)
struct SecretLeakTests {
    /// Every planted secret starts with this, so one search finds them all, even in part.
    static let marker = "A2J-SECRET"
    static let apiToken = "\(marker)-api-token-7f3a"
    static let scopedToken = "\(marker)-scoped-token-2b9e"
    static let clientSecret = "\(marker)-client-secret-c81e"
    static let wrongPassword = "\(marker)-wrong-password-44d0"
    static let wrongPAT = "\(marker)-wrong-pat-91c2"
    static let bearer = "\(marker)-bearer-55aa"
    static let basicPassword = "\(marker)-basic-password-0d17"
    static let hmacSecret = "\(marker)-hmac-secret-e4c9"
    static let pagerDutySecret = "\(marker)-pagerduty-secret-63f0"
    static let fileToken = "\(marker)-file-token-a5d3"

    /// The fake, with the service account's real credentials replaced by planted ones.
    static func startFake() async throws -> JiraFakeProcess {
        try await JiraFakeProcess.start { config in
            config.replacingOccurrences(of: "fake-api-token", with: apiToken)
                .replacingOccurrences(of: "fake-scoped-token", with: scopedToken)
                .replacingOccurrences(of: "fake-client-secret", with: clientSecret)
        }
    }

    /// A config with one connection per auth method, two of them with wrong credentials, and a source per
    /// webhook auth method.
    static func config(_ fake: JiraFakeProcess, in directory: String) throws -> String {
        let tokenFile = directory + "/token"
        try Data((fileToken + "\n").utf8).write(to: URL(fileURLWithPath: tokenFile))
        let text = """
            connections:
              cloud: { url: "\(fake.url)", auth: { email: alert2jira@serviceaccount.example.com, api_token: "\(apiToken)" } }
              scoped:
                url: "\(fake.url)"
                auth: { email: alert2jira@serviceaccount.example.com, api_token: "\(scopedToken)" }
                scoped: true
                gateway_url: "\(fake.url)"
              oauth:
                url: "\(fake.url)"
                auth: { client_id: fake-client-id, client_secret: "\(clientSecret)" }
                gateway_url: "\(fake.url)"
                token_url: "\(fake.url)/oauth/token"
                cloud_id: 0b9a6a53-6d2f-4c44-9e43-1f6f8f0c2a11
              wrongbasic: { url: "\(fake.url)", flavor: datacenter, auth: { username: alert2jira, password: "\(wrongPassword)" } }
              wrongpat: { url: "\(fake.url)", flavor: datacenter, auth: { personal_access_token: "\(wrongPAT)" } }
              fromfile: { url: "\(fake.url)", auth: { email: alert2jira@serviceaccount.example.com, api_token_file: "\(tokenFile)" } }
            default_connection: cloud
            rules:
              - { name: cloud, project: FINOPS, issue_type: Task, summary: "cloud {{title}}", match: { labels.via: cloud } }
              - { name: scoped, project: FINOPS, issue_type: Task, connection: scoped, summary: "scoped {{title}}", match: { labels.via: scoped } }
              - { name: oauth, project: FINOPS, issue_type: Task, connection: oauth, summary: "oauth {{title}}", match: { labels.via: oauth } }
              - { name: wrongbasic, project: FINOPS, issue_type: Task, connection: wrongbasic, summary: "b {{title}}", match: { labels.via: wrongbasic } }
              - { name: wrongpat, project: FINOPS, issue_type: Task, connection: wrongpat, summary: "p {{title}}", match: { labels.via: wrongpat } }
              - { name: fromfile, project: FINOPS, issue_type: Task, connection: fromfile, summary: "f {{title}}" }
            sources:
              am:
                format: alertmanager
                bearer_token: "\(bearer)"
              basic:
                basic_auth: { username: alertmanager, password: "\(basicPassword)" }
              github:
                hmac: { header: X-Hub-Signature-256, prefix: "sha256=", secret: "\(hmacSecret)" }
              pd:
                format: pagerduty
                pagerduty_signature: { secret: "\(pagerDutySecret)" }
            server:
              retry_initial: 100ms
              retry_max: 500ms
              health_check_interval: 200ms
              log_level: debug
            """
        let path = directory + "/alert2jira.yaml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// One alert per rule, NDJSON.
    static let alerts = ["cloud", "scoped", "oauth", "wrongbasic", "wrongpat", "fromfile"]
        .map { #"{"title": "leak-\#($0)", "severity": "critical", "labels": {"via": "\#($0)"}}"# }
        .joined(separator: "\n")

    /// Lines that hold a secret: the start of the marker (so a cut secret counts too), or a Basic credential as
    /// it travels, base64-encoded.
    static func leaks(in text: String) -> [String] {
        let encoded = [basicPassword, wrongPassword].map(basic) + [Data("alert2jira:\(wrongPassword)".utf8).base64EncodedString()]
        return text.split(separator: "\n").filter { line in
            line.contains("A2J-SEC") || encoded.contains { line.contains($0.prefix(24)) }
        }.map(String.init)
    }

    /// Runs `body` with the fake holding the planted credentials and a config using them, in a scratch
    /// directory that is removed afterwards.
    static func withPlantedSecrets(_ body: (JiraFakeProcess, _ config: String, _ directory: String) async throws -> Void) async throws {
        let fake = try await Self.startFake()
        defer { fake.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("a2j-leak-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = try Self.config(fake, in: directory)
        try await body(fake, config, directory)
    }

    @Test func commandLineOutputHoldsNoSecret() async throws {
        try await Self.withPlantedSecrets { _, config, _ in try await Self.checkCommandLine(config: config) }
    }

    static func checkCommandLine(config: String) async throws {
        let input = Data(alerts.utf8)

        var outputs: [(String, CommandLineRunner.Result)] = []
        outputs.append(("check", try await CommandLineRunner.run(["check", "--config", config])))
        outputs.append(("check --online", try await CommandLineRunner.run(["check", "--online", "--config", config])))
        outputs.append(("--dry-run", try await CommandLineRunner.run(["--config", config, "--dry-run"], stdin: input)))
        outputs.append(("--dry-run json", try await CommandLineRunner.run(["--config", config, "--dry-run", "--output", "json"], stdin: input)))
        let delivery = try await CommandLineRunner.run(["--config", config, "--output", "json"], stdin: input)
        outputs.append(("delivery", delivery))
        outputs.append(("--dry-run --online", try await CommandLineRunner.run(["--config", config, "--dry-run", "--online"], stdin: input)))

        // The commands really ran: the good connections created issues, the wrong credentials failed.
        #expect(outputs[0].1.status == 0, "\(outputs[0].1.stderr)")
        #expect(delivery.stdout.contains(#""action":"create""#), "\(delivery.stdout)\(delivery.stderr)")
        #expect(delivery.stdout.contains(#""action":"failed""#), "\(delivery.stdout)\(delivery.stderr)")
        #expect(outputs[1].1.stdout.contains("✗"), "check --online reports the wrong credentials")
        for (command, result) in outputs {
            #expect(Self.leaks(in: result.stdout) == [], "\(command) stdout")
            #expect(Self.leaks(in: result.stderr) == [], "\(command) stderr")
        }
    }

    @Test func serveLogsAndMetricsHoldNoSecret() async throws {
        try await Self.withPlantedSecrets { fake, config, directory in try await Self.checkServe(fake: fake, config: config, directory: directory) }
    }

    static func checkServe(fake: JiraFakeProcess, config: String, directory: String) async throws {
        let data = directory + "/data"
        let server = try await ServeProcess.start(config: config, dataDirectory: data)
        defer { server.signal(SIGKILL) }

        let alert = Array(#"{"title": "served", "labels": {"via": "wrongbasic"}}"#.utf8)
        // Accepted ones, delivered through the good and the wrong credentials.
        #expect(await server.post("/alerts/src/basic/generic", alert, headers: [("Authorization", "Basic " + Self.basic(Self.basicPassword))]) == 202)
        let good = Array(#"{"title": "served", "labels": {"via": "cloud"}}"#.utf8)
        #expect(await server.post("/alerts/src/basic/generic", good, headers: [("Authorization", "Basic " + Self.basic(Self.basicPassword))]) == 202)
        // Refused ones, with secrets (right and wrong) in the headers that get logged as refusals.
        #expect(await server.post("/alerts/src/am", alert, headers: [("Authorization", "Bearer \(Self.marker)-wrong-bearer")]) == 401)
        #expect(await server.post("/alerts/src/basic", alert, headers: [("Authorization", "Basic " + Self.basic(Self.wrongPassword))]) == 401)
        #expect(await server.post("/alerts/src/github", alert, headers: [("X-Hub-Signature-256", "sha256=\(Self.marker)")]) == 401)
        #expect(await server.post("/alerts/src/pd", alert, headers: [("X-PagerDuty-Signature", "v1=\(Self.marker)")]) == 401)
        #expect(await server.post("/alerts/src/am?token=\(Self.bearer)", alert) == 401)

        let delivered = await eventually(within: 20) {
            ((try? await fake.issues()) ?? []).contains { $0["fields"]?["summary"]?.stringValue == "cloud served" }
        }
        #expect(delivered)
        // The worker has tried the wrong credentials at least once when the fake has refused a request.
        #expect(await eventually(within: 20) { ((try? await fake.requests()) ?? []).contains { $0.status == 401 } })
        let metrics = await server.get("/metrics")
        let ready = await server.get("/readyz")
        #expect(metrics?.status == 200)
        #expect(Self.leaks(in: metrics?.body ?? "") == [])
        #expect(Self.leaks(in: ready?.body ?? "") == [])

        server.signal(SIGTERM)
        _ = await server.waitForExit()
        let logs = try FileManager.default.contentsOfDirectory(atPath: data).filter { $0.hasSuffix(".log") }
        #expect(!logs.isEmpty)
        for log in logs {
            let text = try String(contentsOfFile: data + "/" + log, encoding: .utf8)
            #expect(text.contains("unauthorized") || text.contains("401") || text.contains("refused"), "the refusals were logged: \(log)")
            #expect(Self.leaks(in: text) == [], "\(log)")
        }
        let listing = try await CommandLineRunner.run(["spool", "list", "--data-dir", data])
        #expect(Self.leaks(in: listing.stdout + listing.stderr) == [])
    }

    static func basic(_ password: String) -> String {
        Data("alertmanager:\(password)".utf8).base64EncodedString()
    }
}
