import JiraSpec

/// The REST operations the fake implements, resolved from a method and the path below `/rest/api/{version}/`.
enum APIRoute: Sendable, Equatable {
    case serverInfo
    case myself
    case myPermissions
    case createMetaIssueTypes(project: String)
    case createMetaFields(project: String, issueType: String)
    case legacyCreateMeta
    case fields
    case resolutions
    case createIssue
    case bulkCreate
    case getIssue(String)
    case editIssue(String)
    case editMeta(String)
    case getComments(String)
    case addComment(String)
    case getTransitions(String)
    case doTransition(String)
    case remoteLink(String)
    case issueLink
    case searchJQL
    case searchRemoved
    case searchDataCenter
    case statuses
    case assignIssue(String)
    case bulkFetchChangelogs

    /// The outcome of resolving a path.
    enum Resolution: Sendable, Equatable {
        case route(APIRoute)
        /// The path exists but not for this method; `allowed` lists the methods that do.
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    /// Resolves `rest` (the segments after `/rest/api/{version}`) for a flavor and Data Center version.
    static func resolve(method: String, rest: [String], flavor: JiraDeployment, version: FakeVersion) -> Resolution {
        let table = candidates(rest: rest, flavor: flavor, version: version)
        guard !table.isEmpty else { return .notFound }
        if let match = table.first(where: { $0.method == method }) { return .route(match.route) }
        if method == "HEAD", let match = table.first(where: { $0.method == "GET" }) { return .route(match.route) }
        return .methodNotAllowed(allowed: table.map(\.method))
    }

    private static func candidates(rest: [String], flavor: JiraDeployment, version: FakeVersion) -> [(method: String, route: APIRoute)] {
        // Paginated create metadata arrived in Data Center 8.4; the old endpoint left in 9.0.
        let hasPagedCreateMeta = flavor == .cloud || version >= FakeVersion([8, 4])
        let hasLegacyCreateMeta = flavor == .datacenter && version < FakeVersion([9, 0])
        if rest == ["serverInfo"] { return [("GET", .serverInfo)] }
        if rest == ["myself"] { return [("GET", .myself)] }
        if rest == ["mypermissions"] { return [("GET", .myPermissions)] }
        if rest == ["field"] { return [("GET", .fields)] }
        if rest == ["resolution"] { return [("GET", .resolutions)] }
        if rest == ["status"] { return [("GET", .statuses)] }
        if rest == ["changelog", "bulkfetch"], flavor == .cloud { return [("POST", .bulkFetchChangelogs)] }
        if rest == ["issue"] { return [("POST", .createIssue)] }
        if rest == ["issue", "bulk"] { return [("POST", .bulkCreate)] }
        if rest == ["issueLink"] { return [("POST", .issueLink)] }
        if rest == ["search", "jql"], flavor == .cloud { return [("GET", .searchJQL), ("POST", .searchJQL)] }
        if rest == ["search"] {
            return flavor == .cloud
                ? [("GET", .searchRemoved), ("POST", .searchRemoved)] : [("GET", .searchDataCenter), ("POST", .searchDataCenter)]
        }
        if rest == ["issue", "createmeta"], hasLegacyCreateMeta { return [("GET", .legacyCreateMeta)] }
        if let captured = match(rest, ["issue", "createmeta", "*", "issuetypes"]) {
            return hasPagedCreateMeta ? [("GET", .createMetaIssueTypes(project: captured[0]))] : []
        }
        if let captured = match(rest, ["issue", "createmeta", "*", "issuetypes", "*"]) {
            return hasPagedCreateMeta ? [("GET", .createMetaFields(project: captured[0], issueType: captured[1]))] : []
        }
        if let captured = match(rest, ["issue", "*"]) {
            return [("GET", .getIssue(captured[0])), ("PUT", .editIssue(captured[0]))]
        }
        if let captured = match(rest, ["issue", "*", "editmeta"]) { return [("GET", .editMeta(captured[0]))] }
        if let captured = match(rest, ["issue", "*", "comment"]) {
            return [("GET", .getComments(captured[0])), ("POST", .addComment(captured[0]))]
        }
        if let captured = match(rest, ["issue", "*", "transitions"]) {
            return [("GET", .getTransitions(captured[0])), ("POST", .doTransition(captured[0]))]
        }
        if let captured = match(rest, ["issue", "*", "assignee"]) { return [("PUT", .assignIssue(captured[0]))] }
        if let captured = match(rest, ["issue", "*", "remotelink"]) { return [("POST", .remoteLink(captured[0]))] }
        return []
    }

    /// Matches segments against a pattern where `*` is one free segment; the free segments in order.
    private static func match(_ segments: [String], _ pattern: [String]) -> [String]? {
        guard segments.count == pattern.count else { return nil }
        var captured: [String] = []
        for (segment, part) in zip(segments, pattern) {
            if part == "*" {
                captured.append(segment)
            } else if part != segment {
                return nil
            }
        }
        return captured
    }

    /// Operations Jira answers without credentials.
    var allowsAnonymous: Bool {
        self == .serverInfo || self == .searchRemoved
    }
}
