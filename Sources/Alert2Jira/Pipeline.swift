import AlertModel
import AlertRules
import Contracts
import JiraKit

/// The stages before Jira in one place: ingest → route → render, for one document at a time.
///
/// Stateless and `Sendable`, so documents can be processed on several cores at once. What comes
/// after (shaping for a Jira, preflight, delivery) is done by ``Preview`` offline or ``Delivery``.
public struct Pipeline: Sendable {
    public let config: Config
    public let ingestor: Ingestor
    public let router: Router
    public let renderer: DraftRenderer
    /// Made once rather than per alert: a builder holds a shaping closure, one allocation each.
    private let cloudBuilder = IssueRequestBuilder(flavor: .cloud)
    private let dataCenterBuilder = IssueRequestBuilder(flavor: .datacenter)

    private let lifecycles: [String: LifecyclePolicy]

    public init(config: Config, ingestor: Ingestor) {
        self.config = config
        self.ingestor = ingestor
        self.router = Router(rules: config.rules)
        self.renderer = DraftRenderer(config: config)
        self.lifecycles = Dictionary(config.rules.map { ($0.name, $0.lifecycle) }, uniquingKeysWith: { first, _ in first })
    }

    /// The lifecycle of the rule a draft came from; rule names are unique, as the config loader checks.
    public func lifecycle(ofRule name: String) -> LifecyclePolicy {
        lifecycles[name] ?? LifecyclePolicy()
    }

    /// What routing and rendering decided for one alert and rule, before Jira is involved.
    public enum Plan: Sendable {
        /// Jira work for this draft: create its issue, or (per the rule's lifecycle) comment on,
        /// update, resolve or reopen the issue its dedup key points to.
        case deliver(Alert, IssueDraft)
        /// A finished outcome: nothing for Jira to do (unmatched, skipped, refused by rendering).
        case done(Outcome)
    }

    /// Ingests a document and plans every alert in it; rules with `dedup.per: group` get one plan for all the
    /// alerts of the document's Alertmanager group that they take.
    public func plan(_ document: InputDocument) -> Result<[Plan], InputError> {
        ingestor.ingest(document).map { items in
            guard config.rules.contains(where: \.lifecycle.perGroup) else { return items.flatMap(plan) }
            var plans: [Plan] = []
            var grouped: [Int: [Alert]] = [:]
            var order: [Int] = []
            for item in items {
                guard case .alert(let alert) = item, alert.groupKey != nil else {
                    plans += plan(item)
                    continue
                }
                let matched = router.route(alert)
                if matched.isEmpty { plans += unmatched(item) }
                for index in matched {
                    guard config.rules[index].lifecycle.perGroup else {
                        plans.append(plan(alert, rule: config.rules[index]))
                        continue
                    }
                    if grouped[index] == nil { order.append(index) }
                    grouped[index, default: []].append(alert)
                }
            }
            for index in order {
                if let group = Alert.group(grouped[index] ?? []) { plans.append(plan(group, rule: config.rules[index])) }
            }
            return plans
        }
    }

    public func plan(_ item: IngestItem) -> [Plan] {
        switch item {
        case .notice(let notice):
            return [.done(Outcome(item: item, action: .skip, problems: [notice.message]))]
        case .alert(let alert):
            let matched = router.route(alert)
            if matched.isEmpty { return unmatched(item) }
            return matched.map { index in plan(alert, rule: config.rules[index]) }
        }
    }

    /// What becomes of an alert no rule takes: nothing with `unmatched: drop`, else an `unmatched` outcome.
    private func unmatched(_ item: IngestItem) -> [Plan] {
        if config.unmatched == .drop { return [] }
        return [.done(Outcome(item: item, action: .unmatched, problems: ["no rule matches this alert"]))]
    }

