import Foundation
import Glibc
import JSON
import TestSupport
import Testing

/// Several `alert2jira serve` processes on one PostgreSQL spool, for real: the binaries, jira-fake and a
/// PostgreSQL cluster the test starts. What is promised: every alert answered 202 reaches Jira once, however
/// the alerts are spread over the replicas and whatever happens to a replica or to the database.
@Suite("replicas on PostgreSQL end to end", .serialized, .childProcessesStopped)
struct ReplicaTests {
    /// A config for replicas sharing `cluster`'s database, against `fake`.
    static func config(_ fake: JiraFakeProcess, _ cluster: PostgresCluster, lease: String = "5s", concurrency: Int = 4) throws -> String {
        // Inside the fake's scratch directory, which goes when the fake stops.
        let directory = fake.scratch.path + "/replicas-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(PostgresCluster.password.utf8).write(to: URL(fileURLWithPath: directory + "/pg-password"))
        let text = fake.serveConfig(server: [
            "spool_url: \"\(cluster.url)?sslmode=disable\"", "spool_password_file: pg-password", "lease: \(lease)",
            "worker_concurrency: \(concurrency)", "retry_initial: 200ms", "retry_max: 1s", "health_check_interval: 300ms",
        ])
        let path = directory + "/alert2jira.yaml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func alert(_ index: Int) -> [UInt8] {
        Array(#"{"title": "replicated alert \#(index)", "fingerprint": "fp-\#(index)", "severity": "critical"}"#.utf8)
    }

    /// A replica of `config` with a data directory of its own (unused by the PostgreSQL spool, but its logs go there).
    static func replica(_ config: String) async throws -> ServeProcess {
        // Beside the config, so it goes with the fake's scratch directory.
        let directory = (config as NSString).deletingLastPathComponent + "/replica-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try await ServeProcess.start(config: config, dataDirectory: directory)
    }

    /// Pending alerts in the shared spool, as `alert2jira spool list --config` sees them.
    static func pending(_ config: String) async throws -> Int {
        let result = try await CommandLineRunner.run([
            "spool", "list", "--config", config, "--state", "pending", "--output", "json", "--limit", "100000",
        ])
        guard result.status == 0 else { throw CommandLineRunner.RunnerError("spool list failed: \(result.stderr)") }
        return try result.jsonLines().count
    }

    /// The running replicas. An Alertmanager HA pair posts each alert to two of them at once; a replica that
    /// is down is tried again once its successor runs, as Alertmanager retries.
    actor Replicas {
        private var servers: [ServeProcess]
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(_ servers: [ServeProcess]) {
            self.servers = servers
        }

        func server(_ index: Int) -> ServeProcess { servers[index] }

        func replace(_ index: Int, with server: ServeProcess) {
            servers[index] = server
            for waiter in waiting { waiter.resume() }
            waiting = []
        }

        /// Returns once `server` is no longer the replica at `index`.
        func waitForSuccessor(of server: ServeProcess, at index: Int) async {
            if servers[index] === server { await withCheckedContinuation { waiting.append($0) } }
        }

        /// Posts until some HTTP answer comes; the status.
        nonisolated func post(to index: Int, _ body: [UInt8]) async -> Int {
            while true {
                let server = await server(index)
                if let status = await server.post("/alerts", body) { return status }
                await waitForSuccessor(of: server, at: index)
            }
        }
    }

    @Test func threeReplicasFiveHundredAlertsPostedTwiceTwoKillsExactlyFiveHundredIssues() async throws {
        let cluster = try await PostgresCluster.start()
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        try await fake.control("POST", "/_fake/faults", body: ["kind": "latency", "latency_ms": 100])
        let config = try Self.config(fake, cluster)
        let replicas = Replicas([try await Self.replica(config), try await Self.replica(config), try await Self.replica(config)])

        let count = 500
        let statuses = Shared<[Int]>([])
        let sender = Task {
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<count {
                    // Each alert to two different replicas, at once.
                    let first = index % 3
                    let second = (index + 1) % 3
                    for target in [first, second] {
                        group.addTask {
                            let status = await replicas.post(to: target, Self.alert(index))
                            statuses.withLock { $0.append(status) }
                        }
                    }
                    if index % 16 == 15 { await group.waitForAll() }
                }
            }
        }
        // Replica 1 is killed twice while it delivers, and started again each time.
        for _ in 0..<2 {
            #expect(try await eventually(within: 120) { try await fake.issues().count >= 20 })
            let victim = await replicas.server(1)
            victim.signal(SIGKILL)
            #expect(await victim.waitForExit() == SIGKILL)
            await replicas.replace(1, with: try await Self.replica(config))
            let before = try await fake.issues().count
            #expect(try await eventually(within: 120) { try await fake.issues().count >= before + 20 })
        }
        await sender.value

        let answered = statuses.withLock { $0 }
        #expect(answered.count == count * 2)
        #expect(answered.allSatisfy { $0 == 202 }, "answers other than 202: \(Dictionary(grouping: answered, by: { $0 }).mapValues(\.count))")
        #expect(try await eventually(within: 300) { try await Self.pending(config) == 0 })
        let counts = try await ServeTests.issueCounts(fake)
        #expect(counts.count == count, "\(count - counts.count) alerts have no issue")
        #expect(counts.values.allSatisfy { $0 == 1 }, "duplicates: \(counts.filter { $0.value > 1 }.prefix(5))")
        for index in 0..<3 {
            let server = await replicas.server(index)
            server.signal(SIGTERM)
            _ = await server.waitForExit()
        }
        await cluster.stop()
    }

