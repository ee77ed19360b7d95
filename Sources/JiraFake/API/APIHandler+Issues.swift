import JiraSpec

extension APIHandler {
    /// System fields every issue has, in the order Jira lists them.
    private static let systemFieldIds = [
        "summary", "issuetype", "project", "status", "priority", "labels", "components", "fixVersions", "versions", "duedate", "reporter",
        "assignee", "creator", "created", "updated", "resolution", "resolutiondate", "description", "issuelinks", "comment",
    ]

    /// Every field id the issue can show: system fields, then the custom fields of its screen or set on it.
    func availableFieldIds(_ issue: FakeIssue) -> [String] {
        var ids = Self.systemFieldIds
        let screen = configuration.project(issue.projectKey)?.issueType(id: issue.issueTypeId)?.fields ?? []
        for field in screen where field.isCustom && !ids.contains(field.fieldId) { ids.append(field.fieldId) }
        for key in issue.fields.keys where !ids.contains(key) { ids.append(key) }
        return ids
    }

    /// An issue as `GET issue` and searches return it.
    func issueJSON(_ issue: FakeIssue, selection: FieldSelection, expand: [String] = []) -> SpecJSON {
        if selection.isIdOnly { return ["id": .string(issue.id)] }
        var fields = SpecObject()
        for id in selection.fieldIds(available: availableFieldIds(issue), nonNavigable: ["comment"]) {
            fields[id] = fieldValue(id, of: issue)
        }
        var object: SpecObject = [
            "expand": "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
            "id": .string(issue.id),
            "self": .string(restURL("issue/\(issue.id)")),
            "key": .string(issue.key),
        ]
        if !selection.explicit.isEmpty || selection.all || selection.navigable { object["fields"] = .object(fields) }
        if expand.contains("names") {
            var names = SpecObject()
            for id in fields.keys { names[id] = .string(configuration.field(id)?.name ?? id) }
            object["names"] = .object(names)
        }
        if expand.contains("changelog") { object["changelog"] = changelogPageJSON(issue) }
        if expand.contains("transitions"), let workflow = configuration.project(issue.projectKey)?.workflow {
            object["transitions"] = .array(
                workflow.availableTransitions(fromStatus: issue.statusId).map { transitionJSON($0, issue: issue, withFields: false) }
            )
        }
        return .object(object)
    }

    /// One field of an issue as Jira renders it; `null` when unset.
    func fieldValue(_ id: String, of issue: FakeIssue) -> SpecJSON {
        let project = configuration.project(issue.projectKey)
        switch id {
        case "issuetype":
            return project?.issueType(id: issue.issueTypeId).map(issueTypeJSON) ?? .null
        case "project":
            return project.map(projectJSON) ?? .null
        case "status":
            return project?.workflow.status(issue.statusId).map(statusJSON) ?? .null
        case "creator":
            return userJSON(accountId: issue.creatorAccountId)
        case "created":
            return .string(JiraTime.format(issue.created))
        case "updated":
            return .string(JiraTime.format(issue.updated))
        case "resolutiondate":
            return issue.resolutionDate.map { .string(JiraTime.format($0)) } ?? .null
        case "resolution":
            return issue.resolution.map(resolutionJSON) ?? .null
        case "comment":
            return commentPageJSON(issue, startAt: 0, maxResults: issue.comments.count)
        case "issuelinks":
            return .array(issueLinksJSON(issue))
        case "labels", "components", "fixVersions", "versions":
            return issue.fields[id].map { renderStored($0, fieldId: id, projectKey: issue.projectKey) } ?? []
        default:
            return issue.fields[id].map { renderStored($0, fieldId: id, projectKey: issue.projectKey) } ?? .null
        }
    }

    private func issueLinksJSON(_ issue: FakeIssue) -> [SpecJSON] {
        state.links.compactMap { link -> SpecJSON? in
            let isInward = link.outwardIssueKey == issue.key
            guard isInward || link.inwardIssueKey == issue.key,
                let type = configuration.linkTypes.first(where: { $0.id == link.typeId }),
                let other = state.issueIndex(isInward ? link.inwardIssueKey : link.outwardIssueKey).map({ state.issues[$0] })
            else { return nil }
            var object: SpecObject = [
                "id": .string(link.id),
                "self": .string(restURL("issueLink/\(link.id)")),
                "type": linkTypeJSON(type),
            ]
            let otherStatus = configuration.project(other.projectKey)?.workflow.status(other.statusId).map(statusJSON) ?? .null
            object[isInward ? "inwardIssue" : "outwardIssue"] = [
                "id": .string(other.id),
                "key": .string(other.key),
                "self": .string(restURL("issue/\(other.id)")),
                "fields": ["summary": other.fields["summary"] ?? .null, "status": otherStatus],
            ]
            return .object(object)
        }
    }

