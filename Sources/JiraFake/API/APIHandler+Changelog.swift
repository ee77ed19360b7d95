import Foundation
import JiraSpec

extension APIHandler {
    /// Appends a changelog entry by the caller, now, when anything changed.
    mutating func recordChanges(_ items: [FakeChangeItem], onIssueAt index: Int) {
        guard !items.isEmpty else { return }
        state.issues[index].changelog.append(
            FakeChangeGroup(id: String(state.nextChangeGroupId), authorAccountId: caller?.accountId ?? "", created: now, items: items)
        )
        state.nextChangeGroupId += 1
    }

    /// How a field's change reads in the changelog: ids in `from`/`to`, names in the strings, as Jira writes them.
    func changeItem(fieldId: String, from old: SpecJSON?, to new: SpecJSON?, projectKey: String) -> FakeChangeItem? {
        let before = old.flatMap { $0.isNull ? nil : $0 }
        let after = new.flatMap { $0.isNull ? nil : $0 }
        guard before != after else { return nil }
        let definition = configuration.field(fieldId)
        return FakeChangeItem(
            fieldId: fieldId,
            field: definition.map { $0.isCustom ? $0.name : fieldId } ?? fieldId,
            fieldType: definition?.isCustom == true ? "custom" : "jira",
            from: before.flatMap(changeId),
            fromString: before.map(changeString),
            to: after.flatMap(changeId),
            toString: after.map(changeString)
        )
    }

    private func changeId(_ value: SpecJSON) -> String? {
        if let accountId = value["accountId"]?.stringValue {
            return flavor == .cloud ? accountId : configuration.users.first { $0.accountId == accountId }?.name ?? accountId
        }
        if let id = value["id"]?.stringValue { return id }
        if let elements = value.arrayValue { return elements.compactMap { $0["id"]?.stringValue }.joined(separator: ", ").nilIfEmpty }
        return nil
    }

    private func changeString(_ value: SpecJSON) -> String {
        switch value {
        case .string(let text): return text
        case .number(let number): return number.text
        case .bool(let flag): return flag ? "true" : "false"
        case .array(let elements): return elements.map(changeString).joined(separator: " ")
        case .object(let object):
            if let accountId = object["accountId"]?.stringValue {
                return configuration.users.first { $0.accountId == accountId }?.displayName ?? accountId
            }
            return (object["value"] ?? object["name"])?.stringValue ?? ""
        case .null: return ""
        }
    }

    /// One changelog entry as Jira serves it (`Changelog` on Cloud, `ChangeHistoryBean` on Data Center).
    func changeGroupJSON(_ group: FakeChangeGroup) -> SpecJSON {
        [
            "id": .string(group.id),
            "author": userJSON(accountId: group.authorAccountId),
            "created": .string(JiraTime.format(group.created)),
            "items": .array(
                group.items.map { item in
                    var object: SpecObject = ["field": .string(item.field), "fieldtype": .string(item.fieldType)]
                    if flavor == .cloud { object["fieldId"] = .string(item.fieldId) }
                    // Both specs declare these as non-null strings, so a missing side is left out rather than null.
                    for (name, value) in [("from", item.from), ("fromString", item.fromString), ("to", item.to), ("toString", item.toString)] {
                        if let value { object[name] = .string(value) }
                    }
                    return .object(object)
                }
            ),
        ]
    }

    /// The `changelog` an issue gets with `expand=changelog`: every entry on one page.
    func changelogPageJSON(_ issue: FakeIssue) -> SpecJSON {
        [
            "startAt": 0,
            "maxResults": .number(SpecNumber(issue.changelog.count)),
            "total": .number(SpecNumber(issue.changelog.count)),
            "histories": .array(issue.changelog.map(changeGroupJSON)),
        ]
    }