    /// PostgreSQL crashes and restarts (`pg_ctl restart -m immediate`) in the middle of ingest: what was
    /// answered 202 is delivered, the rest was answered 503 (and the sender keeps it), and the replica
    /// recovers without a restart of its own.
    @Test func aDatabaseRestartMidIngestLosesNoAcceptedAlert() async throws {
        let cluster = try await PostgresCluster.start()
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        let config = try Self.config(fake, cluster)
        let server = try await Self.replica(config)
        defer { server.signal(SIGKILL) }

        let accepted = Shared<[Int]>([])
        let refused = Shared<[Int: Int?]>([:])
        let sender = Task {
            for index in 0..<300 {
                let status = await server.post("/alerts", Self.alert(index))
                if status == 202 {
                    accepted.withLock { $0.append(index) }
                } else {
                    refused.withLock { $0[index] = status }
                }
            }
        }
        #expect(await eventually { accepted.withLock { $0.count } >= 50 })
        try await cluster.restartImmediately()
        await sender.value

        let answers = refused.withLock { $0 }
        #expect(answers.values.allSatisfy { $0 == 503 }, "refusals other than 503: \(answers.filter { $0.value != 503 })")
        // The server recovers by itself: ready again, and taking alerts.
        #expect(await eventually(within: 60) { await server.get("/readyz")?.status == 200 })
        #expect(await server.post("/alerts", Self.alert(1000)) == 202)
        let delivered = accepted.withLock { $0 } + [1000]
        let allDelivered = try await eventually(within: 120) {
            let counts = try await ServeTests.issueCounts(fake)
            return delivered.allSatisfy { counts["replicated alert \($0)"] != nil }
        }
        let counts = try await ServeTests.issueCounts(fake)
        if !allDelivered {
            let missing = delivered.filter { counts["replicated alert \($0)"] == nil }
            let spool = try await CommandLineRunner.run(["spool", "list", "--config", config, "--limit", "100000"]).stdout
            let rows = spool.split(separator: "\n").filter { line in missing.contains { line.contains("replicated alert \($0)") } }
            Issue.record("accepted alerts without an issue: \(missing); their spool rows: \(rows.prefix(10)); log: \(server.logFile)")
        }
        #expect(counts.values.allSatisfy { $0 == 1 }, "duplicates: \(counts.filter { $0.value > 1 })")
        await cluster.stop()
    }

    /// While PostgreSQL is down, a replica answers 503 with Retry-After and /readyz says why; it never says 2xx.
    @Test func aDatabaseThatIsDownGets503AndReadyzSaysWhy() async throws {
        let cluster = try await PostgresCluster.start()
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        let config = try Self.config(fake, cluster)
        let server = try await Self.replica(config)
        defer { server.signal(SIGKILL) }
        #expect(await server.post("/alerts", Self.alert(1)) == 202)

        await cluster.stopServer()
        let answer = await server.send("/alerts", Self.alert(2), headers: [("Content-Type", "application/json")])
        #expect(answer?.status == 503)
        #expect(answer?.body.contains("retry later") == true, "\(answer?.body ?? "")")
        let ready = await server.get("/readyz")
        #expect(ready?.status == 503)
        #expect(ready?.body.contains("unreachable") == true, "\(ready?.body ?? "")")
        #expect(ready?.body.contains(PostgresCluster.password) == false)
        await cluster.stop()
    }

    /// A replica stalled past its lease (SIGSTOP, then SIGCONT) loses the alert to another replica, which
    /// delivers it; the stalled one, woken, neither writes to Jira nor records a verdict: one issue.
    @Test func aReplicaStalledPastItsLeaseDoesNotDeliverTwice() async throws {
        let cluster = try await PostgresCluster.start()
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        // The first Jira call of a delivery takes long enough to stall the replica in the middle of it.
        try await fake.control("POST", "/_fake/faults", body: ["kind": "latency", "latency_ms": 1500, "path": "/rest/api/3/search/jql"])
        let config = try Self.config(fake, cluster, lease: "5s", concurrency: 1)
        let stalled = try await Self.replica(config)
        defer { stalled.signal(SIGKILL) }
        #expect(await stalled.post("/alerts", Self.alert(7)) == 202)
        // Claimed: the row carries a lease.
        #expect(try await eventually { try await cluster.psql("SELECT count(*) FROM alert2jira_alert WHERE lease_token IS NOT NULL") == "1" })
        stalled.signal(SIGSTOP)

        let other = try await Self.replica(config)
        defer { other.signal(SIGKILL) }
        #expect(try await eventually(within: 60) { try await ServeTests.issueCounts(fake)["replicated alert 7"] == 1 })
        stalled.signal(SIGCONT)
        #expect(try await eventually(within: 30) { try await cluster.psql("SELECT state FROM alert2jira_alert") == "done" })
        // Woken, the stalled replica finds its claim gone and says so; only then is "one issue" the final word.
        #expect(await eventually(within: 30) { stalled.log.contains("lapsed") })
        #expect(try await ServeTests.issueCounts(fake)["replicated alert 7"] == 1)
        await cluster.stop()
    }
}

