import AlertModel
import AlertRules
import Contracts
import Foundation
import JiraKit

/// Turns planned alerts into Jira work through one ``JiraClient`` per connection: finds the issue
/// each alert's dedup key points to, then creates, comments, updates, resolves or reopens — the
/// rule's lifecycle — with create metadata and preflight before every create.
///
/// Works on batches: one JQL search finds the issues of up to 50 keys, and new issues go out 50 per
/// bulk request, so a burst of alerts costs a handful of Jira requests. Alerts sharing a key are
/// handled in order, under a per-key lock, so a burst of identical alerts makes one issue.
///
/// With `dryRun` nothing is written: `--dry-run --online` shows, per alert, the action Jira would see
/// and the exact create body, refusals included.
public struct Delivery: Sendable {
    public let pipeline: Pipeline
    public let clients: [String: JiraClient]
    /// Follow-up calls (comments, transitions) in flight at once, and bulk requests in flight.
    public let concurrency: Int
    let index: IssueIndex
    /// Who else delivers: nobody (one process), or replicas sharing a spool.
    let coordinator: any DeliveryCoordinator
    let now: @Sendable () -> Date

    /// At most this many keys in one search, and issues in one bulk create (Jira's own bulk limit).
    static let batchLimit = 50

    public init(
        pipeline: Pipeline,
        clients: [String: JiraClient],
        concurrency: Int = 4,
        coordinator: any DeliveryCoordinator = ProcessCoordinator(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.pipeline = pipeline
        self.clients = clients
        self.concurrency = max(1, concurrency)
        self.coordinator = coordinator
        self.index = IssueIndex()
        self.now = now
    }

    /// libcurl with the connection's TLS settings and timeouts, keeping up to `concurrency` connections open.
    public static func curlTransport(for connection: ConnectionConfig, concurrency: Int) -> CurlTransport {
        CurlTransport(
            options: CurlTransport.Options(
                caFile: connection.caFile,
                insecureSkipVerify: connection.insecureSkipVerify,
                connectTimeout: connection.connectTimeout,
                requestTimeout: connection.requestTimeout,
                maximumConnections: max(1, concurrency)
            )
        )
    }

    /// A client per configured connection, over libcurl.
    public static func curlClients(for config: Config, concurrency: Int) -> [String: JiraClient] {
        var clients: [String: JiraClient] = [:]
        for (name, connection) in config.connections {
            clients[name] = JiraClient(connection: connection, transport: curlTransport(for: connection, concurrency: concurrency))
        }
        return clients
    }

    /// Warnings worth printing before anything is sent.
    public static func startupWarnings(for config: Config) -> [String] {
        config.connections.values.sorted { $0.name < $1.name }.compactMap { connection in
            connection.insecureSkipVerify
                ? "connection \"\(connection.name)\": TLS certificate verification is OFF (insecure_skip_verify: true); anyone on the path can read the service account's credentials"
                : nil
        }
    }

    /// - Parameter fence: asked before anything is written to Jira; a `false` stops the delivery there.
    public func deliver(_ plan: Pipeline.Plan, dryRun: Bool, fence: DeliveryFence? = nil) async -> Outcome {
        await deliver([plan], dryRun: dryRun, fence: fence)[0]
    }

    /// Outcomes in the order of `plans`.
    public func deliver(_ plans: [Pipeline.Plan], dryRun: Bool, fence: DeliveryFence? = nil) async -> [Outcome] {
        var outcomes: [Outcome?] = Array(repeating: nil, count: plans.count)
        var work: [String: [WorkItem]] = [:]
        for (position, plan) in plans.enumerated() {
            switch plan {
            case .done(let outcome):
                outcomes[position] = outcome
            case .deliver(let alert, let draft):
                guard let name = draft.connection, let client = clients[name] else {
                    var outcome = Outcome(draft: draft, alert: alert)
                    outcome.action = .refused
                    outcome.problems.append("no Jira connection is configured for project \(draft.project)")
                    outcomes[position] = outcome
                    continue
                }
                let policy = pipeline.lifecycle(ofRule: draft.rule)
                work[name, default: []].append(WorkItem(position: position, alert: alert, draft: draft, policy: policy, client: client))
            }
        }
        for name in work.keys.sorted() {
            for (position, outcome) in await deliver(work[name]!, dryRun: dryRun, fence: fence) {
                outcomes[position] = outcome
            }
        }
        return outcomes.map { $0! }
    }

    /// One alert's Jira work, with what the lifecycle needs to decide it.
    struct WorkItem: Sendable {
        let position: Int
        let alert: Alert
        let draft: IssueDraft
        let policy: LifecyclePolicy
        let client: JiraClient

        /// The key of the per-process lock and the issue index: connection and dedup label.
        var indexKey: String { client.connection.name + "|" + draft.dedupLabel }
    }

    /// Everything for one connection: lock the keys, look them up, decide, create, follow up.
    private func deliver(_ items: [WorkItem], dryRun: Bool, fence: DeliveryFence?) async -> [(Int, Outcome)] {
        let client = items[0].client
        let keys = items.filter { $0.policy.onRepeat != .new }.map(\.indexKey)
        do throws(CoordinationError) {
            return try await coordinator.withKeys(keys) {
                do throws(JiraError) {
                    _ = try await client.flavor()
                    try await lookUp(items.filter { $0.policy.onRepeat != .new }, client: client)
                    if !dryRun, let fence, await !fence() {
                        return items.map { item in (item.position, Self.notMine(item)) }
                    }
                    return await decideAndRun(items, client: client, dryRun: dryRun)
                } catch {
                    return items.map { item in (item.position, Self.failed(item, error)) }
                }
            }
        } catch {
            return items.map { item in (item.position, Self.uncoordinated(item, error)) }
        }
    }

    /// The alert is no longer this process's to deliver: its claim lapsed and another replica has it.
    static func notMine(_ item: WorkItem) -> Outcome {
        var outcome = Outcome(draft: item.draft, alert: item.alert)
        outcome.action = .failed
        outcome.problems.append("this replica's claim on the alert lapsed while it was delivering; another replica delivers it")
        outcome.failureStatus = .temporaryFailure
        return outcome
    }

    /// The keys could not be locked across replicas now; the alert waits for the next attempt.
    static func uncoordinated(_ item: WorkItem, _ error: CoordinationError) -> Outcome {
        var outcome = Outcome(draft: item.draft, alert: item.alert)
        outcome.action = .failed
        outcome.problems.append("cannot coordinate with the other replicas: \(error)")
        outcome.failureStatus = .temporaryFailure
        return outcome
    }

    static func failed(_ item: WorkItem, _ error: JiraError) -> Outcome {
        var outcome = Outcome(draft: item.draft, alert: item.alert)
        outcome.action = .failed
        outcome.problems.append(error.description)
        outcome.failureStatus = status(for: error)
        if case .temporarilyUnavailable(_, _, let retryAfter) = error { outcome.retryAfter = retryAfter }
        return outcome
    }

    static func status(for error: JiraError) -> ExitStatus {
        switch error {
        case .unreachable: .unavailable
        case .temporarilyUnavailable, .outcomeUnknown: .temporaryFailure
        case .unauthenticated: .configError
        case .forbidden, .rejected, .notFound, .invalidResponse: .someFailed
        }
    }

    /// The draft as it is created: carrying its dedup label and the labels `report` finds it by, or its key in
    /// the dedup field.
    public static func addingDedup(to draft: IssueDraft, policy: LifecyclePolicy) -> IssueDraft {
        guard policy.onRepeat != .new else { return draft }
        var draft = draft
        if let field = policy.dedupField {
            draft.fields.append(DraftField(name: field, value: .text(draft.dedupLabel)))
        } else {
            var added = [draft.dedupLabel, ReportLabels.marker, ReportLabels.rule(draft.rule)]
            if !draft.source.isEmpty { added.append(ReportLabels.source(draft.source)) }
            for label in added where !draft.labels.contains(label) { draft.labels.append(label) }
        }
        return draft
    }
}
