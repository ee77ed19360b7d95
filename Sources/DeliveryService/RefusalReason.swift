import Alert2Jira

/// The reason label of `alert2jira_refusals_total`: a small fixed set, read from the outcome's
/// problems, so dashboards can tell a missing required field from a permission problem.
public enum RefusalReason: String, CaseIterable, Sendable {
    case requiredField = "required_field"
    case fieldNotOnScreen = "field_not_on_screen"
    case valueNotAllowed = "value_not_allowed"
    case unknownTarget = "unknown_target"
    case noConnection = "no_connection"
    case credentials
    case forbidden
    case rejected
    case rendering
    case other

    public static func classify(_ outcome: Outcome) -> RefusalReason {
        let text = outcome.problems.joined(separator: "\n")
        if outcome.failureStatus == .configError || text.contains("rejected the credentials") { return .credentials }
        if text.contains("refused the operation (403)") { return .forbidden }
        if text.contains("required field") { return .requiredField }
        if text.contains("is not on the create screen") { return .fieldNotOnScreen }
        if text.contains("is not an allowed value") { return .valueNotAllowed }
        if text.contains("no Jira connection") || text.contains("no connection for project") { return .noConnection }
        if text.contains("not found in Jira") || text.contains("has no issue type") || text.contains("does not exist") { return .unknownTarget }
        if text.contains("Jira rejected the request") { return .rejected }
        if text.contains("template") || text.contains("rendered empty") { return .rendering }
        return .other
    }
}
