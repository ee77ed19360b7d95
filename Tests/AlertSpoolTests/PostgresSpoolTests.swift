import AlertSpool
import Contracts
import Foundation
import Synchronization
import TestSupport
import Testing

/// A value tasks share, behind a lock.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ value: Value) {
        self.value = Mutex(value)
    }

    func withLock<T: Sendable>(_ body: (inout Value) -> T) -> T {
        value.withLock { body(&$0) }
    }
}

/// The shared spool against a real PostgreSQL (Debian's, started by the test): claims that replicas never
/// share, leases that lapse and can't be finished late, cluster-wide key locks and flood counts, migrations
/// that replicas may race, and errors that say what to do.
@Suite("PostgreSQL spool", .serialized, .childProcessesStopped)
struct PostgresSpoolTests {
    static func payload(_ title: String, alerts: Int = 1) -> SpoolPayload {
        SpoolPayload(
            body: Array(#"{"title": "\#(title)"}"#.utf8),
            format: "generic",
            source: "",
            items: (0..<alerts).map { SpoolPayload.Item(index: $0, title: "\(title) \($0)") }
        )
    }

    /// A spool on a fresh cluster, opened (so migrated), and the cluster; both are stopped after `body`.
    static func withSpool(
        lease: Duration = .seconds(60),
        _ body: (PostgresSpool, PostgresCluster) async throws -> Void
    ) async throws {
        let cluster = try await PostgresCluster.start()
        let spool = PostgresSpool(url: try url(cluster), lease: lease)
        do {
            try await spool.open()
            try await body(spool, cluster)
        } catch {
            try? await spool.close()
            await cluster.stop()
            throw error
        }
        try? await spool.close()
        await cluster.stop()
    }

    static func url(_ cluster: PostgresCluster, password: String = PostgresCluster.password) throws -> PostgresURL {
        var url = try PostgresURL.parse(cluster.url + "?sslmode=disable").get()
        url.password = Secret(password)
        return url
    }

    @Test func acceptedAlertsAreClaimedFinishedAndListed() async throws {
        try await Self.withSpool { spool, _ in
            let ids = try await spool.accept([Self.payload("a", alerts: 3), Self.payload("b")])
            #expect(ids.count == 4)
            let claimed = try await spool.claim(now: Date(), limit: 10, excluding: [])
            #expect(claimed.map(\.id) == ids)
            #expect(claimed.allSatisfy { $0.lease != nil })
            #expect(claimed[0].body == Array(#"{"title": "a"}"#.utf8))
            #expect(claimed.map(\.itemIndex) == [0, 1, 2, 0])
            #expect(try await spool.finish(claimed[0].claim, .done(result: "[]", deliveredRules: ["r"]), countsAsAttempt: true, now: Date()))
            #expect(
                try await spool.finish(
                    claimed[1].claim,
                    .dead(reason: "refused", result: "[]", deliveredRules: []),
                    countsAsAttempt: true,
                    now: Date()
                )
            )
            let statistics = try await spool.statistics()
            #expect(statistics.done == 1)
            #expect(statistics.dead == 1)
            #expect(statistics.pending == 2)
            #expect(statistics.leased == 2)
            #expect(try await spool.list(state: .dead, limit: 10).map(\.title) == ["a 1"])
            #expect(try await spool.record(ids[0]).deliveredRules == ["r"])
            #expect(try await spool.retryAllDead() == 1)
            try await spool.drop(ids[3])
            await #expect(throws: SpoolError.notFound(id: ids[3])) { try await spool.record(ids[3]) }
        }
    }

    /// Two replicas claiming at once never get the same alert.
    @Test func replicasClaimingTogetherTakeDifferentAlerts() async throws {
        try await Self.withSpool { spool, cluster in
            let other = PostgresSpool(url: try Self.url(cluster))
            defer { Task { try? await other.close() } }
            _ = try await spool.accept((0..<40).map { Self.payload("alert \($0)") })
            async let first = spool.claim(now: Date(), limit: 25, excluding: [])
            async let second = other.claim(now: Date(), limit: 25, excluding: [])
            let (mine, theirs) = try await (first, second)
            #expect(Set(mine.map(\.id)).isDisjoint(with: theirs.map(\.id)))
            #expect(mine.count + theirs.count == 40)
            #expect(try await spool.claim(now: Date(), limit: 10, excluding: []).isEmpty, "every alert is leased")
        }
    }

