import Foundation
import JiraSpec

/// Answers one request against the state: routing, authentication, permissions and the operation itself.
///
/// A value created per request by ``FakeStore`` and run synchronously inside it, so each request sees and
/// changes the state atomically (issue numbers never collide, a search never sees half an issue).
struct APIHandler {
    let configuration: FakeConfiguration
    let request: FakeRequest
    let now: Date
    var state: FakeState
    /// The REST version in the path (`3` or `2`), for `self` links.
    var apiVersion = "3"
    /// The authenticated user, once known.
    var caller: FakeUser?
    /// The user a test plays through `/_fake/as/…`: authentication is skipped and this user is the caller.
    var actingAs: FakeUser?

    init(configuration: FakeConfiguration, request: FakeRequest, now: Date, state: FakeState) {
        self.configuration = configuration
        self.request = request
        self.now = now
        self.state = state
    }

    var flavor: JiraDeployment { configuration.flavor }

    /// Site URL: the configured one, else what the client used.
    var siteBase: String {
        if let base = configuration.baseURL { return base }
        return "http://\(request.header("host") ?? "localhost")"
    }

    /// Base of `self` links: the site, or the gateway prefix when the request came through it.
    var base: String {
        guard let cloudId = request.gatewayCloudId else { return siteBase }
        return "\(siteBase)/ex/jira/\(cloudId)"
    }

    /// `{base}/rest/api/{version}/{path}`.
    func restURL(_ path: String) -> String {
        "\(base)/rest/api/\(apiVersion)/\(path)"
    }

    mutating func handle() -> FakeResponse {
        let segments = request.segments
        if request.gatewayCloudId != nil {
            guard flavor == .cloud, request.gatewayCloudId == configuration.cloudId, segments.first == "rest" else {
                return .json(404, ["code": 404, "message": "Not Found"])
            }
        }
        switch segments {
        case ["oauth", "token"] where flavor == .cloud && request.gatewayCloudId == nil:
            guard request.method == "POST" else { return methodNotAllowed(["POST"]) }
            return oauthToken()
        case ["_edge", "tenant_info"] where flavor == .cloud && request.gatewayCloudId == nil:
            guard request.method == "GET" else { return methodNotAllowed(["GET"]) }
            return .json(200, ["cloudId": .string(configuration.cloudId)])
        default:
            break
        }
        guard segments.count >= 3, segments[0] == "rest", segments[1] == "api" else { return notFound() }
        let version = segments[2]
        let rest = Array(segments.dropFirst(3))
        switch flavor {
        case .cloud:
            // Cloud still serves a few v2 paths; alert2jira only ever asks v2 for serverInfo (flavor detection).
            guard version == "3" || (version == "2" && (rest == ["serverInfo"] || rest == ["search"])) else { return notFound() }
        case .datacenter:
            guard version == "2" || version == "latest" else { return notFound() }
        }
        apiVersion = version == "latest" ? "2" : version
        let route: APIRoute
        switch APIRoute.resolve(method: request.method, rest: rest, flavor: flavor, version: configuration.version) {
        case .route(let resolved): route = resolved
        case .methodNotAllowed(let allowed): return methodNotAllowed(allowed)
        case .notFound: return notFound()
        }
        if let actingAs {
            caller = actingAs
            return dispatch(route)
        }
        switch authenticate() {
        case .success(let user):
            caller = user
        case .failure(let failure):
            guard route.allowsAnonymous, failure.credentialsMissing else { return failure.response }
        }
        return dispatch(route)
    }

    private mutating func dispatch(_ route: APIRoute) -> FakeResponse {
        switch route {
        case .serverInfo: return serverInfo()
        case .myself: return myself()
        case .myPermissions: return myPermissions()
        case .createMetaIssueTypes(let project): return createMetaIssueTypes(project)
        case .createMetaFields(let project, let type): return createMetaFields(project, type)
        case .legacyCreateMeta: return legacyCreateMeta()
        case .fields: return fieldList()
        case .resolutions: return resolutionList()
        case .createIssue: return createIssue()
        case .bulkCreate: return bulkCreate()
        case .getIssue(let key): return getIssue(key)
        case .editIssue(let key): return editIssue(key)
        case .editMeta(let key): return editMeta(key)
        case .getComments(let key): return getComments(key)
        case .addComment(let key): return addComment(key)
        case .getTransitions(let key): return getTransitions(key)
        case .doTransition(let key): return doTransition(key)
        case .remoteLink(let key): return addRemoteLink(key)
        case .issueLink: return addIssueLink()
        case .searchJQL: return searchJQL()
        case .searchRemoved: return .errors(410, messages: [JiraMessages.searchRemoved])
        case .searchDataCenter: return searchDataCenter()
        case .statuses: return statusList()
        case .assignIssue(let key): return assignIssue(key)
        case .bulkFetchChangelogs: return bulkFetchChangelogs()
        }
    }

    /// Jersey's answer for a path no resource matches.
    func notFound() -> FakeResponse {
        .json(404, ["message": .string("null for uri: \(siteBase)\(request.rawPath)"), "status-code": 404])
    }

    func methodNotAllowed(_ allowed: [String]) -> FakeResponse {
        FakeResponse(status: 405, headers: [("Allow", allowed.joined(separator: ","))], body: .empty)
    }

    /// The request body as a JSON object, or the error response Jira gives for a missing or malformed body.
    func jsonBody() -> Result<SpecObject, FakeResponseError> {
        if let type = request.contentType, type != "application/json" {
            // Jira only takes JSON; form-like types fail its XSRF check before anything else.
            if ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"].contains(type),
                request.header("x-atlassian-token")?.lowercased() != "no-check"
            {
                return .failure(FakeResponseError(FakeResponse(status: 403, body: .text(JiraMessages.xsrfFailed, contentType: "text/plain"))))
            }
            return .failure(FakeResponseError(.empty(415)))
        }
        if request.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return .failure(FakeResponseError(.errors(400, messages: [JiraMessages.noContent])))
        }
        let value: SpecJSON
        do {
            value = try SpecJSON.parse(request.body)
        } catch {
            return .failure(FakeResponseError(.errors(400, messages: ["Unexpected character in the request body: \(error.description)"])))
        }
        guard let object = value.objectValue else {
            return .failure(FakeResponseError(.errors(400, messages: ["Can not deserialize instance of the request out of a non-object token"])))
        }
        return .success(object)
    }

    /// The issue by key or id when the caller may browse it.
    func visibleIssueIndex(_ keyOrId: String) -> Int? {
        guard let index = state.issueIndex(keyOrId), may(.browseProjects, state.issues[index].projectKey) else { return nil }
        return index
    }

    func issueNotFound() -> FakeResponse {
        .errors(404, messages: [JiraMessages.issueNotFound(flavor)])
    }

    func may(_ permission: FakePermission, _ projectKey: String) -> Bool {
        caller?.permissions.allows(permission, inProject: projectKey) ?? false
    }

    /// A non-negative integer query parameter (`startAt`, `maxResults`), or the default.
    func queryInteger(_ name: String, default value: Int) -> Int {
        guard let text = request.queryValue(name), let number = Int(text), number >= 0 else { return value }
        return number
    }
}
