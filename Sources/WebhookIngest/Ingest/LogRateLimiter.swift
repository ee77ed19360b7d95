import Synchronization

/// Lets one line of each kind through per interval and counts the rest, so a peer hammering the server with
/// bad credentials cannot fill the disk with log lines.
final class LogRateLimiter: Sendable {
    private let interval: Duration
    private let state = Mutex<[String: (last: ContinuousClock.Instant, suppressed: Int)]>([:])

    init(interval: Duration) {
        self.interval = interval
    }

    /// `nil` when the line is to be left out; otherwise how many of its kind were left out since the last one.
    func admit(_ kind: String, now: ContinuousClock.Instant = .now) -> Int? {
        state.withLock { state in
            if let entry = state[kind], now - entry.last < interval {
                state[kind]?.suppressed += 1
                return nil
            }
            let suppressed = state[kind]?.suppressed ?? 0
            state[kind] = (now, 0)
            return suppressed
        }
    }
}