    func linkTypeJSON(_ type: FakeLinkType) -> SpecJSON {
        [
            "id": .string(type.id), "name": .string(type.name), "inward": .string(type.inward), "outward": .string(type.outward),
            "self": .string(restURL("issueLinkType/\(type.id)")),
        ]
    }

    /// `GET issue/{issueIdOrKey}`.
    func getIssue(_ key: String) -> FakeResponse {
        guard let index = visibleIssueIndex(key) else { return issueNotFound() }
        let selection = FieldSelection(request.queryList("fields"), default: ["*all"])
        return .json(200, issueJSON(state.issues[index], selection: selection, expand: request.queryList("expand") ?? []))
    }

    /// `GET issue/{issueIdOrKey}/editmeta`: the fields the caller may set with `PUT issue/{key}`, the issue type's
    /// screen without project and issue type; none without Edit Issues.
    func editMeta(_ key: String) -> FakeResponse {
        guard let index = visibleIssueIndex(key) else { return issueNotFound() }
        let issue = state.issues[index]
        var fields = SpecObject()
        if may(.editIssues, issue.projectKey), let project = configuration.project(issue.projectKey),
            let type = project.issueType(id: issue.issueTypeId)
        {
            for field in type.fields where field.fieldId != "project" && field.fieldId != "issuetype" {
                fields[field.fieldId] = screenFieldJSON(field, style: .legacy, projectKey: project.key)
            }
        }
        return .json(200, ["fields": .object(fields)])
    }

    /// `PUT issue/{issueIdOrKey}`: edits fields on the issue type's screen (summary, description, labels, …).
    mutating func editIssue(_ key: String) -> FakeResponse {
        guard let index = visibleIssueIndex(key) else { return issueNotFound() }
        var issue = state.issues[index]
        guard may(.editIssues, issue.projectKey) else { return .errors(403, messages: [JiraMessages.noEditPermission]) }
        let body: SpecObject
        switch jsonBody() {
        case .failure(let error): return error.response
        case .success(let object): body = object
        }
        guard let project = configuration.project(issue.projectKey), let type = project.issueType(id: issue.issueTypeId) else {
            return issueNotFound()
        }
        let validator = FieldValueValidator(configuration: configuration, project: project)
        var refusal = RequestRefusal(status: 400)
        var changes = SpecObject()
        if let fields = body["fields"]?.objectValue {
            let screen = { (fieldId: String) in fieldId == "project" || fieldId == "issuetype" ? nil : type.field(fieldId) }
            for (field, stored) in validator.validate(fields, on: screen, into: &refusal) {
                if field.required, !FieldValueValidator.isFilled(stored) {
                    refusal.errors[field.fieldId] = .string(FieldValueValidator.requiredMessage(field))
                } else {
                    changes[field.fieldId] = stored
                }
            }
        }
        for (fieldId, operations) in body["update"]?.objectValue ?? SpecObject() {
            guard let field = type.field(fieldId), fieldId != "project", fieldId != "issuetype" else {
                refusal.errors[fieldId] = .string(JiraMessages.fieldNotOnScreen(fieldId))
                continue
            }
            var current = changes[fieldId] ?? issue.fields[fieldId] ?? (field.schema.isArray ? [] : .null)
            for operation in operations.arrayValue ?? [] {
                let (verb, value) = (operation.objectValue?.keys.first ?? "", operation.objectValue?.values.first ?? .null)
                let single: SpecJSON = field.schema.isArray && verb != "set" ? [value] : value
                switch validator.validate(single, field: field) {
                case .failure(let problem):
                    refusal.errors[fieldId] = .string(problem.message)
                case .success(let stored):
                    switch verb {
                    case "set": current = stored
                    case "add":
                        current = .array((current.arrayValue ?? []) + (stored.arrayValue ?? []).filter { !(current.arrayValue ?? []).contains($0) })
                    case "remove": current = .array((current.arrayValue ?? []).filter { !(stored.arrayValue ?? []).contains($0) })
                    default: refusal.errors[fieldId] = .string("Operation '\(verb)' is not supported for field '\(fieldId)'.")
                    }
                }
            }
            changes[fieldId] = current
        }
        guard refusal.errors.isEmpty else { return refusal.response }
        var items: [FakeChangeItem] = []
        for (fieldId, value) in changes {
            let new = value.isNull || value == [] ? nil : value
            if let item = changeItem(fieldId: fieldId, from: issue.fields[fieldId], to: new, projectKey: issue.projectKey) { items.append(item) }
            issue.fields[fieldId] = new
        }
        issue.updated = now
        state.issues[index] = issue
        recordChanges(items, onIssueAt: index)
        if request.queryValue("returnIssue") == "true" {
            return .json(200, issueJSON(issue, selection: FieldSelection(nil, default: ["*all"])))
        }
        return .empty(204)
    }
}
