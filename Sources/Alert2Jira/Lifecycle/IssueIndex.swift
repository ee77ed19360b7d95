import Foundation

/// Dedup key → issue, remembered for a few minutes so repeats within a run or a busy hour don't
/// search Jira again.
///
/// Jira stays the source of truth: entries expire after ``timeToLive``, and a key nobody has seen
/// is always searched for, so two replicas agree on the issue after at most that long.
actor IssueIndex {
    /// A lookup result; `issue == nil` remembers that no issue carries the key.
    struct Entry: Sendable {
        var issue: TrackedIssue?
        var fetched: Date
    }

    let timeToLive: TimeInterval
    private var entries: [String: Entry] = [:]
    /// Dedup field names resolved to ids, per connection.
    private var fieldIDs: [String: String] = [:]

    init(timeToLive: TimeInterval = 300) {
        self.timeToLive = timeToLive
    }

    /// The fresh entry for `key`, or `nil` when Jira must be asked.
    func entry(_ key: String, now: Date) -> Entry? {
        guard let entry = entries[key], now.timeIntervalSince(entry.fetched) < timeToLive else { return nil }
        return entry
    }

    func store(_ key: String, _ issue: TrackedIssue?, now: Date) {
        // Counters belong to the issue, not to the lookup: keep them when Jira is asked again.
        var issue = issue
        if let previous = entries[key]?.issue, var current = issue, previous.key == current.key {
            current.pendingRepeats = previous.pendingRepeats
            current.lastCommentContent = previous.lastCommentContent
            current.lastNotified = max(previous.lastNotified, current.lastNotified)
            issue = current
        }
        entries[key] = Entry(issue: issue, fetched: now)
    }

    func fieldID(connection: String, name: String) -> String? {
        fieldIDs[connection + "|" + name.lowercased()]
    }

    func rememberFieldID(connection: String, name: String, id: String) {
        fieldIDs[connection + "|" + name.lowercased()] = id
    }

    /// Changes what alert2jira knows about a key's issue after acting on it.
    func update(_ key: String, now: Date, _ change: (inout TrackedIssue) -> Void) {
        guard var issue = entries[key]?.issue else { return }
        change(&issue)
        entries[key] = Entry(issue: issue, fetched: entries[key]?.fetched ?? now)
    }

    /// Forgets everything, e.g. after the config changed.
    func removeAll() {
        entries.removeAll()
    }
}
