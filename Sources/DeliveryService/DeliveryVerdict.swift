import Alert2Jira
import AlertModel
import JSON

/// What the outcomes of one spooled alert's deliveries mean for its row: done, dead, or try again.
///
/// Created, commented, transitioned, skipped and unmatched are final and good. A refusal, or a failure
/// that is about the alert (a 4xx that is not 429) or the credentials, is final and bad: a dead letter
/// with the reason. Jira unreachable or rate-limiting is temporary: the row stays pending.
public struct DeliveryVerdict: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case done
        case dead(reason: String)
        case retry(error: String)
    }

    public var kind: Kind
    /// Rules delivered (this time or before), so a retry skips them.
    public var deliveredRules: [String]
    /// The longest wait Jira asked for among the temporary failures.
    public var retryAfter: Duration?
    /// Connections that failed temporarily: they are paused.
    public var failingConnections: [String: String]
    /// Connections that answered: their pause ends.
    public var workingConnections: Set<String>
    /// What happened, one JSON object per rule, for `alert2jira spool show`.
    public var result: JSONValue

    /// Whether an outcome is a temporary failure (Jira down or rate-limiting).
    public static func isTemporary(_ outcome: Outcome) -> Bool {
        guard outcome.action == .failed else { return false }
        switch outcome.failureStatus {
        case .unavailable, .temporaryFailure, nil: return true
        default: return false
        }
    }

    /// Whether an outcome is a final failure (refused by preflight, rejected by Jira, credentials).
    public static func isPermanentFailure(_ outcome: Outcome) -> Bool {
        outcome.action == .refused || (outcome.action == .failed && !isTemporary(outcome))
    }

    /// - Parameters:
    ///   - outcomes: this attempt's outcomes, one per rule that still had work.
    ///   - previouslyDelivered: rules delivered by earlier attempts.
    ///   - credentialsMayRecover: whether credentials a connection's Jira refuses may still start working (a
    ///     rotated token not yet deployed everywhere); such refusals are then temporary, not final.
    public static func classify(
        _ outcomes: [Outcome],
        previouslyDelivered: [String],
        credentialsMayRecover: (String) -> Bool = { _ in false }
    ) -> DeliveryVerdict {
        var delivered = previouslyDelivered
        var temporary: [String] = []
        var permanent: [String] = []
        var retryAfter: Duration?
        var failing: [String: String] = [:]
        var working: Set<String> = []
        var results: [JSONValue] = []
        for outcome in outcomes {
            results.append(summary(outcome))
            let problems = outcome.problems.joined(separator: "; ")
            let label = outcome.rule.map { "rule \($0): " } ?? ""
            let recoverable =
                outcome.action == .failed && outcome.failureStatus == .configError && outcome.connection.map(credentialsMayRecover) == true
            if isTemporary(outcome) || recoverable {
                temporary.append(label + problems)
                if let wait = outcome.retryAfter { retryAfter = max(retryAfter ?? wait, wait) }
                if let connection = outcome.connection { failing[connection] = problems }
            } else if isPermanentFailure(outcome) {
                permanent.append(label + (problems.isEmpty ? outcome.action.rawValue : problems))
                // Not counted as delivered: `alert2jira spool retry`, once a human fixed the cause, tries it again.
                if outcome.failureStatus == .configError, let connection = outcome.connection { failing[connection] = problems }
            } else {
                if let rule = outcome.rule, !delivered.contains(rule) { delivered.append(rule) }
                if outcome.issueKey != nil, let connection = outcome.connection { working.insert(connection) }
            }
        }
        let kind: Kind
        if !temporary.isEmpty {
            kind = .retry(error: (temporary + permanent).joined(separator: "\n"))
        } else if !permanent.isEmpty {
            kind = .dead(reason: permanent.joined(separator: "\n"))
        } else {
            kind = .done
        }
        return DeliveryVerdict(
            kind: kind,
            deliveredRules: delivered,
            retryAfter: retryAfter,
            failingConnections: failing,
            workingConnections: working,
            result: .array(results)
        )
    }

    /// The part of an outcome worth keeping in the spool.
    static func summary(_ outcome: Outcome) -> JSONValue {
        var object = JSONObject()
        object["action"] = .string(outcome.action.rawValue)
        if let rule = outcome.rule { object["rule"] = .string(rule) }
        if let project = outcome.project { object["project"] = .string(project) }
        if let issueType = outcome.issueType { object["issueType"] = .string(issueType) }
        if let key = outcome.issueKey { object["key"] = .string(key) }
        if let url = outcome.issueURL { object["url"] = .string(url) }
        if !outcome.problems.isEmpty { object["problems"] = .array(outcome.problems.map(JSONValue.string)) }
        return .object(object)
    }
}
