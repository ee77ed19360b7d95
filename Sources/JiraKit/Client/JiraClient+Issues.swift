import Contracts
import Foundation
import JSON
import JiraMarkup

extension JiraClient {
    /// Issues matching `jql`, every page, newest first when the query says so.
    public func search(jql: String, fields: [String], limit: Int = 1000) async throws(JiraError) -> [IssueSummary] {
        var issues: [IssueSummary] = []
        try await searchPages(jql: jql, fields: fields, limit: limit) { page, _ in issues += page.compactMap(Self.issueSummary) }
        return issues
    }

    /// Walks every page of a search, 100 issues at a time, until `limit` issues were read: Cloud follows
    /// `nextPageToken`, Data Center `startAt` and `total`. `visit` gets each page and the total when Jira says it.
    func searchPages(
        jql: String,
        fields: [String],
        expand: String? = nil,
        limit: Int = .max,
        _ visit: (_ page: [JSONValue], _ total: Int?) async throws(JiraError) -> Void
    ) async throws(JiraError) {
        let flavor = try await flavor()
        var read = 0
        var nextPageToken: String?
        while read < limit {
            var parameters: [(name: String, value: JSONValue)] = [
                ("jql", .string(jql)), ("fields", .array(fields.map(JSONValue.string))), ("maxResults", 100),
            ]
            switch flavor {
            case .cloud:
                if let nextPageToken { parameters.append(("nextPageToken", .string(nextPageToken))) }
            case .datacenter:
                parameters.append(("startAt", .number(JSONNumber(read))))
            }
            if let expand { parameters.append(("expand", .string(expand))) }
            let answer = try await searchPage(flavor.searchPath, parameters)
            let page = answer?["issues"]?.arrayValue ?? []
            read += page.count
            switch flavor {
            case .cloud:
                try await visit(page, nil)
                nextPageToken = answer?["nextPageToken"]?.stringValue
                if nextPageToken == nil || answer?["isLast"]?.boolValue == true || page.isEmpty { return }
            case .datacenter:
                let total = answer?["total"]?.numericValue.map(Int.init)
                try await visit(page, total)
                if page.isEmpty || read >= (total ?? 0) { return }
            }
        }
    }

    /// Query strings longer than this go in a POST body: proxies and Tomcat refuse long request lines.
    static let longestSearchQuery = 2_000

    /// One page of a search: `GET` with the query in the URL when it fits, else `POST`. Some Data Center sites
    /// and proxies answer 405 to one of the two, so a 405 tries the other before giving up.
    func searchPage(_ path: String, _ parameters: [(name: String, value: JSONValue)]) async throws(JiraError) -> JSONValue? {
        let query = parameters.map { name, value in
            let text = value.arrayValue.map { $0.compactMap(\.scalarText).joined(separator: ",") } ?? value.scalarText ?? ""
            return name + "=" + Self.escape(text)
        }.joined(separator: "&")
        let body = JSONValue.object(JSONObject(parameters.map { ($0.name, $0.value) }))
        if query.utf8.count <= Self.longestSearchQuery {
            let answer = try await send("GET", path + "?" + query, accepting: [405])
            guard answer.status == 405 else { return answer.body }
            return try await send("POST", path, body: body).body
        }
        let answer = try await send("POST", path, body: body, accepting: [405])
        guard answer.status == 405 else { return answer.body }
        throw .rejected(
            status: 405,
            messages: [
                "the site takes no POST searches, and this query (\(query.utf8.count) bytes) is too long for a GET URL; "
                    + "shorten the rule's dedup labels or ask the Jira admin to allow POST on \(path)"
            ],
            fieldErrors: [:],
            request: "POST \(path)"
        )
    }

