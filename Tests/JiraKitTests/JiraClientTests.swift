import Contracts
import Foundation
import JSON
import JiraKit
import Testing

@Suite("JiraClient: auth, retries, metadata")
struct JiraClientTests {
    static let fastRetries = RetryPolicy(maximumAttempts: 4, maximumTotal: .seconds(60), baseDelay: .milliseconds(1), maximumDelay: .milliseconds(5))

    /// Records the waits the client asks for instead of waiting.
    final class Waits: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [Duration] = []
        var all: [Duration] { lock.withLock { recorded } }
        func sleeper() -> @Sendable (Duration) async -> Void {
            { duration in self.lock.withLock { self.recorded.append(duration) } }
        }
    }

    func connection(
        _ auth: ConnectionConfig.Auth = .cloudToken(email: "bot@example.com", apiToken: Secret("tok-123")),
        flavor: ConnectionConfig.Flavor = .cloud
    ) -> ConnectionConfig {
        ConnectionConfig(name: "cloud", url: "https://example.atlassian.net", flavor: flavor, auth: auth)
    }

    @Test func basicAuthForCloudTokensAndBearerForPersonalAccessTokens() async throws {
        let transport = ScriptedTransport { _, _ in ScriptedTransport.json(200, ["accountId": "abc"]) }
        _ = try await JiraClient(connection: connection(), transport: transport).myself()
        #expect(transport.requests[0].header("Authorization") == "Basic " + Data("bot@example.com:tok-123".utf8).base64EncodedString())
        #expect(transport.requests[0].url == "https://example.atlassian.net/rest/api/3/myself")

        let dc = ScriptedTransport { _, _ in ScriptedTransport.json(200, ["name": "bot"]) }
        _ = try await JiraClient(connection: connection(.personalAccessToken(Secret("pat-9")), flavor: .datacenter), transport: dc).myself()
        #expect(dc.requests[0].header("Authorization") == "Bearer pat-9")
        #expect(dc.requests[0].url == "https://example.atlassian.net/rest/api/2/myself")
    }

    @Test func flavorIsDetectedOnceFromServerInfo() async throws {
        let transport = ScriptedTransport { request, _ in
            request.path.hasSuffix("/serverInfo")
                ? ScriptedTransport.json(200, ["deploymentType": "Server", "version": "9.12.0"]) : ScriptedTransport.json(200, [:])
        }
        let client = JiraClient(connection: connection(flavor: .auto), transport: transport)
        #expect(try await client.flavor() == .datacenter)
        #expect(try await client.flavor() == .datacenter)
        _ = try await client.myself()
        #expect(transport.requests.map(\.path) == ["/rest/api/2/serverInfo", "/rest/api/2/myself"])
    }

    @Test func retryAfterIsHonouredThenTheRequestSucceeds() async throws {
        let transport = ScriptedTransport { _, position in
            position == 0
                ? ScriptedTransport.json(429, ["errorMessages": ["Rate limit exceeded"]], headers: [("Retry-After", "1")])
                : ScriptedTransport.json(200, ["ok": true])
        }
        let waits = Waits()
        let client = JiraClient(connection: connection(), transport: transport, retryPolicy: Self.fastRetries, sleep: waits.sleeper())
        _ = try await client.send("GET", "/rest/api/3/myself")
        #expect(waits.all == [.seconds(1)])
        #expect(transport.requests.count == 2)
    }

    @Test func serverErrorsAndLostConnectionsAreRetriedWithinBounds() async throws {
        let transport = ScriptedTransport { _, position in
            switch position {
            case 0: .failure(.connectionLost("reset by peer"))
            case 1: ScriptedTransport.json(502, [:])
            default: ScriptedTransport.json(200, ["accountId": "abc"])
            }
        }
        let client = JiraClient(connection: connection(), transport: transport, retryPolicy: Self.fastRetries, sleep: Waits().sleeper())
        #expect(try await client.myself()["accountId"] == "abc")
        #expect(transport.requests.count == 3)
    }

    @Test func aCreateWhoseAnswerIsLostIsNotSentAgainBlindly() async throws {
        for failure in [Result<HTTPResponse, TransportError>.failure(.connectionLost("reset by peer")), ScriptedTransport.json(500, [:])] {
            let transport = ScriptedTransport { _, _ in failure }
            let client = JiraClient(connection: connection(), transport: transport, retryPolicy: Self.fastRetries, sleep: Waits().sleeper())
            await #expect(throws: JiraError.self) {
                _ = try await client.createIssue(IssueRequest(method: "POST", path: "/rest/api/3/issue", body: ["fields": [:]]))
            }
            #expect(transport.requests.count == 1)
            do {
                _ = try await client.createIssue(IssueRequest(method: "POST", path: "/rest/api/3/issue", body: ["fields": [:]]))
            } catch {
                guard case .outcomeUnknown = error else {
                    Issue.record("expected outcomeUnknown, got \(error)")
                    continue
                }
            }
        }
    }

    @Test func rateLimitedCreatesAreRetriedBecauseJiraDidNothing() async throws {
        let transport = ScriptedTransport { _, position in
            position == 0
                ? ScriptedTransport.json(429, [:], headers: [("Retry-After", "1")]) : ScriptedTransport.json(201, ["id": "1", "key": "OPS-1"])
        }
        let waits = Waits()
        let client = JiraClient(connection: connection(), transport: transport, retryPolicy: Self.fastRetries, sleep: waits.sleeper())
        let issue = try await client.createIssue(IssueRequest(method: "POST", path: "/rest/api/3/issue", body: ["fields": [:]]))
        #expect(issue == CreatedIssue(id: "1", key: "OPS-1", url: "https://example.atlassian.net/browse/OPS-1"))
        #expect(waits.all == [.seconds(1)])
    }

    @Test func retriesStopAfterTheMaximumAttempts() async throws {
        let transport = ScriptedTransport { _, _ in ScriptedTransport.json(503, ["errorMessages": ["down for maintenance"]]) }
        let waits = Waits()
        let client = JiraClient(connection: connection(), transport: transport, retryPolicy: Self.fastRetries, sleep: waits.sleeper())
        await #expect(
            throws: JiraError.temporarilyUnavailable(
                connection: "cloud",
                reason: "GET /rest/api/3/myself → 503: down for maintenance",
                retryAfter: nil
            )
        ) {
            _ = try await client.myself()
        }
        #expect(transport.requests.count == 4)
        // Exponential backoff with full jitter: each wait is at most base × 2^(attempt-1), capped.
        #expect(waits.all.count == 3)
        #expect(zip(waits.all, [Duration.milliseconds(1), .milliseconds(2), .milliseconds(4)]).allSatisfy { $0 <= $1 })

    }

    @Test func retriesStopWhenRetryAfterExceedsTheTimeBudget() async throws {
        let transport = ScriptedTransport { _, _ in ScriptedTransport.json(429, [:], headers: [("Retry-After", "120")]) }
        let waits = Waits()
        let client = JiraClient(connection: connection(), transport: transport, retryPolicy: Self.fastRetries, sleep: waits.sleeper())
        await #expect(
            throws: JiraError.temporarilyUnavailable(
                connection: "cloud",
                reason: "GET /rest/api/3/myself → 429: {}",
                retryAfter: .seconds(120)
            )
        ) {
            _ = try await client.myself()
        }
        #expect(transport.requests.count == 1)
        #expect(waits.all.isEmpty)
    }

    @Test func clientErrorsAreNotRetriedAndKeepJirasWords() async throws {
        let transport = ScriptedTransport { _, _ in
            ScriptedTransport.json(400, ["errorMessages": [], "errors": ["customfield_10050": "Environment is required."]])
        }
        let client = JiraClient(connection: connection(), transport: transport, retryPolicy: Self.fastRetries)
        await #expect(
            throws: JiraError.rejected(
                status: 400,
                messages: [],
                fieldErrors: ["customfield_10050": "Environment is required."],
                request: "POST /rest/api/3/issue"
            )
        ) {
            _ = try await client.createIssue(IssueRequest(method: "POST", path: "/rest/api/3/issue", body: [:]))
        }
        #expect(transport.requests.count == 1)
    }

    /// Some Data Center sites and proxies answer 405 to POST searches: the search is a GET when the query fits in
    /// the URL, a 405 to one method tries the other, and a query too long for a URL says so when POST is refused.
    @Test(arguments: [
        (refused: "", short: true, methods: ["GET"]),
        (refused: "GET", short: true, methods: ["GET", "POST"]),
        (refused: "POST", short: true, methods: ["GET"]),
        (refused: "", short: false, methods: ["POST"]),
        (refused: "POST", short: false, methods: ["POST"]),
    ])
    func searchesUseGetWhenTheQueryFitsAndTheOtherMethodOn405(refused: String, short: Bool, methods: [String]) async throws {
        let transport = ScriptedTransport { request, _ in
            request.method == refused
                ? ScriptedTransport.json(405, ["errorMessages": ["Method Not Allowed"]])
                : ScriptedTransport.json(200, ["issues": [["id": "1", "key": "OPS-1", "fields": ["summary": "disk full"]]], "total": 1])
        }
        let client = JiraClient(connection: connection(.personalAccessToken(Secret("pat")), flavor: .datacenter), transport: transport)
        let jql =
            short
            ? "labels in (\"alert2jira-é1\") ORDER BY created DESC" : "labels in (" + String(repeating: "\"alert2jira-x\", ", count: 200) + "\"y\")"
        do {
            let found = try await client.search(jql: jql, fields: ["summary", "status"])
            #expect(!(refused == "POST" && !short), "a long query cannot go anywhere when POST is refused")
            #expect(found.map(\.key) == ["OPS-1"])
        } catch {
            #expect(refused == "POST" && !short)
            #expect(error.description.hasPrefix("Jira rejected the request (POST /rest/api/2/search → 405): the site takes no POST searches"))
        }
        #expect(transport.requests.map(\.method) == methods)
        for request in transport.requests where request.method == "GET" {
            let items = URLComponents(string: request.url)?.queryItems ?? []
            #expect(items.first { $0.name == "jql" }?.value == jql)
            #expect(items.first { $0.name == "fields" }?.value == "summary,status")
            #expect(items.first { $0.name == "startAt" }?.value == "0")
            #expect(request.url.allSatisfy { $0.isASCII }, "every character outside RFC 3986's unreserved set is percent-encoded")
        }
        for request in transport.requests where request.method == "POST" {
            let body = try JSONParser.parse(request.body ?? [])
            #expect(body["jql"]?.stringValue == jql)
        }
    }

    /// Every error a user reads names the request that failed and Jira's status.
    @Test(arguments: [
        (401, "Jira connection \"cloud\" rejected the credentials (GET /rest/api/2/issue/OPS-1 → 401): "),
        (403, "Jira connection \"cloud\" refused the operation (GET /rest/api/2/issue/OPS-1 → 403): "),
        (404, "not found in Jira (GET /rest/api/2/issue/OPS-1 → 404): "),
        (405, "Jira rejected the request (GET /rest/api/2/issue/OPS-1 → 405): "),
        (503, "Jira connection \"cloud\" is temporarily unavailable: GET /rest/api/2/issue/OPS-1 → 503"),
    ])
    func errorsNameTheRequestAndTheStatus(status: Int, prefix: String) async throws {
        let transport = ScriptedTransport { _, _ in ScriptedTransport.json(status, ["errorMessages": ["no"]]) }
        let client = JiraClient(connection: connection(), transport: transport, retryPolicy: Self.fastRetries, sleep: Waits().sleeper())
        do {
            _ = try await client.send("GET", "/rest/api/2/issue/OPS-1")
            Issue.record("expected \(status)")
        } catch {
            #expect(error.description.hasPrefix(prefix), "\(error.description)")
        }
    }

    @Test func unauthorizedIsAClearErrorWithoutTheSecret() async throws {
        let transport = ScriptedTransport { _, _ in ScriptedTransport.json(401, ["errorMessages": ["You are not authenticated."]]) }
        let client = JiraClient(connection: connection(), transport: transport, retryPolicy: Self.fastRetries)
        do {
            _ = try await client.myself()
            Issue.record("expected 401")
        } catch {
            #expect(error == .unauthenticated(connection: "cloud", message: "You are not authenticated.", request: "GET /rest/api/3/myself"))
            #expect(!error.description.contains("tok-123"))
            #expect(error.isConfigurationProblem)
        }
        #expect(transport.requests.count == 1)
    }

    @Test func anEmptyTokenFailsBeforeAnythingIsSent() async throws {
        let transport = ScriptedTransport { _, _ in ScriptedTransport.json(200, [:]) }
        let client = JiraClient(connection: connection(.cloudToken(email: "bot@example.com", apiToken: Secret(""))), transport: transport)
        await #expect(throws: JiraError.unauthenticated(connection: "cloud", message: "api_token is empty (is its environment variable set?)")) {
            _ = try await client.myself()
        }
        #expect(transport.requests.isEmpty)
    }

    @Test func scopedTokensGoThroughTheGatewayWithADiscoveredCloudId() async throws {
        let transport = ScriptedTransport { request, _ in
            request.path == "/_edge/tenant_info" ? ScriptedTransport.json(200, ["cloudId": "c-42"]) : ScriptedTransport.json(200, ["accountId": "x"])
        }
        var scoped = connection()
        scoped.scoped = true
        scoped.gatewayURL = "https://gateway.example"
        let client = JiraClient(connection: scoped, transport: transport)
        _ = try await client.myself()
        _ = try await client.myself()
        #expect(
            transport.requests.map(\.url) == [
                "https://example.atlassian.net/_edge/tenant_info",
                "https://gateway.example/ex/jira/c-42/rest/api/3/myself",
                "https://gateway.example/ex/jira/c-42/rest/api/3/myself",
            ]
        )
        #expect(transport.requests[0].header("Authorization") == nil)
        #expect(client.browseURL(key: "OPS-1") == "https://example.atlassian.net/browse/OPS-1")
    }

    @Test func oauthTokensAreFetchedCachedAndRefreshedAfterA401() async throws {
        let transport = ScriptedTransport { request, position in
            if request.url == "https://auth.example/oauth/token" {
                let body = (try? JSONParser.parse(request.body ?? [])) ?? .null
                guard body["client_secret"] == "s3cret", body["grant_type"] == "client_credentials" else { return ScriptedTransport.json(401, [:]) }
                return ScriptedTransport.json(200, ["access_token": .string("at-\(position)"), "expires_in": 3600])
            }
            // The first token is refused once, as an expired token would be.
            if request.header("Authorization") == "Bearer at-0", position == 1 { return ScriptedTransport.json(401, [:]) }
            return ScriptedTransport.json(200, ["accountId": "x"])
        }
        var oauth = connection(.oauthClientCredentials(clientID: "cid", clientSecret: Secret("s3cret")))
        oauth.scoped = true
        oauth.cloudID = "c-1"
        oauth.tokenURL = "https://auth.example/oauth/token"
        oauth.gatewayURL = "https://api.example"
        let client = JiraClient(connection: oauth, transport: transport)
        _ = try await client.myself()
        _ = try await client.myself()
        let urls = transport.requests.map(\.url)
        #expect(
            urls == [
                "https://auth.example/oauth/token",
                "https://api.example/ex/jira/c-1/rest/api/3/myself",
                "https://auth.example/oauth/token",
                "https://api.example/ex/jira/c-1/rest/api/3/myself",
                "https://api.example/ex/jira/c-1/rest/api/3/myself",
            ]
        )
        #expect(transport.requests[3].header("Authorization") == "Bearer at-2")
        #expect(transport.requests[4].header("Authorization") == "Bearer at-2")
    }

    @Test func createMetadataIsPaginatedCachedAndSharedByConcurrentCallers() async throws {
        let transport = ScriptedTransport { request, _ in
            let path = request.path
            if path.hasPrefix("/rest/api/3/issue/createmeta/OPS/issuetypes?") {
                return ScriptedTransport.json(
                    200,
                    ["issueTypes": [["id": "1", "name": "Task"], ["id": "2", "name": "Bug"]], "startAt": 0, "maxResults": 50, "total": 2]
                )
            }
            if path.hasPrefix("/rest/api/3/issue/createmeta/OPS/issuetypes/2?startAt=0") {
                return ScriptedTransport.json(
                    200,
                    [
                        "fields": [["fieldId": "summary", "name": "Summary", "required": true, "schema": ["type": "string", "system": "summary"]]],
                        "startAt": 0, "maxResults": 1, "total": 2,
                    ]
                )
            }
            if path.hasPrefix("/rest/api/3/issue/createmeta/OPS/issuetypes/2?startAt=1") {
                return ScriptedTransport.json(
                    200,
                    [
                        "fields": [
                            [
                                "fieldId": "customfield_1", "name": "Env", "required": true, "hasDefaultValue": false, "schema": ["type": "option"],
                                "allowedValues": [["id": "9", "value": "Prod"]],
                            ]
                        ], "startAt": 1, "maxResults": 1, "total": 2,
                    ]
                )
            }
            return ScriptedTransport.json(404, ["errorMessages": [.string("nope \(path)")]])
        }
        let client = JiraClient(connection: connection(), transport: transport)
        async let first = client.createMetadata(project: "OPS", issueTypeName: "bug")
        async let second = client.createMetadata(project: "OPS", issueTypeName: "Bug")
        let (a, b) = await (try first, try second)
        let metadata = try a.get()
        #expect(try b.get() == metadata)
        #expect(metadata.issueType == IssueTypeInfo(id: "2", name: "Bug"))
        #expect(metadata.fields.map { $0.id } == ["summary", "customfield_1"])
        #expect(metadata.fields[1].allowedValues == [AllowedValue(id: "9", value: "Prod")])
        _ = try await client.createMetadata(project: "OPS", issueTypeName: "Bug")
        #expect(transport.requests.count == 3)
    }

    @Test func oldDataCenterFallsBackToTheExpandedCreatemeta() async throws {
        let transport = ScriptedTransport { request, _ in
            if request.path.hasPrefix("/rest/api/2/issue/createmeta?projectKeys=OPS") {
                return ScriptedTransport.json(
                    200,
                    [
                        "projects": [
                            [
                                "key": "OPS",
                                "issuetypes": [
                                    [
                                        "id": "3", "name": "Task",
                                        "fields": ["summary": ["name": "Summary", "required": true, "schema": ["type": "string"]]],
                                    ]
                                ],
                            ]
                        ]
                    ]
                )
            }
            return ScriptedTransport.json(404, [:])
        }
        let client = JiraClient(connection: connection(.personalAccessToken(Secret("p")), flavor: .datacenter), transport: transport)
        let metadata = try await client.createMetadata(project: "OPS", issueTypeName: "Task").get()
        #expect(metadata.fields.map(\.id) == ["summary"])
        _ = try await client.createMetadata(project: "OPS", issueTypeName: "Task").get()
        #expect(transport.requests.map(\.path).filter { $0.contains("projectKeys") }.count == 1)
    }

    @Test func anUnknownProjectIsARefusalNotACrash() async throws {
        let transport = ScriptedTransport { request, _ in
            request.path.contains("projectKeys")
                ? ScriptedTransport.json(200, ["projects": []])
                : ScriptedTransport.json(404, ["errorMessages": ["No project could be found with key 'NOPE'."]])
        }
        let client = JiraClient(connection: connection(), transport: transport)
        guard case .failure(let refusal) = try await client.createMetadata(project: "NOPE", issueTypeName: "Task") else {
            Issue.record("expected a refusal")
            return
        }
        #expect(refusal.reasons == ["project NOPE does not exist on connection \"cloud\", or its service account cannot see it"])
    }

    @Test func tlsFailuresAreNotRetried() async throws {
        let transport = ScriptedTransport { _, _ in .failure(.tls("certificate verify failed")) }
        let client = JiraClient(connection: connection(), transport: transport, retryPolicy: Self.fastRetries)
        await #expect(throws: JiraError.unreachable(connection: "cloud", reason: "GET /rest/api/3/myself: TLS failed: certificate verify failed")) {
            _ = try await client.myself()
        }
        #expect(transport.requests.count == 1)
    }
}
