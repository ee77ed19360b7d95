import AlertModel
import AlertRules
import Contracts
import Foundation
import JiraKit

extension Delivery {
    /// Alerts over a rule's `max_new_issues`: each becomes a comment on one "flood" issue per rule and
    /// window, created (like any issue, after preflight) by the first of them.
    func runFlood(_ flooded: [(item: WorkItem, windowStart: Date)], client: JiraClient, now: Date) async -> [(Int, Outcome)] {
        var results: [(Int, Outcome)] = []
        var floodIssues: [String: String] = [:]
        for (item, windowStart) in flooded {
            guard let limit = item.policy.maxNewIssues else { continue }
            let window = ISO8601DateFormatter().string(from: windowStart)
            let floodKey = DedupLabel.make(rule: item.draft.rule, project: item.draft.project, key: "flood@\(window)")
            do throws(JiraError) {
                let issueKey: String
                if let known = floodIssues[floodKey] {
                    issueKey = known
                } else if let existing = try await search([floodKey], fieldID: nil, window: .zero, client: client)[floodKey], !existing.isDone {
                    issueKey = existing.key
                } else {
                    var draft = item.draft
                    draft.summary = DraftRenderer.truncate(
                        "Alert flood: rule \(item.draft.rule) passed \(limit.count) new issues per \(Self.describe(limit.per))",
                        toUTF16: DraftRenderer.summaryLimit,
                        marker: "…"
                    )
                    draft.description =
                        "More alerts than max_new_issues allows arrived for rule \(item.draft.rule) in the window starting \(window). "
                        + "Each one is added here as a comment instead of getting an issue of its own."
                    // alert2jira's own text, not the rule's: a create screen without description leaves it out
                    // instead of refusing the flood issue for a field the rule never set.
                    draft.descriptionIsDefault = true
                    draft.descriptionLabels = []
                    draft.rawPayload = nil
                    draft.dedupLabel = floodKey
                    var policy = item.policy
                    policy.dedupField = nil
                    let pending = PendingCreate(
                        item: WorkItem(position: item.position, alert: item.alert, draft: draft, policy: policy, client: client),
                        linkTo: nil,
                        placeholder: "#flood"
                    )
                    switch await prepare(pending, client: client) {
                    case .refused(let outcome):
                        results.append((item.position, outcome))
                        continue
                    case .ready(let prepared):
                        issueKey = try await client.createIssue(prepared.request).key
                    }
                }
                floodIssues[floodKey] = issueKey
                try await client.addComment(issue: issueKey, text: item.draft.summary + (item.alert.url.map { "\n\($0)" } ?? ""))
                var outcome = Outcome(draft: item.draft, alert: item.alert)
                outcome.action = .comment
                outcome.issueKey = issueKey
                outcome.issueURL = client.browseURL(key: issueKey)
                outcome.reason = "flood control: rule \(item.draft.rule) already created \(limit.count) issues in this window; added to \(issueKey)"
                results.append((item.position, outcome))
            } catch {
                results.append((item.position, Self.failed(item, error)))
            }
        }
        return results
    }

    static func describe(_ duration: Duration) -> String {
        let seconds = Int(duration.components.seconds)
        if seconds % 86400 == 0 { return "\(seconds / 86400)d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
