import Foundation
import GRDB
import TestSupport
import Testing

@testable import AlertSpool

/// The spool on its own: durability settings, group commit, states, and the operator's commands.
@Suite("Spool")
struct SpoolTests {
    static func payload(_ title: String, alerts: Int = 1) -> SpoolPayload {
        SpoolPayload(
            body: Array(#"{"title": "\#(title)"}"#.utf8),
            format: "generic",
            source: "",
            items: (0..<alerts).map { SpoolPayload.Item(index: $0, title: "\(title) \($0)") }
        )
    }

    @Test func writesAreReportedOnlyAfterTheLogIsSynced() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let spool = try SQLiteSpool(directory: directory.path)
        let (mode, synchronous) = try await spool.pool.write { database in
            (try String.fetchOne(database, sql: "PRAGMA journal_mode")!, try Int.fetchOne(database, sql: "PRAGMA synchronous")!)
        }
        #expect(mode == "wal")
        // 1 is NORMAL: SQLite writes the log without waiting, and the writer syncs it itself.
        #expect(synchronous == 1)
        #expect(spool.commitStatistics().syncs == 0)
        _ = try await spool.accept([Self.payload("a")])
        let (transactions, writes, syncs) = spool.commitStatistics()
        #expect(transactions == 1)
        #expect(writes == 1)
        #expect(syncs == 1)
    }

