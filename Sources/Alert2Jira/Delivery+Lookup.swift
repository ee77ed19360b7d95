import AlertModel
import AlertRules
import Contracts
import Foundation
import JSON
import JiraKit

extension Delivery {
    /// Finds the issue each key points to, for the keys the index doesn't know: one JQL search per
    /// 50 labels (or per 50 values of a dedup field).
    func lookUp(_ items: [WorkItem], client: JiraClient) async throws(JiraError) {
        let now = now()
        var unknown: [String: WorkItem] = [:]
        // With replicas, what this process remembers of a key's issue may be stale: under the key's
        // cluster-wide lock, Jira is asked every time.
        let everyKey = coordinator.isShared
        for item in items where unknown[item.draft.dedupLabel] == nil {
            let remembered = everyKey ? nil : await index.entry(item.indexKey, now: now)
            if remembered == nil { unknown[item.draft.dedupLabel] = item }
        }
        guard !unknown.isEmpty else { return }
        // Done issues matter as far back as the longest reopen or link window in the batch.
        let window = items.map { max($0.policy.linkWindow, $0.policy.reopenWindow ?? .zero) }.max() ?? .zero
        let wontFix = Set(items.compactMap(\.policy.wontFixResolution))
        let byField = Dictionary(grouping: unknown.values) { $0.policy.dedupField ?? "" }
        for (field, fieldItems) in byField.sorted(by: { $0.key < $1.key }) {
            let labels = fieldItems.map(\.draft.dedupLabel).sorted()
            let fieldID = field.isEmpty ? nil : try await dedupFieldID(field, client: client)
            for start in stride(from: 0, to: labels.count, by: Self.batchLimit) {
                let chunk = Array(labels[start..<min(start + Self.batchLimit, labels.count)])
                let found = try await search(chunk, fieldID: fieldID, window: window, wontFix: wontFix, client: client)
                for label in chunk {
                    await index.store(client.connection.name + "|" + label, found[label], now: now)
                }
            }
        }
    }

    /// The issue of each label among `labels`: the open one if any, else the latest resolved one.
    /// Issues resolved as one of `wontFix` are found however long ago, because they stop new issues for good.
    func search(
        _ labels: [String],
        fieldID: String?,
        window: Duration,
        wontFix: Set<String> = [],
        client: JiraClient
    ) async throws(JiraError) -> [String: TrackedIssue] {
        let match = fieldID.map { JQL.text(field: $0, containsAnyOf: labels) } ?? JQL.labels(labels)
        let wontFixClause = wontFix.sorted().map { " OR resolution = \(JQL.string($0))" }.joined()
        let jql = "\(match) AND (statusCategory != Done OR resolutiondate >= \(JQL.ago(window))\(wontFixClause)) ORDER BY created DESC"
        var fields = ["summary", "status", "labels", "resolutiondate", "resolution", "created", "updated"]
        if let fieldID { fields.append(fieldID) }
        let issues = try await client.search(jql: jql, fields: fields)
        var best: [String: IssueSummary] = [:]
        let wanted = Set(labels)
        for issue in issues {
            // `~` is a word search: keep only issues whose field holds exactly one of the labels.
            let carried = fieldID.map { issue.fields[$0]?.stringValue.map { [$0] } ?? [] } ?? issue.labels
            for label in carried where wanted.contains(label) {
                guard let current = best[label] else {
                    best[label] = issue
                    continue
                }
                if Self.prefer(issue, over: current) { best[label] = issue }
            }
        }
        return best.mapValues { issue in
            TrackedIssue(
                key: issue.key,
                isDone: issue.isDone,
                resolved: issue.resolutionDate,
                resolution: issue.fields["resolution"]?["name"]?.stringValue,
                lastNotified: issue.updated ?? issue.created ?? .distantPast,
                pendingRepeats: 0,
                lastCommentContent: nil
            )
        }
    }

    /// Open beats done; among open issues the newest; among done ones the latest resolved.
    static func prefer(_ candidate: IssueSummary, over current: IssueSummary) -> Bool {
        if candidate.isDone != current.isDone { return !candidate.isDone }
        if candidate.isDone {
            return (candidate.resolutionDate ?? .distantPast) > (current.resolutionDate ?? .distantPast)
        }
        return (candidate.created ?? .distantPast) > (current.created ?? .distantPast)
    }

    /// The id of the dedup field named in a rule (`Alert fingerprint` or `customfield_10061`).
    func dedupFieldID(_ field: String, client: JiraClient) async throws(JiraError) -> String {
        if FieldSchema.isCustomFieldID(field) { return field }
        if let known = await index.fieldID(connection: client.connection.name, name: field) { return known }
        let fields = try await client.siteFields()
        guard let match = fields.first(where: { $0["name"]?.stringValue?.lowercased() == field.lowercased() }), let id = match["id"]?.stringValue
        else {
            throw .notFound(message: "dedup field \"\(field)\" does not exist on connection \"\(client.connection.name)\"")
        }
        await index.rememberFieldID(connection: client.connection.name, name: field, id: id)
        return id
    }
}