    /// A lease that lapsed is another replica's to take, and the first replica's late verdict changes nothing.
    @Test func aLapsedLeaseIsTakenOverAndTheLateVerdictIsRefused() async throws {
        try await Self.withSpool(lease: .seconds(30)) { spool, cluster in
            let other = PostgresSpool(url: try Self.url(cluster), lease: .seconds(30))
            defer { Task { try? await other.close() } }
            let start = Date()
            _ = try await spool.accept([Self.payload("stalled")], now: start)
            let stalled = try #require(try await spool.claim(now: start, limit: 1, excluding: []).first)
            #expect(try await other.claim(now: start.addingTimeInterval(29), limit: 1, excluding: []).isEmpty, "the lease still holds")
            #expect(await spool.holds(stalled.claim, now: start.addingTimeInterval(29)))

            let later = start.addingTimeInterval(31)
            let takeover = try #require(try await other.claim(now: later, limit: 1, excluding: []).first)
            #expect(takeover.id == stalled.id)
            #expect(takeover.lease != stalled.lease)
            #expect(await !spool.holds(stalled.claim, now: later))
            #expect(try await spool.renew([stalled.claim], now: later).isEmpty)
            #expect(try await !spool.finish(stalled.claim, .done(result: "[]", deliveredRules: []), countsAsAttempt: true, now: later))
            #expect(try await other.finish(takeover.claim, .done(result: "[]", deliveredRules: []), countsAsAttempt: true, now: later))
            #expect(try await spool.record(stalled.id).state == .done)
        }
    }

    /// A renewed lease keeps the alert from a replica that claims after the first lease would have lapsed.
    @Test func renewingKeepsTheLease() async throws {
        try await Self.withSpool(lease: .seconds(30)) { spool, cluster in
            let other = PostgresSpool(url: try Self.url(cluster), lease: .seconds(30))
            defer { Task { try? await other.close() } }
            let start = Date()
            _ = try await spool.accept([Self.payload("slow Jira")], now: start)
            let claimed = try #require(try await spool.claim(now: start, limit: 1, excluding: []).first)
            #expect(try await spool.renew([claimed.claim], now: start.addingTimeInterval(20)) == [claimed.claim])
            #expect(try await other.claim(now: start.addingTimeInterval(40), limit: 1, excluding: []).isEmpty)
            #expect(await spool.holds(claimed.claim, now: start.addingTimeInterval(40)))
        }
    }

    @Test func postponedAlertsAreReleasedUntilTheirTime() async throws {
        try await Self.withSpool { spool, _ in
            let start = Date()
            _ = try await spool.accept([Self.payload("paused")], now: start)
            let claimed = try await spool.claim(now: start, limit: 1, excluding: [])
            try await spool.postpone(claimed.map(\.claim), until: start.addingTimeInterval(60), reason: "Jira is down")
            #expect(try await spool.claim(now: start.addingTimeInterval(59), limit: 1, excluding: []).isEmpty)
            #expect(try await spool.claim(now: start.addingTimeInterval(61), limit: 1, excluding: []).count == 1)
            #expect(try await spool.record(claimed[0].id).lastError == "Jira is down")
        }
    }

