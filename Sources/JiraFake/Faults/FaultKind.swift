/// What an injected fault does to a request.
public enum FaultKind: String, Sendable, CaseIterable {
    /// Waits `latency_ms`, then answers normally.
    case latency
    /// Answers with `status` (429, 503, 500, …) and an optional `Retry-After`, without touching state.
    case status
    /// Closes the connection before handling the request: the client sees an empty reply.
    case drop
    /// Closes the connection with a TCP reset (`SO_LINGER` 0) before handling the request.
    case reset
    /// Handles the request (an issue really is created), then closes the connection without answering:
    /// the case that makes retries create duplicates.
    case dropAfterCommit = "drop_after_commit"
}
