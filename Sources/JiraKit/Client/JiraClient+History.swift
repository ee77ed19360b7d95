import Foundation
import JSON

extension JiraClient {
    /// The fields `report` reads of each issue.
    static let historyFields = ["summary", "project", "issuetype", "priority", "labels", "created", "resolutiondate", "status", "comment"]

    /// Every issue matching `jql` with its comments and changelog, in as few requests as the flavor allows: Cloud
    /// searches 100 issues a page and bulk-fetches the changelogs of 1,000 at once; Data Center expands the
    /// changelog in the search itself. `progress` hears the issues read so far and the total when known.
    public func issueHistories(
        jql: String,
        progress: (@Sendable (_ read: Int, _ total: Int?) -> Void)? = nil
    ) async throws(JiraError) -> [IssueHistory] {
        let flavor = try await flavor()
        var issues: [IssueHistory] = []
        // Data Center has no bulk changelog call, but its search expands them.
        let expand: String? = flavor == .datacenter ? "changelog" : nil
        try await searchPages(jql: jql, fields: Self.historyFields, expand: expand) { (page, total) async throws(JiraError) in
            for json in page {
                guard var issue = Self.issueHistory(json) else { continue }
                if let comments = json["fields"]?["comment"], let count = comments["total"]?.numericValue,
                    Int(count) > (comments["comments"]?.arrayValue?.count ?? 0)
                {
                    issue.comments = try await allComments(issue.key, flavor: flavor)
                }
                issues.append(issue)
            }
            progress?(issues.count, total)
        }
        if flavor == .cloud { try await attachChangelogs(to: &issues) }
        return issues
    }

    /// The category of every status by id (`new`, `indeterminate`, `done`), from `GET status`.
    public func statusCategories() async throws(JiraError) -> [String: String] {
        let flavor = try await flavor()
        let answer = try await send("GET", flavor.apiPath + "/status").body
        var categories: [String: String] = [:]
        for status in answer?.arrayValue ?? [] {
            guard let id = status["id"]?.stringValue, let category = status["statusCategory"]?["key"]?.stringValue else { continue }
            categories[id] = category
        }
        return categories
    }

    /// Cloud: `POST /rest/api/3/changelog/bulkfetch`, 1,000 issues a request, following its page tokens.
    private func attachChangelogs(to issues: inout [IssueHistory]) async throws(JiraError) {
        var positions: [String: Int] = [:]
        for (position, issue) in issues.enumerated() { positions[issue.id] = position }
        for start in stride(from: 0, to: issues.count, by: 1000) {
            let ids = issues[start..<min(issues.count, start + 1000)].map { JSONValue.string($0.id) }
            var token: String?
            repeat {
                var body = JSONObject([("issueIdsOrKeys", .array(ids)), ("maxResults", 1000)])
                if let token { body["nextPageToken"] = .string(token) }
                let answer = try await send("POST", "/rest/api/3/changelog/bulkfetch", body: .object(body)).body
                for log in answer?["issueChangeLogs"]?.arrayValue ?? [] {
                    guard let id = log["issueId"]?.stringValue, let position = positions[id] else { continue }
                    issues[position].changes += (log["changeHistories"]?.arrayValue ?? []).compactMap(Self.change)
                }
                token = answer?["nextPageToken"]?.stringValue
            } while token != nil
        }
        for index in issues.indices { issues[index].changes.sort { $0.created < $1.created } }
    }

    /// Every comment of an issue, when a search returned only the first ones.
    private func allComments(_ key: String, flavor: JiraFlavor) async throws(JiraError) -> [IssueHistory.Comment] {
        var comments: [IssueHistory.Comment] = []
        while true {
            let path = flavor.apiPath + "/issue/\(Self.escape(key))/comment?startAt=\(comments.count)&maxResults=100"
            let answer = try await send("GET", path).body
            let page = answer?["comments"]?.arrayValue ?? []
            comments += page.compactMap(Self.comment)
            let total = answer?["total"]?.numericValue.map(Int.init) ?? 0
            if page.isEmpty || comments.count >= total { return comments }
        }
    }

    static func issueHistory(_ json: JSONValue) -> IssueHistory? {
        guard let key = json["key"]?.stringValue, let fields = json["fields"],
            let created = fields["created"]?.stringValue.flatMap(JiraDate.parse)
        else { return nil }
        return IssueHistory(
            id: json["id"]?.stringValue ?? "",
            key: key,
            summary: fields["summary"]?.stringValue ?? "",
            project: fields["project"]?["key"]?.stringValue ?? String(key.prefix { $0 != "-" }),
            issueType: fields["issuetype"]?["name"]?.stringValue ?? "",
            priority: fields["priority"]?["name"]?.stringValue,
            labels: fields["labels"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            created: created,
            resolutionDate: fields["resolutiondate"]?.stringValue.flatMap(JiraDate.parse),
            statusCategory: fields["status"]?["statusCategory"]?["key"]?.stringValue ?? "",
            comments: (fields["comment"]?["comments"]?.arrayValue ?? []).compactMap(comment),
            changes: (json["changelog"]?["histories"]?.arrayValue ?? []).compactMap(change).sorted { $0.created < $1.created }
        )
    }

    static func change(_ json: JSONValue) -> IssueHistory.Change? {
        guard let created = json["created"]?.stringValue.flatMap(JiraDate.parse) else { return nil }
        let items = (json["items"]?.arrayValue ?? []).compactMap { item -> IssueHistory.Change.Item? in
            guard let field = item["field"]?.stringValue else { return nil }
            return IssueHistory.Change.Item(field: field, from: item["from"]?.stringValue, to: item["to"]?.stringValue)
        }
        return IssueHistory.Change(
            author: JiraUser(json: json["author"]) ?? JiraUser(id: "", displayName: "anonymous"),
            created: created,
            items: items
        )
    }

    static func comment(_ json: JSONValue) -> IssueHistory.Comment? {
        guard let created = json["created"]?.stringValue.flatMap(JiraDate.parse) else { return nil }
        let text = json["body"]?.stringValue ?? Self.firstText(json["body"]) ?? ""
        let isRepeat = ["The alert fired again", "The group changed"].contains { text.hasPrefix($0) }
        return IssueHistory.Comment(
            author: JiraUser(json: json["author"]) ?? JiraUser(id: "", displayName: "anonymous"),
            created: created,
            isRepeat: isRepeat
        )
    }

    /// The first text node of an ADF document, depth first: enough to tell alert2jira's own comments.
    private static func firstText(_ node: JSONValue?) -> String? {
        guard let node else { return nil }
        if node["type"]?.stringValue == "text", let text = node["text"]?.stringValue { return text }
        for child in node["content"]?.arrayValue ?? [] {
            if let text = firstText(child) { return text }
        }
        return nil
    }
}
