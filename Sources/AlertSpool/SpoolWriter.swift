import Dispatch
import GRDB
import Synchronization

/// Group commit: writes asked for while a transaction is being committed wait and go together into
/// the next one, and commits made while the log is being synced wait together for the next sync, so a
/// burst of requests costs one fsync per batch instead of one per request.
///
/// Each caller hears back only once its transaction is on disk (``WALSync``), which is what lets the
/// server answer 202 only for alerts that survive a crash or a power cut. A write that fails on its own
/// (not the disk) is retried alone, so it does not take the others in its batch down with it.
///
/// Two serial queues form a pipeline: one runs the transactions, the other syncs the log, so the next
/// batch is written while the disk works on the last. Callers are told through a completion: the HTTP
/// fast path answers from its event loop without a task or an actor in between.
final class SpoolWriter: Sendable {
    typealias Completion = @Sendable (Result<any Sendable, any Error>) -> Void

    private struct Job: Sendable {
        let work: @Sendable (Database) throws -> any Sendable
        let completion: Completion
    }

    /// A committed write, waiting for the sync that makes it durable.
    private struct Committed: Sendable {
        let value: any Sendable
        let completion: Completion
    }

    private struct State {
        var queued: [Job] = []
        /// A drain of `queued` is scheduled or running; it takes whatever is queued when it looks.
        var writing = false
        var unsynced: [Committed] = []
        /// A sync of `unsynced` is scheduled or running.
        var syncing = false
        /// Transactions committed so far, the writes they held and the syncs that made them durable,
        /// for tests and benchmarks.
        var transactions = 0
        var writes = 0
        var syncs = 0
    }

    private let pool: DatabasePool
    private let wal: WALSync
    private let state = Mutex(State())
    private let writeQueue = DispatchQueue(label: "alert2jira.spool.write")
    private let syncQueue = DispatchQueue(label: "alert2jira.spool.sync")

    init(pool: DatabasePool, wal: WALSync) {
        self.pool = pool
        self.wal = wal
    }

    /// Runs `work` in the next group transaction; `completion` runs, on one of the writer's queues,
    /// once that transaction is on disk (or has failed).
    func submit<T: Sendable>(
        _ work: @escaping @Sendable (Database) throws -> T,
        completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        // The job's value comes from `work`, so it is a `T`.
        let job = Job(work: { try work($0) }, completion: { result in completion(result.map { $0 as! T }) })
        let startWriting = state.withLock { state in
            state.queued.append(job)
            return Self.claim(&state.writing)
        }
        if startWriting {
            writeQueue.async { self.write() }
        }
    }

    /// Runs `work` in the next group transaction and returns once that transaction is on disk.
    func perform<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit(work, completion: { continuation.resume(with: $0) })
        }
    }

    var statistics: (transactions: Int, writes: Int, syncs: Int) {
        state.withLock { ($0.transactions, $0.writes, $0.syncs) }
    }

    /// Sets `flag` and says so, unless a drain already holds it.
    private static func claim(_ flag: inout Bool) -> Bool {
        guard !flag else { return false }
        flag = true
        return true
    }

    /// Commits batches until nothing is queued; writes queued meanwhile form the next batch.
    private func write() {
        while let batch = take(\.queued, releasing: \.writing) {
            let committed = commit(batch)
            let startSyncing = state.withLock { state in
                state.unsynced += committed
                return !committed.isEmpty && Self.claim(&state.syncing)
            }
            if startSyncing {
                syncQueue.async { self.sync() }
            }
        }
    }

    /// Syncs the log until no commit waits for it; commits made meanwhile wait for the next sync.
    private func sync() {
        while let committed = take(\.unsynced, releasing: \.syncing) {
            do throws(SpoolError) {
                try wal.sync()
                state.withLock { $0.syncs += 1 }
                for write in committed { write.completion(.success(write.value)) }
            } catch {
                // The commits may or may not be on disk: nobody is told they are.
                for write in committed { write.completion(.failure(error)) }
            }
        }
    }

    /// Empties the list at `items`; when it is already empty, clears `flag` (the drain ends) and returns `nil`.
    private func take<Item: Sendable>(_ items: WritableKeyPath<State, [Item]>, releasing flag: WritableKeyPath<State, Bool>) -> [Item]? {
        state.withLock { state in
            guard !state[keyPath: items].isEmpty else {
                state[keyPath: flag] = false
                return nil
            }
            defer { state[keyPath: items] = [] }
            return state[keyPath: items]
        }
    }

    /// Runs the batch in one transaction; returns what committed. Writes that failed have been told.
    private func commit(_ batch: [Job]) -> [Committed] {
        do {
            let results = try pool.write { database in try batch.map { try $0.work(database) } }
            record(batch.count)
            return zip(batch, results).map { Committed(value: $1, completion: $0.completion) }
        } catch let error as DatabaseError where Self.endsTransaction(error) {
            // Nothing of the batch is on disk, and nothing more will be (disk full, I/O error).
            for job in batch { job.completion(.failure(error)) }
            return []
        } catch {
            // One write failed on its own and took the batch's transaction with it: each write
            // again in a transaction of its own, so the others still land. Rare, so not grouped.
            return batch.compactMap { job in
                do {
                    let value = try pool.write { database in try job.work(database) }
                    record(1)
                    return Committed(value: value, completion: job.completion)
                } catch {
                    job.completion(.failure(error))
                    return nil
                }
            }
        }
    }

    private func record(_ count: Int) {
        state.withLock { state in
            state.transactions += 1
            state.writes += count
        }
    }

    /// Errors after which SQLite has rolled the transaction back (a full disk, I/O trouble).
    static func endsTransaction(_ error: DatabaseError) -> Bool {
        [.SQLITE_FULL, .SQLITE_IOERR, .SQLITE_NOMEM, .SQLITE_CORRUPT, .SQLITE_ABORT].contains(error.resultCode)
    }
}