extension ReplicaTests {
    /// A config whose spool is `url`, for the start-up refusals.
    static func config(spoolURL url: String) throws -> String {
        let directory = try TemporaryDirectory(prefix: "a2j-replicas").path
        let text = """
            connections:
              jira: { url: "http://127.0.0.1:9", auth: { email: a@b.example, api_token: t } }
            rules:
              - { name: everything, project: FINOPS, summary: "{{title}}" }
            server:
              spool_url: "\(url)"
            """
        let path = directory + "/alert2jira.yaml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A wrong password, an unreachable database and a malformed URL each stop `serve` at once with the exit
    /// code a supervisor can act on, a message that says what to do, and never the password.
    @Test func badSpoolSettingsStopServeWithTheRightExitCodeAndNoPassword() async throws {
        let cluster = try await PostgresCluster.start()
        let scratch = try TemporaryDirectory(prefix: "a2j-replica").path
        func serve(_ url: String) async throws -> CommandLineRunner.Result {
            try await CommandLineRunner.run(["serve", "--config", try Self.config(spoolURL: url), "--listen", "127.0.0.1:0", "--data-dir", scratch])
        }
        let wrong = try await serve("postgres://alert2jira:WRONG-pg-secret@127.0.0.1:\(cluster.port)/alert2jira?sslmode=disable")
        #expect(wrong.status == 78, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("does not accept user alert2jira with this password"), "\(wrong.stderr)")
        #expect(!(wrong.stdout + wrong.stderr).contains("WRONG-pg-secret"))

        let unreachable = try await serve("postgres://alert2jira:WRONG-pg-secret@127.0.0.1:\(try freeLoopbackPort())/alert2jira?sslmode=disable")
        #expect(unreachable.status == 69, "\(unreachable.stderr)")
        #expect(unreachable.stderr.contains("is unreachable"), "\(unreachable.stderr)")
        #expect(!(unreachable.stdout + unreachable.stderr).contains("WRONG-pg-secret"))

        let malformed = try await serve("postgres://WRONG-pg-secret@")
        #expect(malformed.status == 78)
        #expect(malformed.stderr.contains("server.spool_url names no host"), "\(malformed.stderr)")
        await cluster.stop()
    }

    /// `alert2jira spool` works on the shared spool through `--config`, and /metrics shows the cluster's view.
    @Test func spoolCommandsAndMetricsSeeTheSharedSpool() async throws {
        let cluster = try await PostgresCluster.start()
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        try await fake.control("POST", "/_fake/faults", body: ["kind": "status", "status": 400, "method": "POST", "path": "/rest/api/3/issue"])
        let config = try Self.config(fake, cluster)
        let server = try await Self.replica(config)
        defer { server.signal(SIGKILL) }
        #expect(await server.post("/alerts", Self.alert(1)) == 202)
        #expect(await server.post("/alerts", Self.alert(2)) == 202)

        @Sendable func spool(_ arguments: [String]) async throws -> CommandLineRunner.Result {
            try await CommandLineRunner.run(["spool"] + arguments + ["--config", config])
        }
        #expect(try await eventually { try await spool(["list", "--state", "dead"]).stdout.contains("2 dead") })
        let listed = try await spool(["list", "--state", "dead", "--output", "json"]).jsonLines()
        let ids = listed.compactMap { $0["id"] as? Int }.sorted()
        #expect(ids.count == 2)
        let shown = try await spool(["show", "\(ids[0])"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("replicated alert 1"), "\(shown.stdout)")
        #expect(shown.stdout.contains("400"), "the reason it died: \(shown.stdout)")
        #expect(try await spool(["drop", "\(ids[1])"]).stdout.contains("alert \(ids[1]) dropped"))

        let metrics = await server.get("/metrics")?.body ?? ""
        #expect(metrics.contains(#"alert2jira_spool_depth{state="dead"} 1.0"#), "\(metrics)")
        #expect(metrics.contains(#"alert2jira_spool_depth{state="leased"} 0.0"#))
        #expect(metrics.contains("alert2jira_spool_claims_total 2"))

        try await fake.control("DELETE", "/_fake/faults")
        #expect(try await spool(["retry", "--all-dead"]).stdout.contains("1 dead alert pending and due now"))
        #expect(try await eventually { try await ServeTests.issueCounts(fake)["replicated alert 1"] == 1 })
        #expect(try await ServeTests.issueCounts(fake)["replicated alert 2"] == nil)
        await cluster.stop()
    }
}

/// A value tasks share, behind a lock.
final class Shared<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.withLock { body(&value) }
    }
}
