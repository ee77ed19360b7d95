import AlertModel
import AlertRules
import Foundation

/// Talks to one Jira connection as its service account: authentication, flavor detection, retries,
/// and create metadata cached per project and issue type.
///
/// An actor because it owns caches shared by concurrent deliveries; HTTP calls suspend it, so
/// requests still overlap. Concurrent lookups of the same metadata share one request.
public actor JiraClient {
    public nonisolated let connection: ConnectionConfig
    private let transport: any HTTPTransport
    private let credentials: JiraCredentials
    private let retryPolicy: RetryPolicy
    private let clock = ContinuousClock()
    /// How the client waits between attempts; replaceable so tests can see the waits without taking them.
    private let sleep: @Sendable (Duration) async -> Void

    private var detectedFlavor: JiraFlavor?
    private var detectedBase: String?
    /// Data Center before 8.4 has only the old, expand-based createmeta endpoint.
    private var usesLegacyCreateMetadata = false
    private var issueTypeCache: [String: Cached<[IssueTypeInfo]>] = [:]
    private var fieldCache: [String: Cached<[FieldInfo]>] = [:]
    private var pendingIssueTypes: [String: Task<Result<[IssueTypeInfo], JiraError>, Never>] = [:]
    private var pendingFields: [String: Task<Result<[FieldInfo], JiraError>, Never>] = [:]
    private var pendingFlavor: Task<Result<JiraFlavor, JiraError>, Never>?
    private var pendingBase: Task<Result<String, JiraError>, Never>?
    private var observer: (@Sendable (JiraRequestRecord) -> Void)?

    /// HTTP requests sent so far, retries included (for benchmarks and metrics).
    public private(set) var requestsSent = 0

    private struct Cached<Value: Sendable>: Sendable {
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

    // MARK: - Create metadata

    /// What can be created in `project` as `issueTypeName`, or why nothing can.
    public func createMetadata(project: String, issueTypeName: String) async throws(JiraError) -> Result<CreateMetadata, Refusal> {
        let types: [IssueTypeInfo]
        do {
            types = try await issueTypes(project: project)
        } catch .notFound {
            return .failure(
                Refusal(
                    project: project,
                    issueType: issueTypeName,
                    reasons: ["project \(project) does not exist on connection \"\(connection.name)\", or its service account cannot see it"]
                )
            )
        }
        if types.isEmpty {
            return .failure(
                Refusal(
                    project: project,
                    issueType: issueTypeName,
                    reasons: ["the service account may not create any issue type in project \(project) (does it have the Create Issues permission?)"]
                )
            )
        }
        switch Preflight.issueType(named: issueTypeName, project: project, in: types) {
        case .failure(let refusal):
            return .failure(refusal)
        case .success(let issueType):
            let fields = try await fields(project: project, issueType: issueType)
            return .success(CreateMetadata(project: project, issueType: issueType, fields: fields))
        }
    }

    /// Drops cached metadata, after Jira refused a create for a reason the cache did not predict.
    public func invalidateMetadata(project: String) {
        issueTypeCache[project] = nil
        for key in fieldCache.keys where key.hasPrefix(project + "/") { fieldCache[key] = nil }
    }

    public func issueTypes(project: String) async throws(JiraError) -> [IssueTypeInfo] {
        if let cached = issueTypeCache[project], clock.now < cached.expires { return cached.value }
        let task: Task<Result<[IssueTypeInfo], JiraError>, Never>
        if let pending = pendingIssueTypes[project] {
            task = pending
        } else {
            task = Task {
                do throws(JiraError) {
                    return .success(try await self.fetchIssueTypes(project: project))
                } catch {
                    return .failure(error)
                }
            }
            pendingIssueTypes[project] = task
        }
        let result = await task.value
        pendingIssueTypes[project] = nil
        let types = try result.get()
        issueTypeCache[project] = Cached(value: types, expires: clock.now + connection.metadataTTL)
        return types
    }

    private func fields(project: String, issueType: IssueTypeInfo) async throws(JiraError) -> [FieldInfo] {
        let key = project + "/" + issueType.id
        if let cached = fieldCache[key], clock.now < cached.expires { return cached.value }
        let task: Task<Result<[FieldInfo], JiraError>, Never>
        if let pending = pendingFields[key] {
            task = pending
        } else {
            task = Task {
                do throws(JiraError) {
                    return .success(try await self.fetchFields(project: project, issueType: issueType))
                } catch {
                    return .failure(error)
                }
            }
            pendingFields[key] = task
        }
        let result = await task.value
        pendingFields[key] = nil
        let fields = try result.get()
        fieldCache[key] = Cached(value: fields, expires: clock.now + connection.metadataTTL)
        return fields
    }

    private func fetchIssueTypes(project: String) async throws(JiraError) -> [IssueTypeInfo] {
        let api = try await flavor().apiPath
        if !usesLegacyCreateMetadata {
            do {
                let pages = try await paginate(api + "/issue/createmeta/\(Self.escape(project))/issuetypes", keys: ["issueTypes", "values"])
                return pages.compactMap(IssueTypeInfo.init(json:))
            } catch .notFound(let message) {
                // Data Center before 8.4 answers 404 here for every project; the old endpoint tells
                // which case this is.
                guard let types = try await fetchLegacy(project: project) else { throw .notFound(message: message) }
                usesLegacyCreateMetadata = true
                return types
            }
        }
        guard let types = try await fetchLegacy(project: project) else {
            throw .notFound(message: "project \(project)")
        }
        return types
    }

    private func fetchFields(project: String, issueType: IssueTypeInfo) async throws(JiraError) -> [FieldInfo] {
        if usesLegacyCreateMetadata {
            // The legacy fetch filled the cache for every issue type of the project.
            _ = try await fetchLegacy(project: project)
            if let cached = fieldCache[project + "/" + issueType.id] { return cached.value }
            return []
        }
        let api = try await flavor().apiPath
        let pages = try await paginate(
            api + "/issue/createmeta/\(Self.escape(project))/issuetypes/\(Self.escape(issueType.id))",
            keys: ["fields", "values"]
        )
        return pages.compactMap { FieldInfo(json: $0) }
    }

    /// `createmeta?projectKeys=…&expand=projects.issuetypes.fields` (removed in Data Center 9.0).
    /// Returns `nil` when that endpoint doesn't exist either; caches the fields of every issue type.
    private func fetchLegacy(project: String) async throws(JiraError) -> [IssueTypeInfo]? {
        let api = try await flavor().apiPath
        let body: JSONValue?
        do {
            body = try await send("GET", api + "/issue/createmeta?projectKeys=\(Self.escape(project))&expand=projects.issuetypes.fields").body
        } catch .notFound {
            return nil
        }
        guard let projects = body?["projects"]?.arrayValue else {
            throw .invalidResponse(path: api + "/issue/createmeta", reason: "no \"projects\" list")
        }
        guard let entry = projects.first(where: { $0["key"]?.stringValue == project }) else {
            throw .notFound(message: "project \(project)")
        }
        var types: [IssueTypeInfo] = []
        for typeJSON in entry["issuetypes"]?.arrayValue ?? [] {
            guard let type = IssueTypeInfo(json: typeJSON) else { continue }
            types.append(type)
            var fields: [FieldInfo] = []
            for (id, fieldJSON) in typeJSON["fields"]?.objectValue ?? JSONObject() {
                if let field = FieldInfo(json: fieldJSON, id: id) { fields.append(field) }
            }
            fieldCache[project + "/" + type.id] = Cached(value: fields, expires: clock.now + connection.metadataTTL)
        }
        return types
    }

    /// Follows `startAt`/`maxResults` pages until Jira says there are no more.
    private func paginate(_ path: String, keys: [String]) async throws(JiraError) -> [JSONValue] {
        var items: [JSONValue] = []
        var startAt = 0
        let separator = path.contains("?") ? "&" : "?"
        while true {
            let body = try await send("GET", "\(path)\(separator)startAt=\(startAt)&maxResults=50").body
            guard let page = keys.lazy.compactMap({ body?[$0]?.arrayValue }).first else {
                throw .invalidResponse(path: path, reason: "none of \(keys.joined(separator: ", ")) in the answer")
            }
            items += page
            let total = body?["total"]?.numericValue.map(Int.init)
            let isLast = body?["isLast"]?.boolValue
            if page.isEmpty || isLast == true || (total.map { items.count >= $0 } ?? (isLast == nil)) { return items }
            startAt = items.count
        }
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

    // MARK: - HTTP

    /// Sends a request with authentication and retries. Returns the status and the parsed JSON body.
    ///
    /// With `idempotent: false` (creates), a failure that may have happened after Jira acted — a lost
    /// connection, a timeout, a 500 — is not retried blindly but thrown as ``JiraError/outcomeUnknown``,
    /// so the caller can look for the issue before creating it again.
    /// Statuses in `accepting` are returned like successes, for callers that read error bodies themselves.
    public func send(
        _ method: String,
        _ path: String,
        body: JSONValue? = nil,
        idempotent: Bool = true,
        accepting: Set<Int> = []
    ) async throws(JiraError) -> (status: Int, body: JSONValue?) {
        let base = try await baseURL()
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let started = clock.now
        var attempt = 0
        var refreshedToken = false
        while true {
            attempt += 1
            var attemptHeaders = headers
            if let authorization = try await credentials.authorization() {
                attemptHeaders.append(("Authorization", authorization))
            }
            let request = HTTPRequest(method: method, url: base + path, headers: attemptHeaders, body: body?.jsonBytes, idempotent: idempotent)
            let requestStarted = clock.now
            requestsSent += 1
            let outcome: Result<HTTPResponse, TransportError>
            do {
                outcome = .success(try await transport.send(request))
            } catch {
                outcome = .failure(error)
            }
            observer?(
                JiraRequestRecord(
                    connection: connection.name,
                    method: method,
                    path: path,
                    status: (try? outcome.get())?.status,
                    duration: clock.now - requestStarted
                )
            )

            var retryAfter: Duration?
            var failure: JiraError
            switch outcome {
            case .failure(let error):
                if case .tls = error {
                    throw .unreachable(connection: connection.name, reason: error.description)
                }
                if case .connectionFailed = error {
                    failure = .unreachable(connection: connection.name, reason: error.description)
                } else if !idempotent, error.mayHaveReachedServer {
                    throw .outcomeUnknown(connection: connection.name, reason: error.description)
                } else {
                    failure = .temporarilyUnavailable(connection: connection.name, reason: error.description, retryAfter: nil)
                }
            case .success(let response):
                let parsed = response.body.isEmpty ? nil : try? JSONParser.parse(response.body)
                switch response.status {
                case 200..<300:
                    return (response.status, parsed)
                case let status where accepting.contains(status):
                    return (status, parsed)
                case 401:
                    if case .oauthClientCredentials = connection.auth, !refreshedToken {
                        refreshedToken = true
                        await credentials.invalidate()
                        continue
                    }
                    throw .unauthenticated(connection: connection.name, message: Self.message(from: parsed, response))
                case 403:
                    throw .forbidden(connection: connection.name, message: Self.message(from: parsed, response))
                case 404:
                    throw .notFound(message: Self.message(from: parsed, response))
                case let status where !idempotent && [500, 502, 504].contains(status):
                    throw .outcomeUnknown(connection: connection.name, reason: "\(method) \(path) answered \(response.status)")
                case let status where RetryPolicy.isRetryable(status: status):
                    retryAfter = response.retryAfter
                    failure = .temporarilyUnavailable(
                        connection: connection.name,
                        reason: "\(method) \(path) answered \(status)" + (parsed.map { ": " + Self.message(from: $0, response) } ?? ""),
                        retryAfter: retryAfter
                    )
                default:
                    let messages = parsed?["errorMessages"]?.arrayValue?.compactMap(\.stringValue) ?? []
                    var fieldErrors: [String: String] = [:]
                    for (key, value) in parsed?["errors"]?.objectValue ?? JSONObject() {
                        fieldErrors[key] = value.scalarText ?? value.jsonString
                    }
                    throw .rejected(
                        status: response.status,
                        messages: messages.isEmpty && fieldErrors.isEmpty ? [Self.message(from: parsed, response)] : messages,
                        fieldErrors: fieldErrors
                    )
                }
            }
            let delay = retryPolicy.delay(afterAttempt: attempt, retryAfter: retryAfter)
            guard attempt < retryPolicy.maximumAttempts, clock.now - started + delay <= retryPolicy.maximumTotal else {
                throw failure
            }
            await sleep(delay)
        }
    }

    /// The URL requests go to: the site, or the API gateway for scoped tokens and OAuth (whose cloud
    /// id is discovered once, however many callers ask at the same time).
    private func baseURL() async throws(JiraError) -> String {
        if let detectedBase { return detectedBase }
        guard connection.scoped else {
            detectedBase = connection.url
            return connection.url
        }
        let task: Task<Result<String, JiraError>, Never>
        if let pendingBase {
            task = pendingBase
        } else {
            task = Task {
                do throws(JiraError) {
                    let cloudID: String
                    if let configured = self.connection.cloudID {
                        cloudID = configured
                    } else {
                        cloudID = try await self.discoverCloudID()
                    }
                    return .success(self.connection.gatewayURL + "/ex/jira/" + cloudID)
                } catch {
                    return .failure(error)
                }
            }
            pendingBase = task
        }
        let result = await task.value
        pendingBase = nil
        let base = try result.get()
        detectedBase = base
        return base
    }

    /// `https://<site>/_edge/tenant_info` tells a site's cloud id without authentication.
    private func discoverCloudID() async throws(JiraError) -> String {
        let url = connection.url + "/_edge/tenant_info"
        let response: HTTPResponse
        do {
            response = try await transport.send(HTTPRequest(method: "GET", url: url, headers: [("Accept", "application/json")]))
        } catch {
            throw .unreachable(connection: connection.name, reason: "\(url): \(error)")
        }
        guard response.status == 200, let id = (try? JSONParser.parse(response.body))?["cloudId"]?.stringValue, !id.isEmpty else {
            throw .invalidResponse(
                path: "/_edge/tenant_info",
                reason: "answered \(response.status) without a cloudId; set cloud_id in the connection"
            )
        }
        return id
    }

    /// Jira's own words from an error body (`errorMessages`, `errors`, `message`), or a short excerpt.
    static func message(from json: JSONValue?, _ response: HTTPResponse) -> String {
        if let json {
            let messages = json["errorMessages"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let errors = (json["errors"]?.objectValue ?? JSONObject()).map { "\($0.0): \($0.1.scalarText ?? $0.1.jsonString)" }
            let combined = messages + errors + [json["message"]?.stringValue].compactMap { $0 }
            if !combined.isEmpty { return combined.joined(separator: "; ") }
        }
        let text = String(decoding: response.body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "HTTP \(response.status)" : text
    }

    /// Percent-encodes a path segment or query value.
    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}

/// An issue Jira created.
public struct CreatedIssue: Sendable, Equatable {
    public var id: String
    public var key: String
    /// The issue in a browser.
    public var url: String

    public init(id: String, key: String, url: String) {
        self.id = id
        self.key = key
        self.url = url
    }
}

/// One HTTP exchange with Jira, for metrics: the path is as sent (ids included).
public struct JiraRequestRecord: Sendable {
    public var connection: String
    public var method: String
    public var path: String
    /// `nil` when no response arrived.
    public var status: Int?
    public var duration: Duration
}
