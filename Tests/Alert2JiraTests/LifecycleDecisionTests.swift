import AlertModel
import AlertRules
import Contracts
import Foundation
import Testing

@testable import Alert2Jira

/// The lifecycle's rules, case by case, without a Jira.
@Suite("Lifecycle decisions")
struct LifecycleDecisionTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let draft = IssueDraft(
        rule: "r",
        connection: "c",
        project: "OPS",
        issueType: "Task",
        summary: "Disk full",
        description: "",
        dedupKey: "k",
        dedupLabel: "alert2jira-0123456789abcdef"
    )

    func alert(_ status: AlertStatus = .firing) -> Alert {
        Alert(source: "generic", status: status, title: "Disk full", url: "https://grafana/x")
    }

    func open(notifiedAgo: TimeInterval, pending: Int = 0, content: String? = nil) -> TrackedIssue {
        TrackedIssue(
            key: "OPS-1",
            isDone: false,
            resolved: nil,
            lastNotified: now - notifiedAgo,
            pendingRepeats: pending,
            lastCommentContent: content
        )
    }

    func done(resolvedAgo: TimeInterval) -> TrackedIssue {
        TrackedIssue(
            key: "OPS-1",
            isDone: true,
            resolved: now - resolvedAgo,
            lastNotified: now - resolvedAgo,
            pendingRepeats: 0,
            lastCommentContent: nil
        )
    }

    func decide(_ alert: Alert, _ policy: LifecyclePolicy, _ tracked: TrackedIssue?) -> LifecycleDecision {
        LifecycleDecision.decide(alert: alert, draft: draft, policy: policy, tracked: tracked, now: now)
    }

    func decide(_ alert: Alert, _ tracked: TrackedIssue?) -> LifecycleDecision {
        decide(alert, LifecyclePolicy(), tracked)
    }

    @Test func aNewAlertCreates() {
        #expect(decide(alert(), nil) == .create(linkTo: nil))
    }

    @Test func repeatsWithinTheIntervalAreOnlyCounted() {
        #expect(
            decide(alert(), open(notifiedAgo: 600, pending: 2))
                == .skip(reason: "repeat of OPS-1 within repeat_interval; counted (3 since the last comment)", counted: true)
        )
    }

    @Test func aRepeatAfterTheIntervalCommentsWithTheCount() {
        guard case .comment(let issue, let text, let content) = decide(alert(), open(notifiedAgo: 7200, pending: 4)) else {
            Issue.record("expected a comment")
            return
        }
        #expect(issue == "OPS-1")
        #expect(content == "The alert fired again: Disk full\nhttps://grafana/x")
        #expect(text == content + "\n\nOccurrences since the last comment: 5.")
    }

    @Test func aRepeatIdenticalToTheLastCommentIsSkipped() {
        let content = LifecycleDecision.repeatContent(alert: alert(), draft: draft)
        #expect(
            decide(alert(), open(notifiedAgo: 7200, content: content))
                == .skip(reason: "repeat of OPS-1 with nothing new since the last comment; counted", counted: true)
        )
    }

    @Test func onRepeatUpdateSkipAndNew() {
        var policy = LifecyclePolicy()
        policy.onRepeat = .update
        #expect(decide(alert(), policy, open(notifiedAgo: 0)) == .update(issue: "OPS-1"))
        policy.onRepeat = .skip
        #expect(decide(alert(), policy, open(notifiedAgo: 0)) == .skip(reason: "repeat of OPS-1; on_repeat is skip"))
        policy.onRepeat = .new
        #expect(decide(alert(), policy, open(notifiedAgo: 0)) == .create(linkTo: nil))
    }

    @Test func aDoneIssueInsideTheReopenWindowIsReopened() {
        var policy = LifecyclePolicy()
        policy.reopenWindow = .seconds(3600)
        #expect(decide(alert(), policy, done(resolvedAgo: 600)) == .reopen(issue: "OPS-1", transition: "Reopen"))
    }

    @Test func aDoneIssueOutsideTheReopenWindowIsReplacedAndLinked() {
        var policy = LifecyclePolicy()
        policy.reopenWindow = .seconds(3600)
        #expect(decide(alert(), policy, done(resolvedAgo: 7200)) == .create(linkTo: "OPS-1"))
        #expect(decide(alert(), policy, done(resolvedAgo: 40 * 86400)) == .create(linkTo: nil))
    }

    @Test func resolvedAlertsCommentTransitionOrNothing() {
        var policy = LifecyclePolicy()
        #expect(
            decide(alert(.resolved), open(notifiedAgo: 0))
                == .comment(issue: "OPS-1", text: "The alert is resolved.", content: "The alert is resolved.")
        )
        policy.onResolved = .transition
        policy.resolveTransition = "Resolve"
        #expect(decide(alert(.resolved), policy, open(notifiedAgo: 0)) == .resolve(issue: "OPS-1", transition: "Resolve"))
        policy.onResolved = .none
        guard case .skip = decide(alert(.resolved), policy, open(notifiedAgo: 0)) else {
            Issue.record("expected a skip")
            return
        }
    }

    @Test func aResolvedAlertWithoutAnOpenIssueDoesNothing() {
        #expect(decide(alert(.resolved), nil) == .skip(reason: "the alert is resolved and no open issue carries alert2jira-0123456789abcdef"))
        guard case .skip = decide(alert(.resolved), done(resolvedAgo: 60)) else {
            Issue.record("expected a skip")
            return
        }
    }

    @Test func dedupLabelsSeparateRulesProjectsAndKeys() {
        let base = DedupLabel.make(rule: "r", project: "OPS", key: "k")
        #expect(base.hasPrefix("alert2jira-") && base.count == "alert2jira-".count + 16)
        #expect(DedupLabel.make(rule: "r2", project: "OPS", key: "k") != base)
        #expect(DedupLabel.make(rule: "r", project: "SRE", key: "k") != base)
        #expect(DedupLabel.make(rule: "r", project: "OPS", key: "k2") != base)
        #expect(DedupLabel.make(rule: "r", project: "OPS", key: "k") == base)
    }
}