    static func issueSummary(_ json: JSONValue) -> IssueSummary? {
        guard let key = json["key"]?.stringValue else { return nil }
        let fields = json["fields"]?.objectValue ?? JSONObject()
        return IssueSummary(
            id: json["id"]?.stringValue ?? "",
            key: key,
            summary: fields["summary"]?.stringValue ?? "",
            statusCategory: fields["status"]?["statusCategory"]?["key"]?.stringValue ?? "",
            resolutionDate: fields["resolutiondate"]?.stringValue.flatMap(JiraDate.parse),
            created: fields["created"]?.stringValue.flatMap(JiraDate.parse),
            updated: fields["updated"]?.stringValue.flatMap(JiraDate.parse),
            labels: fields["labels"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            fields: fields
        )
    }

    /// Adds a comment written as plain text (rendered to ADF or wiki markup, alert text escaped).
    public func addComment(issue: String, text: String) async throws(JiraError) {
        let flavor = try await flavor()
        let body: JSONValue =
            switch flavor {
            case .cloud: DescriptionDocument(text: text).adf()
            case .datacenter: .string(DescriptionDocument(text: text).wikiMarkup())
            }
        _ = try await send("POST", flavor.apiPath + "/issue/\(Self.escape(issue))/comment", body: ["body": body])
    }

    /// Rewrites fields of an existing issue.
    public func editIssue(_ issue: String, fields: JSONObject) async throws(JiraError) {
        _ = try await send("PUT", try await flavor().apiPath + "/issue/\(Self.escape(issue))", body: ["fields": .object(fields)])
    }

    /// The transitions available from the issue's status, with their screens' fields.
    /// The ids of the fields `issue`'s edit screen lets the service account set (`GET …/issue/{key}/editmeta`),
    /// cached for `metadata_ttl` under `kind` (the project and issue type the issue shares its screen with).
    public func editableFields(of issue: String, kind: String) async throws(JiraError) -> Set<String> {
        if let cached = editableFieldCache[kind], clock.now < cached.expires { return cached.value }
        let answer = try await send("GET", try await flavor().apiPath + "/issue/\(Self.escape(issue))/editmeta").body
        let fields = Set((answer?["fields"]?.objectValue ?? JSONObject()).keys)
        editableFieldCache[kind] = Cached(value: fields, expires: clock.now + connection.metadataTTL)
        return fields
    }

    /// The names of the site's resolutions (`GET …/resolution`).
    public func resolutions() async throws(JiraError) -> [String] {
        let answer = try await send("GET", try await flavor().apiPath + "/resolution").body
        return (answer?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }

    public func transitions(of issue: String) async throws(JiraError) -> [TransitionInfo] {
        let answer = try await send("GET", try await flavor().apiPath + "/issue/\(Self.escape(issue))/transitions?expand=transitions.fields").body
        return (answer?["transitions"]?.arrayValue ?? []).compactMap { json in
            guard let id = json["id"]?.stringValue, let name = json["name"]?.stringValue else { return nil }
            var fields: [FieldInfo] = []
            for (fieldID, fieldJSON) in json["fields"]?.objectValue ?? JSONObject() {
                if let field = FieldInfo(json: fieldJSON, id: fieldID) { fields.append(field) }
            }
            return TransitionInfo(id: id, name: name, toCategory: json["to"]?["statusCategory"]?["key"]?.stringValue ?? "", fields: fields)
        }
    }

    public func transition(_ issue: String, id: String, fields: JSONObject = JSONObject()) async throws(JiraError) {
        var body: JSONObject = ["transition": ["id": .string(id)]]
        if !fields.isEmpty { body["fields"] = .object(fields) }
        _ = try await send("POST", try await flavor().apiPath + "/issue/\(Self.escape(issue))/transitions", body: .object(body))
    }

    /// Links two issues ("relates to" by default).
    public func link(_ issue: String, to other: String, type: String = "Relates") async throws(JiraError) {
        let body: JSONValue = ["type": ["name": .string(type)], "inwardIssue": ["key": .string(issue)], "outwardIssue": ["key": .string(other)]]
        _ = try await send("POST", try await flavor().apiPath + "/issueLink", body: body)
    }

    /// Creates up to 50 issues in one request. Each element succeeds or fails on its own; a lost
    /// answer is ``JiraError/outcomeUnknown`` for the whole batch.
    public func createIssues(_ requests: [IssueRequest]) async throws(JiraError) -> [Result<CreatedIssue, JiraError>] {
        let path = try await flavor().apiPath + "/issue/bulk"
        let updates = requests.map { $0.body }
        // Jira answers 400 when every element failed, with the same per-element body as a 201.
        let response = try await send("POST", path, body: ["issueUpdates": .array(updates)], idempotent: false, accepting: [400])
        var failures: [Int: JiraError] = [:]
        for error in response.body?["errors"]?.arrayValue ?? [] {
            guard let index = error["failedElementNumber"]?.numericValue.map(Int.init) else { continue }
            let element = error["elementErrors"]
            var fieldErrors: [String: String] = [:]
            for (key, value) in element?["errors"]?.objectValue ?? JSONObject() {
                fieldErrors[key] = value.scalarText ?? value.jsonString
            }
            failures[index] = .rejected(
                status: error["status"]?.numericValue.map(Int.init) ?? 400,
                messages: element?["errorMessages"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                fieldErrors: fieldErrors,
                request: "POST \(path)"
            )
        }
        var created = (response.body?["issues"]?.arrayValue ?? []).makeIterator()
        return requests.indices.map { index in
            if let failure = failures[index] { return .failure(failure) }
            guard let issue = created.next(), let key = issue["key"]?.stringValue else {
                return .failure(.invalidResponse(path: path, reason: "element \(index) neither created nor reported as failed"))
            }
            return .success(CreatedIssue(id: issue["id"]?.stringValue ?? "", key: key, url: browseURL(key: key)))
        }
    }

    /// Every field of the site (`GET /field`), for checking a dedup field exists and holds text.
    public func siteFields() async throws(JiraError) -> [JSONValue] {
        try await send("GET", try await flavor().apiPath + "/field").body?.arrayValue ?? []
    }
}
