import AlertModel
import Foundation
import Glibc
import JSON
import TestSupport
import Testing

/// `alert2jira serve` for real: the binary, jira-fake and the spool on disk, through Jira outages,
/// `kill -9` and graceful shutdowns. The promise under test: an alert answered 2xx is never lost.
@Suite("alert2jira serve end to end", .serialized, .childProcessesStopped)
struct ServeTests {
    /// A config for `serve` against `fake`: every alert becomes a FINOPS task titled after it; quick
    /// retries and probes so a test sees recovery within moments.
    static func config(_ fake: JiraFakeProcess) throws -> (config: String, dataDirectory: String) {
        // Inside the fake's scratch directory, which goes when the fake stops.
        let directory = fake.scratch.path + "/serve-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let text = fake.serveConfig(server: ["worker_concurrency: 8", "retry_initial: 200ms", "retry_max: 1s", "health_check_interval: 300ms"])
        let path = directory + "/alert2jira.yaml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (path, directory + "/data")
    }

    static func alert(_ title: String) -> [UInt8] {
        Array(#"{"title": "\#(title)", "severity": "critical"}"#.utf8)
    }

    /// Summary → how many issues carry it.
    static func issueCounts(_ fake: JiraFakeProcess) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for issue in try await fake.issues() {
            if let summary = issue["fields"]?["summary"]?.stringValue { counts[summary, default: 0] += 1 }
        }
        return counts
    }

    @Test func aThousandAlertsAcceptedWhileJiraIsDownAreAllDeliveredOnceWhenItIsBack() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        try await fake.control("POST", "/_fake/faults", body: ["kind": "status", "status": 503])
        let (config, data) = try Self.config(fake)
        let server = try await ServeProcess.start(config: config, dataDirectory: data)
        defer { server.signal(SIGKILL) }

        let statuses = await withTaskGroup(of: Int?.self) { group in
            for index in 0..<1000 {
                group.addTask { await server.post("/alerts", Self.alert("outage alert \(index)")) }
            }
            var statuses: [Int?] = []
            for await status in group { statuses.append(status) }
            return statuses
        }
        #expect(statuses.filter { $0 == 202 }.count == 1000)
        #expect(try await Self.issueCounts(fake).isEmpty)
        // Readiness follows the connection's last check, which fails within a probe or two.
        #expect(await eventually { await server.get("/readyz")?.status == 503 })

