import JiraSpec

extension APIHandler {
    /// `POST issue`.
    mutating func createIssue() -> FakeResponse {
        let body: SpecObject
        switch jsonBody() {
        case .failure(let error): return error.response
        case .success(let object): body = object
        }
        switch prepareIssue(body) {
        case .failure(let refusal):
            return refusal.response
        case .success(let draft):
            return .json(201, createdJSON(commit(draft)))
        }
    }

    /// `POST issue/bulk`: each element created or refused on its own; 201 when any was created.
    mutating func bulkCreate() -> FakeResponse {
        let body: SpecObject
        switch jsonBody() {
        case .failure(let error): return error.response
        case .success(let object): body = object
        }
        guard let updates = body["issueUpdates"]?.arrayValue else {
            return .errors(400, messages: ["Request must contain 'issueUpdates'."])
        }
        guard updates.count <= 50 else { return .errors(400, messages: [JiraMessages.bulkLimit]) }
        var created: [SpecJSON] = []
        var errors: [SpecJSON] = []
        for (index, update) in updates.enumerated() {
            guard let object = update.objectValue else {
                errors.append(RequestRefusal(status: 400, messages: [JiraMessages.noContent]).bulkElement(index))
                continue
            }
            switch prepareIssue(object) {
            case .failure(let refusal): errors.append(refusal.bulkElement(index))
            case .success(let draft): created.append(createdJSON(commit(draft)))
            }
        }
        return .json(created.isEmpty ? 400 : 201, ["issues": .array(created), "errors": .array(errors)])
    }

    private func createdJSON(_ issue: FakeIssue) -> SpecJSON {
        ["id": .string(issue.id), "key": .string(issue.key), "self": .string(restURL("issue/\(issue.id)"))]
    }

    /// `fields` with `update` operations folded in (`{"labels": [{"add": "x"}]}`).
    func mergedFields(_ body: SpecObject) -> Result<SpecObject, RequestRefusal> {
        var fields = SpecObject()
        if let value = body["fields"] {
            guard let object = value.objectValue else { return .failure(RequestRefusal(status: 400, messages: [JiraMessages.invalidPayload])) }
            fields = object
        }
        guard let update = body["update"] else { return .success(fields) }
        guard let operations = update.objectValue else { return .failure(RequestRefusal(status: 400, messages: [JiraMessages.invalidPayload])) }
        var refusal = RequestRefusal(status: 400)
        for (fieldId, list) in operations {
            if fields[fieldId] != nil {
                refusal.errors[fieldId] = .string("Field '\(fieldId)' cannot be set in both 'fields' and 'update'.")
                continue
            }
            for operation in list.arrayValue ?? [] {
                if let value = operation["set"] {
                    fields[fieldId] = value
                } else if let value = operation["add"] {
                    var array = fields[fieldId]?.arrayValue ?? []
                    array.append(value)
                    fields[fieldId] = .array(array)
                }
            }
        }
        return refusal.errors.isEmpty ? .success(fields) : .failure(refusal)
    }

    /// Validates a create request: project and issue type, permission, every field against the create screen,
    /// required fields, then defaults. All field problems are reported together, as Jira does.
    func prepareIssue(_ body: SpecObject) -> Result<IssueDraft, RequestRefusal> {
        let fields: SpecObject
        switch mergedFields(body) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let merged): fields = merged
        }
        var refusal = RequestRefusal(status: 400)
        var project: FakeProject?
        if let reference = fields["project"] {
            let key = (reference["key"] ?? reference["id"])?.scalarText ?? reference.stringValue
            if let key, let found = configuration.project(key), may(.browseProjects, found.key) {
                project = found
            } else {
                refusal.errors["project"] = .string(JiraMessages.projectInvalid(flavor))
            }
        } else {
            refusal.errors["project"] = .string(JiraMessages.projectMissing(flavor))
        }
        var issueType: FakeIssueType?
        if let reference = fields["issuetype"] {
            let id = reference["id"]?.scalarText
            let name = reference["name"]?.stringValue
            if let project, id != nil || name != nil {
                issueType = project.issueType(id: id, name: name)
                if issueType == nil { refusal.errors["issuetype"] = .string(JiraMessages.issueTypeInvalid(flavor)) }
            } else if id == nil && name == nil {
                refusal.errors["issuetype"] = .string(JiraMessages.issueTypeInvalid(flavor))
            }
        } else {
            refusal.errors["issuetype"] = .string(JiraMessages.issueTypeMissing(flavor))
        }
        guard let project, let issueType, refusal.errors.isEmpty else { return .failure(refusal) }
        guard may(.createIssues, project.key) else {
            return .failure(RequestRefusal(status: 403, messages: [JiraMessages.noCreatePermission]))
        }
        let validator = FieldValueValidator(configuration: configuration, project: project)
        var stored = SpecObject()
        let settable = fields.filter { $0.0 != "project" && $0.0 != "issuetype" }
        for (field, value) in validator.validate(settable, on: issueType.field, into: &refusal) where !value.isNull {
            stored[field.fieldId] = value
        }
        for field in issueType.fields where field.fieldId != "project" && field.fieldId != "issuetype" {
            guard refusal.errors[field.fieldId] == nil, !FieldValueValidator.isFilled(stored[field.fieldId]) else { continue }
            if let value = defaultValue(field, validator: validator) {
                stored[field.fieldId] = value
            } else if field.required {
                refusal.errors[field.fieldId] = .string(FieldValueValidator.requiredMessage(field))
            } else {
                stored[field.fieldId] = nil
            }
        }
        guard refusal.errors.isEmpty else { return .failure(refusal) }
        if stored["reporter"] == nil, let caller { stored["reporter"] = ["accountId": .string(caller.accountId)] }
        return .success(IssueDraft(project: project, issueType: issueType, fields: stored))
    }

    /// What Jira fills in for a field left out: its configured default, or the caller for the reporter.
    private func defaultValue(_ field: FakeScreenField, validator: FieldValueValidator) -> SpecJSON? {
        guard field.hasDefaultValue else { return nil }
        if let value = field.defaultValue, case .success(let stored) = validator.validate(value, field: field), !stored.isNull {
            return stored
        }
        if field.schema.valueKind == .user, let caller { return ["accountId": .string(caller.accountId)] }
        return nil
    }

    /// Stores a validated draft as a new issue with the next key of its project.
    mutating func commit(_ draft: IssueDraft) -> FakeIssue {
        let number = (state.issueCounters[draft.project.key] ?? 0) + 1
        state.issueCounters[draft.project.key] = number
        let id = state.nextIssueId
        state.nextIssueId += 1
        let initial = draft.project.workflow.initialStatus
        let issue = FakeIssue(
            id: String(id),
            key: "\(draft.project.key)-\(number)",
            projectKey: draft.project.key,
            issueTypeId: draft.issueType.id,
            fields: draft.fields,
            statusId: initial,
            creatorAccountId: caller?.accountId ?? "",
            created: now,
            updated: now,
            resolutionDate: draft.project.workflow.status(initial)?.category == .done ? now : nil
        )
        state.issues.append(issue)
        return issue
    }
}