    /// Cloud `POST changelog/bulkfetch`: the changelogs of up to 1,000 issues, `maxResults` entries a page, paged with
    /// an opaque token. Issues the caller may not browse are left out, as Jira does.
    func bulkFetchChangelogs() -> FakeResponse {
        let body: SpecObject
        switch jsonBody() {
        case .failure(let error): return error.response
        case .success(let object): body = object
        }
        let known: Set<String> = ["issueIdsOrKeys", "fieldIds", "maxResults", "nextPageToken"]
        guard body.keys.allSatisfy(known.contains) else { return .errors(400, messages: [JiraMessages.invalidPayload]) }
        guard let keys = body["issueIdsOrKeys"]?.arrayValue?.compactMap(\.stringValue), !keys.isEmpty,
            keys.count == body["issueIdsOrKeys"]?.arrayValue?.count
        else {
            return .errors(400, messages: ["issueIdsOrKeys must list between 1 and 1000 issue ids or keys."])
        }
        guard keys.count <= 1000 else { return .errors(400, messages: ["issueIdsOrKeys must list between 1 and 1000 issue ids or keys."]) }
        let fieldIds = Set(body["fieldIds"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        guard fieldIds.count <= 10 else { return .errors(400, messages: ["fieldIds can list at most 10 fields."]) }
        var maxResults = 1000
        if let value = body["maxResults"], !value.isNull {
            guard let number = value.numericValue, number >= 1, number <= 10_000 else {
                return .errors(400, messages: ["maxResults must be between 1 and 10000."])
            }
            maxResults = Int(number)
        }
        var offset = 0
        if let token = body["nextPageToken"]?.stringValue {
            guard let decoded = Data(base64Encoded: token).flatMap({ String(data: $0, encoding: .utf8) }), decoded.hasPrefix("changelog:"),
                let value = Int(decoded.dropFirst("changelog:".count)), value >= 0
            else {
                return .errors(400, messages: ["The provided next page token is invalid or expired."])
            }
            offset = value
        }
        // Entries in request order, issue by issue; a page holds `maxResults` entries, whatever issues they belong to.
        var entries: [(issueId: String, group: FakeChangeGroup)] = []
        for key in keys {
            guard let index = visibleIssueIndex(key) else { continue }
            let issue = state.issues[index]
            for group in issue.changelog {
                var kept = group
                if !fieldIds.isEmpty { kept.items = group.items.filter { fieldIds.contains($0.fieldId) } }
                if !kept.items.isEmpty { entries.append((issue.id, kept)) }
            }
        }
        let page = offset < entries.count ? Array(entries[offset..<min(entries.count, offset + maxResults)]) : []
        var logs: [(String, [SpecJSON])] = []
        for entry in page {
            if logs.last?.0 == entry.issueId {
                logs[logs.count - 1].1.append(changeGroupJSON(entry.group))
            } else {
                logs.append((entry.issueId, [changeGroupJSON(entry.group)]))
            }
        }
        var object: SpecObject = [
            "issueChangeLogs": .array(logs.map { ["issueId": .string($0.0), "changeHistories": .array($0.1)] })
        ]
        let next = offset + page.count
        if next < entries.count { object["nextPageToken"] = .string(Data("changelog:\(next)".utf8).base64EncodedString()) }
        return .json(200, .object(object))
    }

    /// `PUT issue/{key}/assignee`: `{"accountId": …}` on Cloud, `{"name": …}` on Data Center; `null` unassigns.
    mutating func assignIssue(_ key: String) -> FakeResponse {
        guard let index = visibleIssueIndex(key) else { return issueNotFound() }
        let projectKey = state.issues[index].projectKey
        // The fake's permission set has no Assign Issues; Edit Issues stands in for it.
        guard may(.editIssues, projectKey) else { return .errors(403, messages: [JiraMessages.noEditPermission]) }
        let body: SpecObject
        switch jsonBody() {
        case .failure(let error): return error.response
        case .success(let object): body = object
        }
        let reference = flavor == .cloud ? body["accountId"] : body["name"]
        var assignee: SpecJSON?
        if let name = reference?.stringValue {
            let user = configuration.users.first { flavor == .cloud ? $0.accountId == name : $0.name == name }
            guard let user else {
                return .errors(400, fields: ["assignee": .string("User '\(name)' does not exist.")])
            }
            assignee = ["accountId": .string(user.accountId)]
        }
        let change = changeItem(fieldId: "assignee", from: state.issues[index].fields["assignee"], to: assignee, projectKey: projectKey)
        state.issues[index].fields["assignee"] = assignee
        state.issues[index].updated = now
        recordChanges(change.map { [$0] } ?? [], onIssueAt: index)
        return .empty(204)
    }

    /// `GET status`: every status of the configured workflows, with its category.
    func statusList() -> FakeResponse {
        var seen = Set<String>()
        var statuses: [SpecJSON] = []
        for project in configuration.projects {
            for status in project.workflow.statuses where seen.insert(status.id).inserted {
                statuses.append(statusJSON(status))
            }
        }
        return .json(200, .array(statuses))
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