        try await fake.control("DELETE", "/_fake/faults")
        #expect(try await eventually(within: 120) { try await Self.issueCounts(fake).count == 1000 })
        #expect(try await eventually { try await SpoolListing.records(dataDirectory: data, state: "done").count == 1000 })
        let counts = try await Self.issueCounts(fake)
        #expect(Set(counts.keys) == Set((0..<1000).map { "outage alert \($0)" }), "lost alerts")
        #expect(counts.values.filter { $0 > 1 }.isEmpty, "duplicate issues: \(counts.filter { $0.value > 1 })")
    }

    @Test func killedTwentyTimesWhileDeliveringItLosesNothingAndDuplicatesNothing() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        // Slow enough that deliveries are under way whenever the kill comes.
        try await fake.control("POST", "/_fake/faults", body: ["kind": "latency", "latency_ms": 15])
        let (config, data) = try Self.config(fake)
        var server = try await ServeProcess.start(config: config, dataDirectory: data)

        // A sender keeps posting throughout; only what was answered 202 must arrive.
        let accepted = AcceptedTitles()
        let sender = Task {
            var index = 0
            while !Task.isCancelled {
                let title = "kill test \(index)"
                index += 1
                let server = await accepted.server
                if await server.post("/alerts", Self.alert(title)) == 202 {
                    await accepted.add(title)
                } else {
                    // The server was killed: wait for its successor rather than knock on a closed port.
                    await accepted.waitForSuccessor(of: server)
                }
            }
        }
        await accepted.use(server)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            // Kill at a random point of the stream: after a random number of further alerts were accepted.
            let target = await accepted.titles.count + Int.random(in: 3...30, using: &generator)
            #expect(await eventually(within: 60) { await accepted.titles.count >= target })
            server.signal(SIGKILL)
            #expect(await server.waitForExit() == SIGKILL)
            server = try await ServeProcess.start(config: config, dataDirectory: data)
            await accepted.use(server)
        }
        sender.cancel()
        // Wakes a sender that waits for a server, so it sees the cancellation.
        await accepted.use(server)
        _ = await sender.value
        defer { server.signal(SIGKILL) }

        let titles = await accepted.titles
        #expect(titles.count > 50)
        #expect(try await eventually(within: 120) { try await SpoolListing.records(dataDirectory: data, state: "pending").isEmpty })
        let counts = try await Self.issueCounts(fake)
        let lost = titles.filter { counts[$0] == nil }
        #expect(lost.isEmpty, "\(lost.count) accepted alerts never reached Jira: \(lost.prefix(5))")
        let duplicated = counts.filter { $0.value > 1 }
        #expect(duplicated.isEmpty, "\(duplicated.count) alerts have more than one issue: \(duplicated.prefix(5))")
        #expect(try await SpoolListing.records(dataDirectory: data, state: "dead").isEmpty)
    }

    @Test func sigtermFinishesRequestsInFlightAndLeavesTheSpoolConsistent() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        // Deliveries take a second, so one is in flight when the signal comes.
        try await fake.control("POST", "/_fake/faults", body: ["kind": "latency", "latency_ms": 1000, "method": "POST", "path": "/rest/api/3/issue"])
        let (config, data) = try Self.config(fake)
        let server = try await ServeProcess.start(config: config, dataDirectory: data)
        defer { server.signal(SIGKILL) }
        let port = Int(server.url.split(separator: ":").last ?? "") ?? 0

        #expect(await server.post("/alerts", Self.alert("delivering at shutdown")) == 202)
        #expect(try await eventually { try await fake.requests().contains { $0.method == "POST" && $0.path == "/rest/api/3/issue" } })

        // A request half sent when SIGTERM arrives is still read, answered and spooled.
        let body = String(decoding: Self.alert("arriving at shutdown"), as: UTF8.self)
        let half = body.index(body.startIndex, offsetBy: body.count / 2)
        let connection = try await RawConnection.open(port: port)
        #expect(
            await connection.send(
                "POST /alerts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
                    + body[..<half]
            )
        )
        // The signal must come after the server has read the request's head (a connection whose
        // request has not begun is simply closed at shutdown).
        #expect(await eventually { connection.serverHasRead(serverPort: port) })
        server.signal(SIGTERM)
        // New connections are refused once the server stops accepting.
        #expect(await eventually(within: 10) { (try? await RawConnection.open(port: port)) == nil })
        #expect(await connection.send(body[half...]))
        let answer = await connection.readUntilClosed() ?? ""
        #expect(answer.hasPrefix("HTTP/1.1 202"), "\(answer)")

        #expect(await server.waitForExit() == 0)
        let records = try await SpoolListing.records(dataDirectory: data)
        let states = Dictionary(uniqueKeysWithValues: records.map { ($0["title"] as? String ?? "", $0["state"] as? String ?? "") })
        // The delivery in flight was finished and recorded; the late arrival waits for the next start.
        #expect(states["delivering at shutdown"] == "done", "\(records)")
        #expect(states["arriving at shutdown"] != nil)
        #expect(try await Self.issueCounts(fake)["delivering at shutdown"] == 1)
    }

    @Test func theSpoolCommandListsShowsRetriesAndDrops() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        let (config, data) = try Self.config(fake)
        // OPS / Bug requires fields the rule does not set: a dead letter.
        try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(
            of: "project: FINOPS\n    issue_type: Task",
            with: "project: OPS\n    issue_type: Bug"
        )
        .write(toFile: config, atomically: true, encoding: .utf8)
        let server = try await ServeProcess.start(config: config, dataDirectory: data)
        defer { server.signal(SIGKILL) }
        #expect(await server.post("/alerts", Self.alert("needs fields")) == 202)
        #expect(await server.post("/alerts", Self.alert("also needs fields")) == 202)
        #expect(try await eventually { try await SpoolListing.records(dataDirectory: data, state: "dead").count == 2 })

        let list = try await CommandLineRunner.run(["spool", "list", "--data-dir", data])
        #expect(list.status == 0)
        #expect(list.stdout.contains("dead"))
        #expect(list.stdout.contains("0 pending, 2 dead, 0 done"), "\(list.stdout)")
        let show = try await CommandLineRunner.run(["spool", "show", "1", "--data-dir", data])
        #expect(show.status == 0)
        #expect(show.stdout.contains("required field \"Environment\""), "\(show.stdout)")
        #expect(show.stdout.contains("\"title\": \"needs fields\""), "\(show.stdout)")

        let retry = try await CommandLineRunner.run(["spool", "retry", "1", "--data-dir", data])
        #expect(retry.stdout == "alert 1 is pending and due now\n", "\(retry.stdout)\(retry.stderr)")
        // Safe while the server runs: it picks the retried alert up (and refuses it again).
        #expect(
            try await eventually { try await SpoolListing.records(dataDirectory: data).first { ($0["id"] as? Int) == 1 }?["attempts"] as? Int == 1 }
        )
        let drop = try await CommandLineRunner.run(["spool", "drop", "2", "--data-dir", data])
        #expect(drop.stdout == "alert 2 dropped\n")
        let missing = try await CommandLineRunner.run(["spool", "show", "2", "--data-dir", data])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("no alert 2 in the spool"))
        let all = try await CommandLineRunner.run(["spool", "retry", "--all-dead", "--data-dir", data])
        #expect(all.status == 0)
        #expect(
            all.stdout.hasSuffix("dead alerts pending and due now\n") || all.stdout.hasSuffix("dead alert pending and due now\n"),
            "\(all.stdout)"
        )
    }

    @Test func startingOnAPublicAddressWithoutCredentialsIsRefused() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        let (config, data) = try Self.config(fake)
        let result = try await CommandLineRunner.run(["serve", "--config", config, "--data-dir", data, "--listen", "0.0.0.0:0"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("refusing to listen on 0.0.0.0:0 without authentication"), "\(result.stderr)")
    }
}

/// Titles the server answered 202 for, and the server process the sender currently talks to.
actor AcceptedTitles {
    private(set) var titles: [String] = []
    private var current: ServeProcess?
    /// Senders waiting for the next server.
    private var waiting: [CheckedContinuation<Void, Never>] = []

    var server: ServeProcess {
        get async {
            if current == nil { await withCheckedContinuation { waiting.append($0) } }
            return current!
        }
    }

    func use(_ server: ServeProcess) {
        current = server
        for waiter in waiting { waiter.resume() }
        waiting = []
    }

    func add(_ title: String) { titles.append(title) }

    /// Returns once a server other than `server` is in use.
    func waitForSuccessor(of server: ServeProcess) async {
        if current === server { await withCheckedContinuation { waiting.append($0) } }
    }
}
