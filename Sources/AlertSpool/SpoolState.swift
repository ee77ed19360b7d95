/// Where an accepted alert stands: waiting for Jira, finished, or given up on until a human acts.
public enum SpoolState: String, Sendable, Equatable, CaseIterable {
    /// Accepted and not yet delivered; retried with backoff while Jira is down or rate-limiting.
    case pending
    /// Delivered (or nothing to do: unmatched, skipped); pruned after the retention time.
    case done
    /// A permanent failure (a refusal, a 4xx that is not 429) or given up after `give_up_after`;
    /// kept until `alert2jira spool retry` or `drop`.
    case dead
}
