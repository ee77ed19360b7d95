import Foundation
import JiraSpec

extension APIHandler {
    /// Issues matching `jql` that the caller may see, sorted; or Jira's 400 for a bad query.
    func runSearch(_ jql: String, requireBounded: Bool) -> Result<[FakeIssue], FakeResponseError> {
        let query: JQLQuery
        switch JQLParser.parse(jql) {
        case .failure(let error): return .failure(FakeResponseError(.errors(400, messages: error.messages)))
        case .success(let parsed): query = parsed
        }
        if requireBounded, query.condition == nil {
            return .failure(FakeResponseError(.errors(400, messages: [JiraMessages.unboundedJQL])))
        }
        let visible = state.issues.filter { may(.browseProjects, $0.projectKey) }
        let evaluator = JQLEvaluator(configuration: configuration, issues: visible, caller: caller, now: now)
        let predicate: JQLEvaluator.Predicate
        let ordering: JQLEvaluator.Ordering
        switch (evaluator.predicate(for: query.condition), evaluator.ordering(query.orderBy)) {
        case (.failure(let first), .failure(let second)):
            return .failure(FakeResponseError(.errors(400, messages: first.messages + second.messages)))
        case (.failure(let error), _), (_, .failure(let error)):
            return .failure(FakeResponseError(.errors(400, messages: error.messages)))
        case (.success(let matching), .success(let order)):
            (predicate, ordering) = (matching, order)
        }
        return .success(visible.filter(predicate).sorted(by: ordering))
    }

    /// Cloud `GET|POST search/jql`: token-paginated, `fields` defaulting to ids only, bounded queries only.
    func searchJQL() -> FakeResponse {
        var jql = ""
        var maxResults = 50
        var token: String?
        var fields: [String]?
        var expand: [String] = []
        if request.method == "POST" {
            let body: SpecObject
            switch jsonBody() {
            case .failure(let error): return error.response
            case .success(let object): body = object
            }
            let known: Set<String> = ["jql", "maxResults", "fields", "nextPageToken", "expand", "properties", "fieldsByKeys", "reconcileIssues"]
            guard body.keys.allSatisfy(known.contains) else { return .errors(400, messages: [JiraMessages.invalidPayload]) }
            switch body["jql"] {
            case nil, .null: break
            case .string(let text): jql = text
            default: return .errors(400, messages: [JiraMessages.invalidPayload])
            }
            if let value = body["maxResults"], !value.isNull {
                guard case .number(let number) = value, let count = Int(number.text) else {
                    return .errors(400, messages: [JiraMessages.invalidPayload])
                }
                maxResults = count
            }
            if let value = body["fields"], !value.isNull {
                guard let list = value.arrayValue?.compactMap(\.stringValue), list.count == value.arrayValue?.count else {
                    return .errors(400, messages: [JiraMessages.invalidPayload])
                }
                fields = list
            }
            token = body["nextPageToken"]?.stringValue
            expand = body["expand"]?.stringValue?.split(separator: ",").map(String.init) ?? []
        } else {
            jql = request.queryValue("jql") ?? ""
            maxResults = queryInteger("maxResults", default: 50)
            token = request.queryValue("nextPageToken")
            fields = request.queryList("fields")
            expand = request.queryList("expand") ?? []
        }
        var offset = 0
        if let token {
            guard let decoded = Data(base64Encoded: token).flatMap({ String(data: $0, encoding: .utf8) }), decoded.hasPrefix("offset:"),
                let value = Int(decoded.dropFirst("offset:".count)), value >= 0
            else {
                return .errors(400, messages: ["The provided next page token is invalid or expired."])
            }
            offset = value
        }
        let selection = FieldSelection(fields, default: ["id"])
        // Jira shrinks pages when whole issues are asked for; ids alone come 5000 at a time.
        maxResults = max(1, min(maxResults, selection.isIdOnly ? 5000 : 100))
        let issues: [FakeIssue]
        switch runSearch(jql, requireBounded: true) {
        case .failure(let error): return error.response
        case .success(let found): issues = found
        }
        let page = offset < issues.count ? Array(issues[offset..<min(issues.count, offset + maxResults)]) : []
        var object: SpecObject = ["issues": .array(page.map { issueJSON($0, selection: selection, expand: expand) })]
        let next = offset + page.count
        if next < issues.count { object["nextPageToken"] = .string(Data("offset:\(next)".utf8).base64EncodedString()) }
        object["isLast"] = .bool(next >= issues.count)
        return .json(200, .object(object))
    }

    /// Data Center `GET|POST search`: `startAt`/`maxResults`/`total`, fields defaulting to navigable ones.
    func searchDataCenter() -> FakeResponse {
        var jql = ""
        var startAt = 0
        var maxResults = configuration.pageSize
        var fields: [String]?
        var expand: [String] = []
        if request.method == "POST" {
            let body: SpecObject
            switch jsonBody() {
            case .failure(let error): return error.response
            case .success(let object): body = object
            }
            jql = body["jql"]?.stringValue ?? ""
            if let value = body["startAt"]?.numericValue { startAt = max(0, Int(value)) }
            if let value = body["maxResults"]?.numericValue { maxResults = max(0, Int(value)) }
            fields = body["fields"]?.arrayValue?.compactMap(\.stringValue)
            expand = body["expand"]?.arrayValue?.compactMap(\.stringValue) ?? body["expand"]?.stringValue.map { [$0] } ?? []
        } else {
            jql = request.queryValue("jql") ?? ""
            startAt = queryInteger("startAt", default: 0)
            maxResults = queryInteger("maxResults", default: configuration.pageSize)
            fields = request.queryList("fields")
            expand = request.queryList("expand") ?? []
        }
        maxResults = min(maxResults, 1000)
        let issues: [FakeIssue]
        switch runSearch(jql, requireBounded: false) {
        case .failure(let error): return error.response
        case .success(let found): issues = found
        }
        let selection = FieldSelection(fields, default: ["*navigable"])
        let page = startAt < issues.count ? Array(issues[startAt..<min(issues.count, startAt + maxResults)]) : []
        return .json(
            200,
            [
                "expand": "schema,names",
                "startAt": .number(SpecNumber(startAt)),
                "maxResults": .number(SpecNumber(maxResults)),
                "total": .number(SpecNumber(issues.count)),
                "issues": .array(page.map { issueJSON($0, selection: selection, expand: expand) }),
            ]
        )
    }
}
