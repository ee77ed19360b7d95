import Contracts
import Foundation
import JSON

/// Every request goes through here: authentication, the base URL (the Cloud gateway for scoped
/// tokens), retries with backoff, and the error a user reads when Jira says no.
extension JiraClient {
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
                let reason = "\(method) \(path): \(error.description)"
                switch error {
                case .tls, .libraryMissing:
                    // Retrying cannot help: the certificate or the installation has to change.
                    throw .unreachable(connection: connection.name, reason: reason)
                case .connectionFailed:
                    failure = .unreachable(connection: connection.name, reason: reason)
                case _ where !idempotent && error.mayHaveReachedServer:
                    throw .outcomeUnknown(connection: connection.name, reason: reason)
                default:
                    failure = .temporarilyUnavailable(connection: connection.name, reason: reason, retryAfter: nil)
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
                    throw .unauthenticated(connection: connection.name, message: Self.message(from: parsed, response), request: "\(method) \(path)")
                case 403:
                    throw .forbidden(connection: connection.name, message: Self.message(from: parsed, response), request: "\(method) \(path)")
                case 404:
                    throw .notFound(message: Self.message(from: parsed, response), request: "\(method) \(path)")
                case let status where !idempotent && [500, 502, 504].contains(status):
                    throw .outcomeUnknown(connection: connection.name, reason: "\(method) \(path) → \(response.status)")
                case let status where RetryPolicy.isRetryable(status: status):
                    retryAfter = response.retryAfter
                    failure = .temporarilyUnavailable(
                        connection: connection.name,
                        reason: "\(method) \(path) → \(status)" + (parsed.map { ": " + Self.message(from: $0, response) } ?? ""),
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
                        fieldErrors: fieldErrors,
                        request: "\(method) \(path)"
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
    func baseURL() async throws(JiraError) -> String {
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
    func discoverCloudID() async throws(JiraError) -> String {
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
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func escape(_ text: String) -> String {
        // RFC 3986's unreserved characters only: `.alphanumerics` would let non-ASCII letters through raw.
        text.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? text
    }
}
