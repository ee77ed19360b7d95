import CMemory
import Synchronization

/// How many bytes of request bodies the server holds at once, across every connection. Past the budget a
/// request is answered 503 and its body dropped as it comes, so a flood of large bodies costs a bounded
/// amount of memory; when the bodies are gone, the allocator is asked to give the pages back.
final class BodyBudget: Sendable {
    let limit: Int
    private let held = Atomic<Int>(0)
    /// The most held since the allocator last gave memory back.
    private let peak = Atomic<Int>(0)
    /// Bodies that peaked above this give their pages back once they are all gone.
    static let trimThreshold = 4 << 20

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes `count` bytes from the budget; `false` (taking nothing) when they do not fit.
    func reserve(_ count: Int) -> Bool {
        var current = held.load(ordering: .relaxed)
        while true {
            guard current + count <= limit else { return false }
            let (exchanged, original) = held.compareExchange(expected: current, desired: current + count, ordering: .relaxed)
            if exchanged {
                peak.max(current + count, ordering: .relaxed)
                return true
            }
            current = original
        }
    }

    /// Gives `count` bytes back. The last release after a burst returns the freed pages to the system, off
    /// the event loop: glibc keeps freed memory in its arenas otherwise, and the process would stay at its peak.
    func release(_ count: Int) {
        guard count > 0 else { return }
        let remaining = held.subtract(count, ordering: .relaxed).newValue
        guard remaining == 0, peak.load(ordering: .relaxed) >= Self.trimThreshold else { return }
        peak.store(0, ordering: .relaxed)
        Task.detached(priority: .background) {
            // Right away for the bodies, then twice more for what the burst left behind them: the spool's
            // writes, and the worker reading what was spooled.
            for delay in Self.trimDelays {
                try? await Task.sleep(for: delay)
                cmemory_trim()
            }
        }
    }

    /// When, after a burst, freed memory is handed back.
    static let trimDelays: [Duration] = [.zero, .seconds(2), .seconds(8)]

    /// Fewer malloc arenas than glibc's default of eight per core: memory freed on one thread is then
    /// found again by the next, instead of staying idle in an arena of its own after a burst.
    static func limitArenas() {
        cmemory_limit_arenas(2)
    }

    var inUse: Int { held.load(ordering: .relaxed) }
}