    /// Deliveries of the same dedup key on two replicas run one after the other, never together.
    @Test func keyLocksSerialiseAcrossReplicas() async throws {
        try await Self.withSpool { spool, cluster in
            let other = PostgresSpool(url: try Self.url(cluster))
            defer { Task { try? await other.close() } }
            let events = Shared<[String]>([])
            let firstHolds = Shared<CheckedContinuation<Void, Never>?>(nil)
            let first = Task {
                try await spool.withKeysLocked(["jira|alert2jira-abc", "jira|alert2jira-def"]) {
                    events.withLock { $0.append("first in") }
                    await withCheckedContinuation { continuation in firstHolds.withLock { $0 = continuation } }
                    events.withLock { $0.append("first out") }
                }
            }
            #expect(await eventually { firstHolds.withLock { $0 != nil } })
            let second = Task {
                try await other.withKeysLocked(["jira|alert2jira-def"]) { events.withLock { $0.append("second in") } }
            }
            // The second waits for the key: it is blocked in PostgreSQL, which pg_locks shows.
            #expect(
                await eventually { (try? await cluster.psql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) == "1" }
            )
            #expect(events.withLock { $0 } == ["first in"])
            firstHolds.withLock { $0 }?.resume()
            try await first.value
            try await second.value
            #expect(events.withLock { $0 } == ["first in", "first out", "second in"])
        }
    }

    @Test func floodWindowsCountEveryReplica() async throws {
        try await Self.withSpool { spool, cluster in
            let other = PostgresSpool(url: try Self.url(cluster))
            defer { Task { try? await other.close() } }
            let now = Date()
            var admitted: [Bool] = []
            for replica in [spool, other, spool, other] {
                admitted.append(try await replica.admitNewIssue(rule: "infra", limit: 3, window: .seconds(3600), now: now).admitted)
            }
            #expect(admitted == [true, true, true, false])
            #expect(try await other.admitNewIssue(rule: "other rule", limit: 3, window: .seconds(3600), now: now).admitted)
        }
    }

    /// Replicas starting together migrate once; a schema newer than this binary is refused, untouched.
    @Test func replicasMigrateTogetherAndANewerSchemaIsRefused() async throws {
        let cluster = try await PostgresCluster.start()
        let url = try Self.url(cluster)
        let spools = (0..<4).map { _ in PostgresSpool(url: url) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for spool in spools { group.addTask { try await spool.open() } }
            try await group.waitForAll()
        }
        #expect(try await cluster.psql("SELECT version FROM alert2jira_schema") == "1")
        #expect(try await cluster.psql("SELECT count(*) FROM alert2jira_schema") == "1")
        for spool in spools { try await spool.close() }

        try await cluster.psql("UPDATE alert2jira_schema SET version = 99")
        let newer = PostgresSpool(url: url)
        await #expect(throws: SpoolError.newerSchema(location: url.description, found: 99, known: 1)) { try await newer.open() }
        try? await newer.close()
        #expect(try await cluster.psql("SELECT version FROM alert2jira_schema") == "99")
        await cluster.stop()
    }

    /// A wrong password, a user without the right to create tables, a database that is down: each is
    /// named, with what to do, and the password appears nowhere.
    @Test func badCredentialsPermissionsAndAnUnreachableDatabaseSayWhatToDo() async throws {
        let cluster = try await PostgresCluster.start()
        try await Self.checkRefusals(cluster)
        await cluster.stop()
    }

    static func checkRefusals(_ cluster: PostgresCluster) async throws {
        let wrong = PostgresSpool(url: try url(cluster, password: "not-the-password"))
        do {
            try await wrong.open()
            Issue.record("a wrong password was accepted")
        } catch {
            guard case .refused(_, let reason) = error else {
                Issue.record("expected a refusal, got \(error)")
                return
            }
            #expect(reason.contains("does not accept user alert2jira"), "\(reason)")
            #expect(!error.description.contains("not-the-password"))
        }
        try? await wrong.close()

        try await cluster.psql("CREATE ROLE limited LOGIN PASSWORD 'limited-password'")
        var limitedURL = try url(cluster)
        limitedURL.user = "limited"
        limitedURL.password = Secret("limited-password")
        let limited = PostgresSpool(url: limitedURL)
        do {
            try await limited.open()
            Issue.record("a user without CREATE on the schema made the tables")
        } catch {
            guard case .refused(_, let reason) = error else {
                Issue.record("expected a refusal, got \(error)")
                return
            }
            #expect(reason.contains("user limited may not create or migrate the spool's tables"), "\(reason)")
            #expect(reason.contains("GRANT"))
        }
        try? await limited.close()

        // Once the owner has made the tables, read and write on them is all a replica needs.
        let owner = PostgresSpool(url: try url(cluster))
        try await owner.open()
        try? await owner.close()
        try await cluster.psql(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO limited; GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO limited"
        )
        let granted = PostgresSpool(url: limitedURL)
        try await granted.open()
        #expect(try await granted.accept([payload("least privilege")]).count == 1)
        try? await granted.close()

        await cluster.stopServer()
        let down = PostgresSpool(url: try url(cluster))
        do {
            try await down.open()
            Issue.record("a stopped database was opened")
        } catch {
            guard case .unreachable = error else {
                Issue.record("expected unreachable, got \(error)")
                return
            }
            #expect(error.description.contains("postgres://alert2jira@127.0.0.1:\(cluster.port)/alert2jira"))
        }
        try? await down.close()
    }
}
