import Contracts
import Foundation
import JSON

/// Talks to one Jira connection as its service account: authentication, flavor detection, retries,
/// and create metadata cached per project and issue type.
///
/// An actor because it owns caches shared by concurrent deliveries; HTTP calls suspend it, so
/// requests still overlap. Concurrent lookups of the same metadata share one request.
public actor JiraClient {
    public nonisolated let connection: ConnectionConfig
    let transport: any HTTPTransport
    let credentials: JiraCredentials
    let retryPolicy: RetryPolicy
    let clock = ContinuousClock()
    /// How the client waits between attempts; replaceable so tests can see the waits without taking them.
    let sleep: @Sendable (Duration) async -> Void

    var detectedFlavor: JiraFlavor?
    var detectedBase: String?
    /// Data Center before 8.4 has only the old, expand-based createmeta endpoint.
    var usesLegacyCreateMetadata = false
    var issueTypeCache: [String: Cached<[IssueTypeInfo]>] = [:]
    var fieldCache: [String: Cached<[FieldInfo]>] = [:]
    /// Field ids of edit screens, by `PROJECT/issue type` (one issue's editmeta stands for its kind).
    var editableFieldCache: [String: Cached<Set<String>>] = [:]
    var pendingIssueTypes: [String: Task<Result<[IssueTypeInfo], JiraError>, Never>] = [:]
    var pendingFields: [String: Task<Result<[FieldInfo], JiraError>, Never>] = [:]
    var pendingFlavor: Task<Result<JiraFlavor, JiraError>, Never>?
    var pendingBase: Task<Result<String, JiraError>, Never>?
    var observer: (@Sendable (JiraRequestRecord) -> Void)?

    /// HTTP requests sent so far, retries included (for benchmarks and metrics).
    public internal(set) var requestsSent = 0

    struct Cached<Value: Sendable>: Sendable {
        let value: Value
        let expires: ContinuousClock.Instant
    }

    public init(
        connection: ConnectionConfig,
        transport: any HTTPTransport,
        retryPolicy: RetryPolicy = RetryPolicy(),
        sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) }
    ) {
        self.connection = connection
        self.transport = transport
        self.credentials = JiraCredentials(connection: connection, transport: transport)
        self.retryPolicy = retryPolicy
        self.sleep = sleep
        switch connection.flavor {
        case .cloud: detectedFlavor = .cloud
        case .datacenter: detectedFlavor = .datacenter
        case .auto: detectedFlavor = nil
        }
    }

    /// Called after every HTTP exchange, for metrics and logs.
    public func setObserver(_ observer: (@Sendable (JiraRequestRecord) -> Void)?) {
        self.observer = observer
    }

    // MARK: - Connection facts

    /// Cloud or Data Center: configured, or read once from `serverInfo`'s `deploymentType` (concurrent
    /// first callers share the one request).
    public func flavor() async throws(JiraError) -> JiraFlavor {
        if let detectedFlavor { return detectedFlavor }
        let task: Task<Result<JiraFlavor, JiraError>, Never>
        if let pendingFlavor {
            task = pendingFlavor
        } else {
            task = Task {
                do throws(JiraError) {
                    let info = try await self.serverInfo()
                    return .success(info["deploymentType"]?.stringValue == "Cloud" ? .cloud : .datacenter)
                } catch {
                    return .failure(error)
                }
            }
            pendingFlavor = task
        }
        let result = await task.value
        pendingFlavor = nil
        let flavor = try result.get()
        detectedFlavor = flavor
        return flavor
    }

    public func serverInfo() async throws(JiraError) -> JSONValue {
        try await send("GET", "/rest/api/2/serverInfo").body ?? .null
    }

    /// The service account as Jira sees it.
    public func myself() async throws(JiraError) -> JSONValue {
        try await send("GET", try await flavor().apiPath + "/myself").body ?? .null
    }

    /// Which of `keys` the account holds in `project`.
    public func permissions(project: String, keys: [String]) async throws(JiraError) -> [String: Bool] {
        let path = try await flavor().apiPath + "/mypermissions?projectKey=\(Self.escape(project))&permissions=\(keys.joined(separator: ","))"
        let body = try await send("GET", path).body
        var result: [String: Bool] = [:]
        for key in keys {
            result[key] = body?["permissions"]?[key]?["havePermission"]?.boolValue ?? false
        }
        return result
    }

    /// Where an issue is seen in a browser: always the site, also when the API goes through the gateway.
    public nonisolated func browseURL(key: String) -> String {
        connection.url + "/browse/" + key
    }

    // MARK: - Issues

    /// Creates the issue. Rate limits and 503s are retried; an answer lost on the way back is
    /// ``JiraError/outcomeUnknown``, for the caller to search before retrying.
    public func createIssue(_ request: IssueRequest) async throws(JiraError) -> CreatedIssue {
        let response = try await send(request.method, request.path, body: request.body, idempotent: false)
        guard let key = response.body?["key"]?.stringValue else {
            throw .invalidResponse(path: request.path, reason: "the created issue has no key")
        }
        return CreatedIssue(id: response.body?["id"]?.stringValue ?? "", key: key, url: browseURL(key: key))
    }
}
