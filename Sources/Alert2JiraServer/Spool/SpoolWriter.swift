import GRDB

/// Group commit: writes asked for while a transaction is being committed wait and go together into
/// the next one, so a burst of requests costs one fsync per batch instead of one per request.
///
/// Each caller resumes only once its transaction is on disk (SQLite WAL, `synchronous = FULL`), which is
/// what lets the server answer 202 only for alerts that survive a crash. A write that fails on its own
/// (not the disk) is retried alone, so it does not take the others in its batch down with it.
actor SpoolWriter {
    private struct Job {
        let work: @Sendable (Database) throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private let pool: DatabasePool
    private var queued: [Job] = []
    private var committing = false
    /// Transactions committed so far and the writes they held, for tests and benchmarks.
    private(set) var transactions = 0
    private(set) var writes = 0

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `work` in the next group transaction and returns once that transaction is committed.
    func perform<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
            queued.append(Job(work: { try work($0) }, continuation: continuation))
            if !committing {
                committing = true
                Task { await self.commitQueued() }
            }
        }
        // The job above was built from `work`, so its value is a `T`.
        return value as! T
    }

    /// Commits batches until nothing is queued; writes queued meanwhile form the next batch.
    private func commitQueued() async {
        while !queued.isEmpty {
            let batch = queued
            queued = []
            let works = batch.map(\.work)
            do {
                let results = try await pool.write { database in try works.map { try $0(database) } }
                record(batch.count)
                for (job, result) in zip(batch, results) {
                    job.continuation.resume(returning: result)
                }
            } catch let error as DatabaseError where Self.endsTransaction(error) {
                // Nothing of the batch is on disk, and nothing more will be (disk full, I/O error).
                for job in batch {
                    job.continuation.resume(throwing: error)
                }
            } catch {
                // One write failed on its own and took the batch's transaction with it: each write
                // again in a transaction of its own, so the others still land. Rare, so not grouped.
                for job in batch {
                    do {
                        let result = try await pool.write { database in try job.work(database) }
                        record(1)
                        job.continuation.resume(returning: result)
                    } catch {
                        job.continuation.resume(throwing: error)
                    }
                }
            }
        }
        committing = false
    }

    private func record(_ count: Int) {
        transactions += 1
        writes += count
    }

    var statistics: (transactions: Int, writes: Int) { (transactions, writes) }

    /// Errors after which SQLite has rolled the transaction back (a full disk, I/O trouble).
    static func endsTransaction(_ error: DatabaseError) -> Bool {
        [.SQLITE_FULL, .SQLITE_IOERR, .SQLITE_NOMEM, .SQLITE_CORRUPT, .SQLITE_ABORT].contains(error.resultCode)
    }
}
