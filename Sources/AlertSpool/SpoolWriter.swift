import Dispatch
import GRDB
import Synchronization

/// Group commit: writes asked for while a batch is being committed and synced wait and go together
/// into the next transaction, so a burst of requests costs one transaction and one fsync per batch
/// instead of one per request.
///
/// Each caller hears back only once its transaction is on disk (``WALSync``), which is what lets the
/// server answer 202 only for alerts that survive a crash or a power cut. A write that fails on its own
/// (not the disk) is retried alone, so it does not take the others in its batch down with it.
///
/// Commit and sync run one after the other on one queue, not overlapped: every transaction rewrites
/// whole pages of the log (the table, its three indexes, the id sequence), so the writes that arrive
/// while the disk syncs are better gathered into the next transaction than committed in small ones of
/// their own. With `Benchmarks/serve-benchmark.sh`, overlapping them wrote 15 KB per one-alert request
/// against 8.5 KB now, and took 72 µs of CPU per request against 57: the server is bound by CPU, not by
/// the disk. Callers are told through a completion: the HTTP fast path answers from its event loop
/// without a task or an actor in between.
final class SpoolWriter: Sendable {
    typealias Completion = @Sendable (Result<any Sendable, any Error>) -> Void

    private struct Job: Sendable {
        let work: @Sendable (Database) throws -> any Sendable
        let completion: Completion
    }

    /// A committed write, waiting for the sync that makes it durable.
    private struct Committed {
        let value: any Sendable
        let completion: Completion
    }

    private struct State {
        var queued: [Job] = []
        /// A drain of `queued` is scheduled or running; it takes whatever is queued when it looks.
        var writing = false
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
            guard !state.writing else { return false }
            state.writing = true
            return true
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

    /// Commits and syncs batches until nothing is queued; writes queued meanwhile form the next batch.
    private func write() {
        while let batch = takeQueued() {
            let committed = commit(batch)
            guard !committed.isEmpty else { continue }
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

    /// Empties the queue; when it is already empty, ends the drain and returns `nil`.
    private func takeQueued() -> [Job]? {
        state.withLock { state in
            guard !state.queued.isEmpty else {
                state.writing = false
                return nil
            }
            defer { state.queued = [] }
            return state.queued
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