    private func plan(_ alert: Alert, rule: Rule) -> Plan {
        let draft = renderer.render(rule, for: alert)
        if draft.project.isEmpty || draft.issueType.isEmpty || ProjectKey.problem(draft.project) != nil {
            var outcome = Outcome(draft: draft, alert: alert)
            outcome.action = .refused
            return .done(outcome)
        }
        if draft.connection == nil, !config.connections.isEmpty {
            var outcome = Outcome(draft: draft, alert: alert)
            outcome.action = .refused
            outcome.problems.append("no connection for project \(draft.project): set default_connection or project_connections.\(draft.project)")
            return .done(outcome)
        }
        return .deliver(alert, draft)
    }

    /// Every plan for a file's documents; unreadable documents are left out (for `check`).
    public func plans(forFile path: String) -> [Plan] {
        guard case .success(let input) = InputSource.file(path).open(maximumDocumentSize: DocumentReader.defaultMaximumDocumentSize) else {
            return []
        }
        var plans: [Plan] = []
        while let document = input.reader.next() {
            if case .success(let documentPlans) = plan(document) { plans += documentPlans }
        }
        return plans
    }

    /// The flavor a connection's requests are shaped for when Jira is not asked: Cloud unless configured.
    public func offlineFlavor(connection: String?) -> JiraFlavor {
        guard let connection, let config = config.connections[connection] else { return .cloud }
        return config.offlineFlavor == .datacenter ? .datacenter : .cloud
    }

    /// Previews what each alert in the document would become, without Jira.
    public func preview(_ document: InputDocument) -> Result<[Outcome], InputError> {
        plan(document).map { plans in plans.map(preview) }
    }

    /// The outcome of a plan when requests are shaped offline. Without Jira nobody knows whether an
    /// issue already carries the alert's dedup key, so firing alerts preview their create and resolved
    /// ones what the rule would do to an open issue.
    public func preview(_ plan: Plan) -> Outcome {
        switch plan {
        case .done(let outcome):
            return outcome
        case .deliver(let alert, let draft):
            var outcome = Outcome(draft: draft, alert: alert)
            let policy = lifecycle(ofRule: draft.rule)
            if alert.status == .resolved {
                switch policy.onResolved {
                case .comment: outcome.action = .comment
                case .transition: outcome.action = .transition
                case .none: outcome.action = .skip
                }
                outcome.reason =
                    policy.onResolved == .none
                    ? "the alert is resolved and on_resolved is none"
                    : "the alert is resolved: \(policy.onResolved == .comment ? "comment on" : "transition \"\(policy.resolveTransition)\"") the open issue labelled \(draft.dedupLabel), if there is one"
                return outcome
            }
            let builder = offlineFlavor(connection: draft.connection) == .datacenter ? dataCenterBuilder : cloudBuilder
            switch builder.build(Delivery.addingDedup(to: draft, policy: policy)) {
            case .success(let (request, notes)):
                outcome.request = request
                outcome.problems += notes
                if let connection = draft.connection, config.connections[connection]?.flavor == .auto {
                    // A Data Center site would get wiki markup and v2 paths instead; say that the body is a guess.
                    outcome.problems.append(
                        "connection \"\(connection)\" has flavor: auto, so this previews a Jira Cloud request without asking Jira; "
                            + "set flavor: cloud or datacenter on the connection, or add --online to ask the site"
                    )
                }
                if policy.onRepeat != .new {
                    outcome.reason = "unless an open issue already carries \(draft.dedupLabel) (then: on_repeat \(policy.onRepeat.rawValue))"
                }
            case .failure(let refusal):
                outcome.action = .refused
                outcome.problems += refusal.reasons
            }
            return outcome
        }
    }
}

extension Outcome {
    /// A `create` outcome for a draft, before any request is shaped.
    init(draft: IssueDraft, alert: Alert) {
        self.init(
            item: .alert(alert),
            rule: draft.rule,
            connection: draft.connection,
            project: draft.project,
            issueType: draft.issueType,
            action: .create,
            problems: draft.problems,
            descriptionText: draft.description
        )
    }
}
