/// How hard to try before giving up: bounded attempts and total time, honouring `Retry-After`, and
/// backing off exponentially with full jitter otherwise so many clients don't retry in lockstep.
public struct RetryPolicy: Sendable, Equatable {
    public var maximumAttempts: Int
    /// No retry starts after this much time has passed since the first attempt.
    public var maximumTotal: Duration
    public var baseDelay: Duration
    public var maximumDelay: Duration

    public init(
        maximumAttempts: Int = 5,
        maximumTotal: Duration = .seconds(60),
        baseDelay: Duration = .milliseconds(250),
        maximumDelay: Duration = .seconds(20)
    ) {
        self.maximumAttempts = maximumAttempts
        self.maximumTotal = maximumTotal
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// Never retry: for probes where a quick answer matters more than a late one.
    public static let none = RetryPolicy(maximumAttempts: 1)

    /// The wait before attempt `attempt + 1` (`attempt` counts from 1), given what the server asked.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(retryAfter, maximumTotal) }
        let exponential = baseDelay * (1 << min(attempt - 1, 20))
        let cap = min(exponential, maximumDelay)
        let capMilliseconds = Double(cap.components.seconds) * 1000 + Double(cap.components.attoseconds) / 1e15
        return .milliseconds(Int64(Double.random(in: 0...max(1, capMilliseconds))))
    }

    /// Statuses worth retrying: rate limits and server-side trouble, never a request Jira refused.
    public static func isRetryable(status: Int) -> Bool {
        status == 429 || status == 502 || status == 503 || status == 504 || status == 500
    }
}
