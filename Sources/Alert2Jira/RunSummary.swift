import AlertModel

/// Counts of what a run did, for the closing line on stderr and the exit status.
public struct RunSummary: Sendable, Equatable {
    public var documents = 0
    public var inputErrors = 0
    public var actions: [Outcome.Action: Int] = [:]
    public var failures = 0
    /// Set when Jira could not be reached or answered with a temporary failure.
    public var worstDeliveryStatus: ExitStatus = .success

    public init() {}

    public mutating func record(_ outcome: Outcome, unmatchedIsError: Bool) {
        actions[outcome.action, default: 0] += 1
        if outcome.isFailure(unmatchedIsError: unmatchedIsError) { failures += 1 }
        if let status = outcome.failureStatus { worstDeliveryStatus = max(worstDeliveryStatus, status) }
    }

    /// Counts one document's result and hands on each of its outcomes, or its input error.
    public mutating func count(
        _ result: Result<[Outcome], InputError>,
        unmatchedIsError: Bool,
        outcome: (Outcome) -> Void,
        inputError: (InputError) -> Void
    ) {
        documents += 1
        switch result {
        case .success(let outcomes):
            // By index: an iterator would copy each outcome, retaining and releasing all of it.
            for index in outcomes.indices {
                record(outcomes[index], unmatchedIsError: unmatchedIsError)
                outcome(outcomes[index])
            }
        case .failure(let error):
            inputErrors += 1
            inputError(error)
        }
    }

    /// Adds the counts of a run over other documents, as if this run had gone on to them.
    public mutating func merge(_ other: RunSummary) {
        documents += other.documents
        inputErrors += other.inputErrors
        actions.merge(other.actions, uniquingKeysWith: +)
        failures += other.failures
        worstDeliveryStatus = max(worstDeliveryStatus, other.worstDeliveryStatus)
    }

    public var outcomes: Int { actions.values.reduce(0, +) }

    public var exitStatus: ExitStatus {
        var status = ExitStatus.success
        if failures > 0 { status = max(status, .someFailed) }
        status = max(status, worstDeliveryStatus)
        if inputErrors > 0 { status = max(status, .dataError) }
        return status
    }

    /// "3 documents, 4 alerts: 2 create, 1 unmatched, 1 refused; 1 input error"
    public var description: String {
        let order: [Outcome.Action] = [.create, .comment, .transition, .skip, .unmatched, .refused, .failed]
        let parts = order.compactMap { action in actions[action].map { "\($0) \(action.rawValue)" } }
        var text = "\(documents) document\(documents == 1 ? "" : "s"), \(outcomes) result\(outcomes == 1 ? "" : "s")"
        if !parts.isEmpty { text += ": " + parts.joined(separator: ", ") }
        if inputErrors > 0 { text += "; \(inputErrors) input error\(inputErrors == 1 ? "" : "s")" }
        return text
    }
}
