import AlertModel
import AlertRules
import Contracts
import Foundation
import JSON
import JiraKit

extension Delivery {
    /// A create that passed preflight, ready to send.
    struct PreparedCreate: Sendable {
        let pending: PendingCreate
        var request: IssueRequest
        var notes: [String]
    }

    /// Preflights and sends the batch's creates, 50 to a bulk request. Returns the outcomes, and the
    /// real key of each placeholder that was created.
    func runCreates(_ creates: [PendingCreate], client: JiraClient, dryRun: Bool, now: Date) async -> ([Int: Outcome], [String: String]) {
        var outcomes: [Int: Outcome] = [:]
        var prepared: [PreparedCreate] = []
        for pending in creates {
            switch await prepare(pending, client: client) {
            case .ready(let create): prepared.append(create)
            case .refused(let outcome): outcomes[pending.item.position] = outcome
            }
        }
        if dryRun {
            for create in prepared {
                var outcome = Self.createOutcome(create)
                outcome.reason =
                    create.pending.linkTo.map { "no open issue carries \(create.pending.item.draft.dedupLabel); the new issue will link to \($0)" }
                    ?? "no open issue carries \(create.pending.item.draft.dedupLabel)"
                outcomes[create.pending.item.position] = outcome
            }
            return (outcomes, [:])
        }
        var keys: [String: String] = [:]
        let chunks = stride(from: 0, to: prepared.count, by: Self.batchLimit).map { Array(prepared[$0..<min($0 + Self.batchLimit, prepared.count)]) }
        await withTaskGroup(of: [(PreparedCreate, Result<CreatedIssue, JiraError>)].self) { group in
            var running = 0
            for chunk in chunks {
                if running >= concurrency, let finished = await group.next() {
                    record(finished)
                    running -= 1
                }
                running += 1
                group.addTask { await self.send(chunk, client: client) }
            }
            for await finished in group { record(finished) }
        }
        func record(_ results: [(PreparedCreate, Result<CreatedIssue, JiraError>)]) {
            for (create, result) in results {
                let item = create.pending.item
                switch result {
                case .success(let issue):
                    var outcome = Self.createOutcome(create)
                    outcome.issueKey = issue.key
                    outcome.issueURL = issue.url
                    outcome.reason = "no open issue carried \(item.draft.dedupLabel)"
                    outcomes[item.position] = outcome
                    keys[create.pending.placeholder] = issue.key
                case .failure(let error):
                    var outcome = Self.failed(item, error)
                    outcome.request = create.request
                    outcomes[item.position] = outcome
                }
            }
        }
        for create in prepared {
            guard let key = keys[create.pending.placeholder] else { continue }
            let item = create.pending.item
            await index.store(
                item.indexKey,
                TrackedIssue(
                    key: key,
                    isDone: false,
                    resolved: nil,
                    lastNotified: now,
                    pendingRepeats: 0,
                    lastCommentContent: Self.groupContent(item)
                ),
                now: now
            )
            if let previous = create.pending.linkTo {
                do throws(JiraError) {
                    try await client.link(key, to: previous)
                    outcomes[item.position]?.reason = "no open issue carried \(item.draft.dedupLabel); linked to \(previous), resolved earlier"
                } catch {
                    outcomes[item.position]?.problems.append("created, but linking it to \(previous) failed: \(error)")
                }
            }
        }
        return (outcomes, keys)
    }

    /// Create metadata and preflight for a draft alone, whatever its dedup key points to (for `check --online`).
    public func preflight(_ alert: Alert, _ draft: IssueDraft) async -> Outcome {
        guard let name = draft.connection, let client = clients[name] else {
            var outcome = Outcome(draft: draft, alert: alert)
            outcome.action = .refused
            outcome.problems.append("no Jira connection is configured for project \(draft.project)")
            return outcome
        }
        let policy = pipeline.lifecycle(ofRule: draft.rule)
        let item = WorkItem(position: 0, alert: alert, draft: draft, policy: policy, client: client)
        switch await prepare(PendingCreate(item: item, linkTo: nil, placeholder: "#check"), client: client) {
        case .ready(let create): return Self.createOutcome(create)
        case .refused(let outcome): return outcome
        }
    }

    static func createOutcome(_ create: PreparedCreate) -> Outcome {
        var outcome = Outcome(draft: create.pending.item.draft, alert: create.pending.item.alert)
        outcome.request = create.request
        outcome.problems += create.notes
        return outcome
    }

    /// A create after preflight: ready to send, or refused (or failed) with its outcome.
    enum Preparation: Sendable {
        case ready(PreparedCreate)
        case refused(Outcome)
    }

