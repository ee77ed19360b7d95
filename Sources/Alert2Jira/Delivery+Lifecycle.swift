import AlertModel
import AlertRules
import Contracts
import Foundation
import JSON
import JiraKit

extension Delivery {
    /// A create decided for a batch, before it is sent; `placeholder` stands for its key until then.
    struct PendingCreate: Sendable {
        let item: WorkItem
        let linkTo: String?
        let placeholder: String
    }

    /// A comment, update, resolve or reopen decided for a batch.
    struct FollowUp: Sendable {
        let item: WorkItem
        let decision: LifecycleDecision
    }

    /// Decides every item in order (later items see what earlier ones will do to their key), then
    /// sends the creates, then the follow-ups.
    func decideAndRun(_ items: [WorkItem], client: JiraClient, dryRun: Bool) async -> [(Int, Outcome)] {
        let now = now()
        var state: [String: TrackedIssue] = [:]
        var known: Set<String> = []
        var outcomes: [Int: Outcome] = [:]
        var creates: [PendingCreate] = []
        var followUps: [String: [FollowUp]] = [:]
        var flooded: [(item: WorkItem, windowStart: Date)] = []
        var counted: [String] = []
        var pendingSkips: [Int: String] = [:]

        for item in items {
            let key = item.indexKey
            if item.policy.onRepeat != .new, !known.contains(key) {
                known.insert(key)
                if let issue = await index.entry(key, now: now)?.issue { state[key] = issue }
            }
            let tracked = item.policy.onRepeat == .new ? nil : state[key]
            let decision = LifecycleDecision.decide(alert: item.alert, draft: item.draft, policy: item.policy, tracked: tracked, now: now)
            switch decision {
            case .create(let linkTo):
                if !dryRun, let limit = item.policy.maxNewIssues {
                    let admission: (admitted: Bool, windowStart: Date)
                    do throws(CoordinationError) {
                        admission = try await coordinator.admitNewIssue(rule: item.draft.rule, limit: limit.count, window: limit.per, now: now)
                    } catch {
                        outcomes[item.position] = Self.uncoordinated(item, error)
                        continue
                    }
                    if !admission.admitted {
                        flooded.append((item, admission.windowStart))
                        continue
                    }
                }
                let placeholder = "#new-\(creates.count)"
                creates.append(PendingCreate(item: item, linkTo: linkTo, placeholder: placeholder))
                state[key] = TrackedIssue(
                    key: placeholder,
                    isDone: false,
                    resolved: nil,
                    lastNotified: now,
                    pendingRepeats: 0,
                    lastCommentContent: Self.groupContent(item)
                )
            case .skip(let reason, let isCounted):
                var outcome = Outcome(draft: item.draft, alert: item.alert)
                outcome.action = .skip
                outcome.reason = reason
                if let issue = tracked {
                    // A skip of an issue this batch creates learns its key once the create is done.
                    if issue.key.hasPrefix("#") { pendingSkips[item.position] = issue.key } else { outcome.issueKey = issue.key }
                }
                outcomes[item.position] = outcome
                if isCounted {
                    state[key]?.pendingRepeats += 1
                    counted.append(key)
                }
            case .comment(_, _, let content):
                followUps[key, default: []].append(FollowUp(item: item, decision: decision))
                state[key]?.lastNotified = now
                state[key]?.pendingRepeats = 0
                state[key]?.lastCommentContent = content
            case .update:
                followUps[key, default: []].append(FollowUp(item: item, decision: decision))
                state[key]?.lastNotified = now
            case .resolve:
                followUps[key, default: []].append(FollowUp(item: item, decision: decision))
                state[key]?.isDone = true
                state[key]?.resolved = now
                state[key]?.resolution = item.policy.resolution
            case .reopen:
                followUps[key, default: []].append(FollowUp(item: item, decision: decision))
                state[key]?.isDone = false
                state[key]?.resolution = nil
                state[key]?.lastNotified = now
            }
        }
        if !dryRun {
            for key in counted { await index.update(key, now: now) { $0.pendingRepeats += 1 } }
        }

        let (createOutcomes, createdKeys) = await runCreates(creates, client: client, dryRun: dryRun, now: now)
        outcomes.merge(createOutcomes) { _, new in new }
        for (position, placeholder) in pendingSkips {
            outcomes[position]?.issueKey = createdKeys[placeholder]
            outcomes[position]?.issueURL = createdKeys[placeholder].map { client.browseURL(key: $0) }
        }
        for (position, outcome) in await runFollowUps(followUps, createdKeys: createdKeys, client: client, dryRun: dryRun, now: now) {
            outcomes[position] = outcome
        }
        for (position, outcome) in await runFlood(flooded, client: client, now: now) {
            outcomes[position] = outcome
        }
        return outcomes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Comments, updates, resolves and reopens: keys in parallel, each key's in order.
    private func runFollowUps(
        _ followUps: [String: [FollowUp]],
        createdKeys: [String: String],
        client: JiraClient,
        dryRun: Bool,
        now: Date
    ) async -> [(Int, Outcome)] {
        let groups = followUps.sorted { $0.key < $1.key }.map(\.value)
        var results: [(Int, Outcome)] = []
        await withTaskGroup(of: [(Int, Outcome)].self) { group in
            var running = 0
            for followUpsOfKey in groups {
                if running >= concurrency, let finished = await group.next() {
                    results += finished
                    running -= 1
                }
                running += 1
                group.addTask {
                    var done: [(Int, Outcome)] = []
                    for followUp in followUpsOfKey {
                        done.append(
                            (followUp.item.position, await self.run(followUp, createdKeys: createdKeys, client: client, dryRun: dryRun, now: now))
                        )
                    }
                    return done
                }
            }
            for await finished in group { results += finished }
        }
        return results
    }

    private func run(_ followUp: FollowUp, createdKeys: [String: String], client: JiraClient, dryRun: Bool, now: Date) async -> Outcome {
        let item = followUp.item
        var outcome = Outcome(draft: item.draft, alert: item.alert)
        /// The issue the follow-up acts on, recorded in the outcome with the action and why; `nil` when that
        /// issue was never created.
        func act(on issue: String, _ action: Outcome.Action, because reason: (String) -> String) -> String? {
            guard let key = issue.hasPrefix("#") ? createdKeys[issue] : issue else { return nil }
            outcome.action = action
            outcome.reason = reason(key)
            outcome.issueKey = key
            return key
        }
        /// Transitions the issue, or records in the outcome why it can't be; whether it moved.
        func move(_ key: String, with transitionName: String, resolution: String?) async throws(JiraError) -> Bool {
            guard
                let refusal = try await transition(
                    key,
                    named: transitionName,
                    resolution: resolution,
                    rule: item.draft.rule,
                    client: client,
                    dryRun: dryRun
                )
            else { return true }
            outcome.action = .refused
            outcome.problems.append(refusal)
            return false
        }
        do throws(JiraError) {
            switch followUp.decision {
            case .comment(let issue, let text, let content):
                let resolved = item.alert.status == .resolved
                guard
                    let key = act(on: issue, .comment, because: { resolved ? "the alert is resolved: comment on \($0)" : "repeat of \($0): comment" })
                else { return Self.notCreated(item) }
                guard !dryRun else { break }
                try await client.addComment(issue: key, text: text)
                await index.update(item.indexKey, now: now) {
                    $0.lastNotified = now
                    $0.pendingRepeats = 0
                    $0.lastCommentContent = content
                }
            case .update(let issue):
                guard let key = act(on: issue, .update, because: { "repeat of \($0): summary and description rewritten (on_repeat: update)" })
                else { return Self.notCreated(item) }
                let flavor = try await client.flavor()
                let description = IssueRequestBuilder(flavor: flavor).baseFields(item.draft)["description"] ?? .null
                // Only what the edit screen allows: a field off it makes Jira refuse the whole edit.
                let editable = try await client.editableFields(of: key, kind: "\(item.draft.project)/\(item.draft.issueType)")
                var fields = JSONObject()
                var leftOut: [String] = []
                for (name, value) in [("summary", JSONValue.string(item.draft.summary)), ("description", description)] {
                    if editable.contains(name) { fields[name] = value } else { leftOut.append(name) }
                }
                if !leftOut.isEmpty {
                    outcome.problems.append(
                        "\(leftOut.joined(separator: " and ")) \(leftOut.count == 1 ? "is" : "are") not on the edit screen of "
                            + "\(item.draft.project) / \(item.draft.issueType), so the update leaves \(leftOut.count == 1 ? "it" : "them") out"
                    )
                }
                guard !fields.isEmpty else {
                    outcome.action = .skip
                    outcome.reason = "repeat of \(key): on_repeat is update, but the edit screen has neither summary nor description"
                    break
                }
                guard !dryRun else { break }
                try await client.editIssue(key, fields: fields)
                await index.update(item.indexKey, now: now) { $0.lastNotified = now }
            case .resolve(let issue, let transitionName):
                guard let key = act(on: issue, .transition, because: { "the alert is resolved: transition \($0) with \"\(transitionName)\"" })
                else { return Self.notCreated(item) }
                guard try await move(key, with: transitionName, resolution: item.policy.resolution) else { return outcome }
                guard !dryRun else { break }
                await index.update(item.indexKey, now: now) {
                    $0.isDone = true
                    $0.resolved = now
                    $0.resolution = item.policy.resolution
                }
            case .reopen(let issue, let transitionName):
                guard
                    let key = act(
                        on: issue,
                        .transition,
                        because: { "the alert fired again within reopen_window: reopen \($0) with \"\(transitionName)\"" }
                    )
                else { return Self.notCreated(item) }
                if !item.policy.reopenIsExplicit,
                    let refusal = try await transition(
                        key,
                        named: transitionName,
                        resolution: nil,
                        rule: item.draft.rule,
                        client: client,
                        dryRun: dryRun
                    )
                {
                    // Reopening is on by default; a workflow without the transition gets a comment on the resolved
                    // issue instead, so a flapping alert still stays on one issue.
                    outcome.action = .comment
                    outcome.reason =
                        "the alert fired again within reopen_window (24h by default), but \(refusal); commented on \(key) instead "
                        + "(set dedup.reopen_transition, or reopen_window: 0s for a new issue each time)"
                    guard !dryRun else { break }
                    try await client.addComment(
                        issue: key,
                        text: "The alert fired again after this issue was resolved.\n\n\(item.draft.summary)"
                    )
                    await index.update(item.indexKey, now: now) { $0.lastNotified = now }
                    break
                }
                if item.policy.reopenIsExplicit {
                    guard try await move(key, with: transitionName, resolution: nil) else { return outcome }
                }
                guard !dryRun else { break }
                try await client.addComment(
                    issue: key,
                    text: "The alert fired again after being resolved, so alert2jira reopened this issue.\n\n\(item.draft.summary)"
                )
                await index.update(item.indexKey, now: now) {
                    $0.isDone = false
                    $0.resolution = nil
                    $0.lastNotified = now
                }
            case .create, .skip:
                break
            }
        } catch {
            return Self.failed(item, error)
        }
        outcome.issueURL = outcome.issueKey.map { client.browseURL(key: $0) }
        return outcome
    }

    /// What a new group issue already says of its members, so the same notification sent again is no comment.
    static func groupContent(_ item: WorkItem) -> String? {
        item.policy.perGroup ? LifecycleDecision.repeatContent(alert: item.alert, draft: item.draft, group: true) : nil
    }

    static func notCreated(_ item: WorkItem) -> Outcome {
        var outcome = Outcome(draft: item.draft, alert: item.alert)
        outcome.action = .failed
        outcome.problems.append("the issue this alert repeats was not created (see the earlier alert with the same dedup key)")
        outcome.failureStatus = .someFailed
        return outcome
    }

    /// Moves an issue through the transition called `name` (only checks, in a dry run), or says why it can't:
    /// the transition isn't available from the issue's status, or its screen requires a field the rule can't fill.
    /// A preview asks Jira the same questions as the real run, so it refuses what the run would refuse.
    func transition(
        _ key: String,
        named name: String,
        resolution: String?,
        rule: String,
        client: JiraClient,
        dryRun: Bool = false
    ) async throws(JiraError) -> String? {
        let available = try await client.transitions(of: key)
        guard let transition = available.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            return
                "transition \"\(name)\" is not available for \(key) from its current status; available: \(available.map(\.name).joined(separator: ", "))"
        }
        var fields = JSONObject()
        for field in transition.fields {
            if field.id == "resolution", let resolution {
                fields["resolution"] = ["name": .string(resolution)]
            } else if field.required, !field.hasDefaultValue {
                let hint = field.id == "resolution" ? "set resolution: in rule \"\(rule)\"" : "the rule can't fill it"
                return "transition \"\(transition.name)\" of \(key) requires field \"\(field.name)\" (\(field.id)); \(hint)"
            }
        }
        if !dryRun { try await client.transition(key, id: transition.id, fields: fields) }
        return nil
    }
}