    @Test func aLogThatCannotBeSyncedIsAnErrorNamingIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let missing = directory.path + "/gone/spool.sqlite"
        let wal = WALSync(databasePath: missing, directory: directory.path)
        #expect(throws: SpoolError.unavailable(location: directory.path, reason: "open of \(missing)-wal failed: No such file or directory")) {
            try wal.sync()
        }
    }

    @Test func acceptedAlertsSurviveClosingAndReopening() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let spool = try SQLiteSpool(directory: directory.path)
        let ids = try await spool.accept([Self.payload("a", alerts: 3), Self.payload("b")])
        #expect(ids == [1, 2, 3, 4])
        try await spool.close()
        let reopened = try SQLiteSpool(directory: directory.path)
        let records = try await reopened.list().sorted { $0.id < $1.id }
        #expect(records.map(\.title) == ["a 0", "a 1", "a 2", "b 0"])
        #expect(records.map(\.itemIndex) == [0, 1, 2, 0])
        #expect(records.allSatisfy { $0.state == .pending && $0.attempts == 0 })
        // The three alerts of one document share its bytes, stored once.
        #expect(Set(records.prefix(3).map(\.payloadID)).count == 1)
        #expect(try await reopened.record(2).payload == Array(#"{"title": "a"}"#.utf8))
    }

    @Test func concurrentAcceptsShareTransactions() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let spool = try SQLiteSpool(directory: directory.path)
        let ids = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for index in 0..<200 {
                group.addTask { try await spool.accept([Self.payload("alert \(index)")]) }
            }
            var all: [Int64] = []
            for try await ids in group { all += ids }
            return all
        }
        #expect(Set(ids).count == 200)
        let (transactions, writes, syncs) = spool.commitStatistics()
        #expect(writes == 200)
        // Writes that arrive while a batch is committed and synced go together into the next
        // transaction, and each transaction has one sync of its own: none is made for a handful of rows.
        #expect(transactions < writes)
        #expect(syncs == transactions)
        #expect(try await spool.statistics().pending == 200)
    }

    @Test func dueAlertsComeOldestFirstAndSkipThoseInFlight() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let spool = try SQLiteSpool(directory: directory.path)
        _ = try await spool.accept([Self.payload("a"), Self.payload("b"), Self.payload("c")])
        let due = try await spool.claim(now: Date().addingTimeInterval(1), limit: 2, excluding: [1])
        #expect(due.map(\.id) == [2, 3])
        #expect(due.first?.body == Array(#"{"title": "b"}"#.utf8))
        try await spool.finish(2, .retry(error: "Jira down", nextAttempt: Date().addingTimeInterval(60), deliveredRules: ["r1"]))
        let later = try await spool.claim(now: Date().addingTimeInterval(1), limit: 10, excluding: [])
        #expect(later.map(\.id) == [1, 3])
        let record = try await spool.record(2)
        #expect(record.attempts == 1)
        #expect(record.lastError == "Jira down")
        #expect(record.deliveredRules == ["r1"])
        #expect(try await spool.nextDue() != nil)
    }

    @Test func finishingChangesOnlyPendingRows() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let spool = try SQLiteSpool(directory: directory.path)
        _ = try await spool.accept([Self.payload("a"), Self.payload("b")])
        try await spool.finish(1, .dead(reason: "refused", result: "[]", deliveredRules: []))
        // A late verdict for a row that an operator retried or a later attempt finished changes nothing.
        try await spool.finish(1, .done(result: "[]", deliveredRules: []))
        #expect(try await spool.record(1).state == .dead)
        try await spool.drop(2)
        try await spool.finish(2, .done(result: "[]", deliveredRules: []))
        await #expect(throws: SpoolError.notFound(id: 2)) { try await spool.record(2) }
    }

    @Test func retryDropAndPrune() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let spool = try SQLiteSpool(directory: directory.path)
        _ = try await spool.accept([Self.payload("a"), Self.payload("b"), Self.payload("c")])
        try await spool.finish(1, .dead(reason: "refused", result: "[]", deliveredRules: []))
        try await spool.finish(2, .dead(reason: "refused", result: "[]", deliveredRules: []))
        try await spool.finish(3, .done(result: "[]", deliveredRules: ["r"]))
        try await spool.retry(1)
        #expect(try await spool.record(1).state == .pending)
        #expect(try await spool.record(1).attempts == 0)
        #expect(try await spool.retryAllDead() == 1)
        try await spool.retry(3)
        #expect(try await spool.record(3).state == .done)
        await #expect(throws: SpoolError.notFound(id: 99)) { try await spool.retry(99) }
        await #expect(throws: SpoolError.notFound(id: 99)) { try await spool.drop(99) }

        #expect(try await spool.prune(deliveredBefore: Date().addingTimeInterval(-60)) == 0)
        #expect(try await spool.prune(deliveredBefore: Date().addingTimeInterval(60)) == 1)
        let statistics = try await spool.statistics()
        #expect(statistics == SpoolStatistics(pending: 2, dead: 0, done: 0, oldestPending: statistics.oldestPending))
        #expect(statistics.oldestPending != nil)
        let payloads = try await spool.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM payload")! }
        #expect(payloads == 2)
    }

    @Test func aFullDiskIsReportedAsSuch() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let spool = try SQLiteSpool(directory: directory.path, maximumPageCount: 1)
        let large = SpoolPayload(body: Array(repeating: 0x41, count: 50_000), format: "generic", source: "", items: [.init(index: 0, title: "x")])
        await #expect(throws: SpoolError.full(location: directory.path)) { _ = try await spool.accept([large]) }
        await #expect(throws: SpoolError.self) { try await spool.checkWritable() }
    }

    @Test func oneServerPerDataDirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let first = try DataDirectoryLock(directory: directory.path)
        #expect(throws: SpoolError.locked(directory: directory.path)) { try DataDirectoryLock(directory: directory.path) }
        _ = first
    }

    @Test func aSecondProcessCanEditWhileTheServerWrites() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let server = try SQLiteSpool(directory: directory.path)
        let operator_ = try SQLiteSpool(directory: directory.path)
        _ = try await server.accept([Self.payload("a")])
        try await server.finish(1, .dead(reason: "refused", result: "[]", deliveredRules: []))
        #expect(try await operator_.retryAllDead() == 1)
        let due = try await server.claim(now: Date().addingTimeInterval(1), limit: 5, excluding: [])
        #expect(due.map(\.id) == [1])
    }
}
