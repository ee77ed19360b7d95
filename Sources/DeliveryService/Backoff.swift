/// How long a pending alert waits before its next attempt: what Jira asked for (`Retry-After`), else
/// exponential from `initial` up to `maximum`, with jitter so a crowd of alerts does not retry in lockstep.
public struct Backoff: Sendable, Equatable {
    public var initial: Duration
    public var maximum: Duration

    /// Waits Jira asks for beyond this are capped: an hour is long enough to come back and ask again.
    static let longestRetryAfter = Duration.seconds(3600)

    public init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = max(initial, maximum)
    }

    /// The wait after the `attempt`-th failed attempt (counting from 1).
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(max(retryAfter, .milliseconds(1)), Self.longestRetryAfter) }
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(initial * (1 << exponent), maximum)
        // Half fixed, half random: never much shorter than the schedule, never in lockstep.
        let ceilingMilliseconds = Self.milliseconds(ceiling)
        let half = ceilingMilliseconds / 2
        return .milliseconds(half + Int64.random(in: 0...max(0, ceilingMilliseconds - half)))
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