    /// Create metadata and preflight for one create: the shaped request, or the refused outcome.
    func prepare(_ pending: PendingCreate, client: JiraClient) async -> Preparation {
        let item = pending.item
        var outcome = Outcome(draft: item.draft, alert: item.alert)
        do throws(JiraError) {
            let flavor = try await client.flavor()
            let draft = Self.addingDedup(to: item.draft, policy: item.policy)
            switch try await client.createMetadata(project: draft.project, issueTypeName: draft.issueType) {
            case .failure(let refusal):
                Self.refuse(&outcome, refusal)
            case .success(let metadata):
                switch Preflight(flavor: flavor).check(draft, metadata: metadata) {
                case .failure(let refusal):
                    Self.refuse(&outcome, refusal)
                case .success(let (request, notes)):
                    return .ready(PreparedCreate(pending: pending, request: request, notes: notes))
                }
            }
        } catch {
            return .refused(Self.failed(item, error))
        }
        return .refused(outcome)
    }

    static func refuse(_ outcome: inout Outcome, _ refusal: Refusal) {
        outcome.action = .refused
        outcome.problems += refusal.reasons.map { "project \(refusal.project) / \(refusal.issueType): \($0)" }
    }

    /// Sends one chunk (bulk for two or more). A lost answer is resolved by searching for the chunk's
    /// labels before anything is sent again, so an issue Jira made but never confirmed isn't made
    /// twice; a field Jira refuses after preflight passed refreshes the metadata and tries once more.
    func send(_ chunk: [PreparedCreate], client: JiraClient) async -> [(PreparedCreate, Result<CreatedIssue, JiraError>)] {
        var chunk = chunk
        var results: [Int: Result<CreatedIssue, JiraError>] = [:]
        var remaining = Array(chunk.indices)
        for attempt in 1...2 {
            let requests = remaining.map { chunk[$0].request }
            var answers: [Result<CreatedIssue, JiraError>]
            do throws(JiraError) {
                answers = requests.count == 1 ? [.success(try await client.createIssue(requests[0]))] : try await client.createIssues(requests)
            } catch .outcomeUnknown(let connection, let reason) {
                let recovered = await recover(remaining.map { chunk[$0] }, client: client)
                answers = recovered.map { issue -> Result<CreatedIssue, JiraError> in
                    guard let issue else { return .failure(.outcomeUnknown(connection: connection, reason: reason)) }
                    return .success(issue)
                }
            } catch {
                answers = Array(repeating: .failure(error), count: requests.count)
            }
            var retry: [Int] = []
            for (offset, answer) in zip(remaining, answers) {
                switch answer {
                case .failure(.outcomeUnknown) where attempt == 1:
                    // Not found after the lost answer: it was never made; send it again.
                    retry.append(offset)
                case .failure(.rejected(_, _, let fieldErrors, _)) where attempt == 1 && !fieldErrors.isEmpty:
                    // Jira knows something the cached metadata didn't: check again with fresh metadata.
                    await client.invalidateMetadata(project: chunk[offset].request.body["fields"]?["project"]?["key"]?.stringValue ?? "")
                    switch await prepare(chunk[offset].pending, client: client) {
                    case .ready(let fresh):
                        chunk[offset].request = fresh.request
                        retry.append(offset)
                    case .refused:
                        results[offset] = answer
                    }
                default:
                    results[offset] = answer
                }
            }
            remaining = retry
            if remaining.isEmpty { break }
        }
        for offset in remaining where results[offset] == nil {
            results[offset] = .failure(
                .temporarilyUnavailable(connection: client.connection.name, reason: "the create could not be confirmed", retryAfter: nil)
            )
        }
        return chunk.indices.map { (chunk[$0], results[$0]!) }
    }

    /// After a lost answer: which of these issues exist already (found by their dedup labels).
    func recover(_ creates: [PreparedCreate], client: JiraClient) async -> [CreatedIssue?] {
        let labels = creates.map(\.pending.item.draft.dedupLabel)
        let fieldID: String?
        if let field = creates.first?.pending.item.policy.dedupField {
            fieldID = try? await dedupFieldID(field, client: client)
        } else {
            fieldID = nil
        }
        guard let found = try? await search(labels, fieldID: fieldID, window: .seconds(3600), client: client) else {
            return Array(repeating: nil, count: creates.count)
        }
        return labels.map { label in
            found[label].flatMap { $0.isDone ? nil : CreatedIssue(id: "", key: $0.key, url: client.browseURL(key: $0.key)) }
        }
    }
}
