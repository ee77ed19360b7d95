import Foundation

/// What alert2jira knows about the issue a dedup key points to: enough to choose between counting a
/// repeat, commenting, reopening and creating anew.
struct TrackedIssue: Sendable, Equatable {
    var key: String
    var isDone: Bool
    var resolved: Date?
    /// The name of the issue's resolution, when it has one (`Done`, `Won't Do`).
    var resolution: String? = nil
    /// When the issue last heard from alert2jira (its creation, or the last comment), so repeats
    /// inside `repeat_interval` are only counted. Unknown issues use Jira's `updated`.
    var lastNotified: Date
    /// Repeats counted since the last comment; they go into the next one.
    var pendingRepeats: Int
    /// What the last comment said (without its counters), to skip identical ones.
    var lastCommentContent: String?
}
