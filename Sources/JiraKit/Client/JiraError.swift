/// Why a Jira call did not succeed, with what a user can do about it.
public enum JiraError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No HTTP answer at all (DNS, connection refused, TLS, timeouts) after retrying.
    case unreachable(connection: String, reason: String)
    /// 401: the credentials are wrong, expired, or not accepted on this URL. `request` is the method and path
    /// that got the answer (`GET /rest/api/3/myself`), empty when none was sent.
    case unauthenticated(connection: String, message: String, request: String = "")
    /// 403: the account lacks a permission.
    case forbidden(connection: String, message: String, request: String = "")
    /// 400-class answer: Jira refused the request as written.
    case rejected(status: Int, messages: [String], fieldErrors: [String: String], request: String = "")
    /// 404 for a project, issue type or issue.
    case notFound(message: String, request: String = "")
    /// 429 or 5xx (or a lost connection) still failing after the retries allowed.
    case temporarilyUnavailable(connection: String, reason: String, retryAfter: Duration?)
    /// A response that is not what the API documents.
    case invalidResponse(path: String, reason: String)
    /// A create whose answer was lost: Jira may or may not have made the issue. Search before retrying.
    case outcomeUnknown(connection: String, reason: String)

    public var description: String {
        switch self {
        case .unreachable(let connection, let reason):
            "Jira connection \"\(connection)\" is unreachable: \(reason) (check the url, DNS, proxy settings (HTTPS_PROXY/NO_PROXY) and ca_file)"
        case .unauthenticated(let connection, let message, let request):
            "Jira connection \"\(connection)\" rejected the credentials (\(Self.answer(request, 401))): \(message) (check the service account's "
                + "email and API token, or personal access token; scoped tokens need scoped: true)"
        case .forbidden(let connection, let message, let request):
            "Jira connection \"\(connection)\" refused the operation (\(Self.answer(request, 403))): \(message) (grant the service account the "
                + "permission in the project's permission scheme)"
        case .rejected(let status, let messages, let fieldErrors, let request):
            "Jira rejected the request (\(Self.answer(request, status))): " + Self.join(messages, fieldErrors)
        case .notFound(let message, let request):
            "not found in Jira" + (request.isEmpty ? "" : " (\(Self.answer(request, 404)))") + ": \(message)"
        case .temporarilyUnavailable(let connection, let reason, let retryAfter):
            "Jira connection \"\(connection)\" is temporarily unavailable: \(reason)"
                + (retryAfter.map { "; Jira asks to retry after \($0.components.seconds)s" } ?? "; retry later")
        case .invalidResponse(let path, let reason):
            "unexpected answer from Jira for \(path): \(reason)"
        case .outcomeUnknown(let connection, let reason):
            "Jira connection \"\(connection)\" may or may not have created the issue: \(reason)"
        }
    }

    /// `POST /rest/api/2/search → 405`, or the status alone when no request is known.
    static func answer(_ request: String, _ status: Int) -> String {
        request.isEmpty ? String(status) : "\(request) → \(status)"
    }

    public static func join(_ messages: [String], _ fieldErrors: [String: String]) -> String {
        let parts = messages + fieldErrors.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        return parts.isEmpty ? "no details given" : parts.joined(separator: "; ")
    }

    /// The exit status a command should end with when this error stops it.
    public var isConfigurationProblem: Bool {
        if case .unauthenticated = self { return true }
        return false
    }
}
