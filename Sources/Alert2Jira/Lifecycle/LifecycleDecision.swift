import AlertModel
import AlertRules
import Contracts
import Foundation
import JSON

/// What to do with one alert, given the issue its dedup key points to (if any): the lifecycle's
/// rules in one pure function, so each case is tested without a Jira.
enum LifecycleDecision: Sendable, Equatable {
    /// Create an issue; link it to `previous` (a Done issue of the same key) when there is one.
    case create(linkTo: String?)
    case comment(issue: String, text: String, content: String)
    case update(issue: String)
    case resolve(issue: String, transition: String)
    case reopen(issue: String, transition: String)
    /// Nothing to do; `counted` repeats go into the next repeat comment.
    case skip(reason: String, counted: Bool = false)

    /// Decides for `alert` routed with `policy`; `tracked` is the key's issue, or `nil` when none.
    static func decide(alert: Alert, draft: IssueDraft, policy: LifecyclePolicy, tracked: TrackedIssue?, now: Date) -> LifecycleDecision {
        switch alert.status {
        case .resolved:
            guard let tracked, !tracked.isDone else {
                return .skip(reason: "the alert is resolved and no open issue carries \(draft.dedupLabel)")
            }
            switch policy.onResolved {
            case .none:
                return .skip(reason: "the alert is resolved; on_resolved is none, so \(tracked.key) is left as it is")
            case .comment:
                let content = "The alert is resolved" + (alert.endsAt.map { " (ended \($0))" } ?? "") + "."
                return .comment(issue: tracked.key, text: content, content: content)
            case .transition:
                return .resolve(issue: tracked.key, transition: policy.resolveTransition)
            }
        case .firing:
            if policy.onRepeat == .new { return .create(linkTo: nil) }
            guard let tracked else { return .create(linkTo: nil) }
            if tracked.isDone, let wontFix = policy.wontFixResolution, tracked.resolution?.lowercased() == wontFix.lowercased() {
                return .skip(
                    reason: "\(tracked.key) was resolved as \"\(tracked.resolution ?? wontFix)\" (wont_fix_resolution): it is not reopened, "
                        + "and no new issue is made while it stays so"
                )
            }
            if tracked.isDone {
                let resolvedAgo = tracked.resolved.map { now.timeIntervalSince($0) } ?? .infinity
                if let window = policy.reopenWindow, resolvedAgo <= window.seconds {
                    return .reopen(issue: tracked.key, transition: policy.reopenTransition)
                }
                return .create(linkTo: resolvedAgo <= policy.linkWindow.seconds ? tracked.key : nil)
            }
            switch policy.onRepeat {
            case .new:
                return .create(linkTo: nil)
            case .skip:
                return .skip(reason: "repeat of \(tracked.key); on_repeat is skip")
            case .update:
                return .update(issue: tracked.key)
            case .comment where policy.perGroup:
                // Alertmanager sends a group again when its membership changes: each change is a comment, at once.
                let content = Self.repeatContent(alert: alert, draft: draft, group: true)
                if content == tracked.lastCommentContent {
                    return .skip(reason: "repeat of \(tracked.key) with the same alerts in the group; counted", counted: true)
                }
                return .comment(issue: tracked.key, text: content, content: content)
            case .comment:
                let sinceLast = now.timeIntervalSince(tracked.lastNotified)
                if sinceLast < policy.repeatInterval.seconds {
                    return .skip(
                        reason: "repeat of \(tracked.key) within repeat_interval; counted (\(tracked.pendingRepeats + 1) since the last comment)",
                        counted: true
                    )
                }
                let content = Self.repeatContent(alert: alert, draft: draft)
                if content == tracked.lastCommentContent {
                    return .skip(reason: "repeat of \(tracked.key) with nothing new since the last comment; counted", counted: true)
                }
                let count = tracked.pendingRepeats + 1
                let text = content + "\n\nOccurrences since the last comment: \(count)."
                return .comment(issue: tracked.key, text: text, content: content)
            }
        }
    }

    /// What a repeat comment says, without its counter: the new summary and values, and the link.
    static func repeatContent(alert: Alert, draft: IssueDraft, group: Bool = false) -> String {
        // A group's comment is its membership now, so each change of it is said once and a repeat of it is skipped.
        if group { return "The group changed: \(draft.summary)\n\n\(alert.summary)" + (alert.url.map { "\n\($0)" } ?? "") }
        var lines = ["The alert fired again: \(draft.summary)"]
        if let startsAt = alert.startsAt { lines.append("Started: \(startsAt)") }
        if let amount = alert.cost?.amount {
            lines.append("Amount: \(JSONNumber(amount).text)\(alert.cost?.currency.map { " \($0)" } ?? "")")
        }
        for (name, value) in alert.annotations.sorted(by: { $0.key < $1.key }) where name == "value" || name == "values" {
            lines.append("\(name): \(value)")
        }
        if let url = alert.url { lines.append(url) }
        return lines.joined(separator: "\n")
    }
}

extension Duration {
    /// Seconds as a `TimeInterval`, for comparing with `Date` differences.
    var seconds: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
