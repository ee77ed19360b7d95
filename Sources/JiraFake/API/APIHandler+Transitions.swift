import JiraSpec

extension APIHandler {
    func transitionJSON(_ transition: FakeTransition, issue: FakeIssue, withFields: Bool) -> SpecJSON {
        let workflow = configuration.project(issue.projectKey)?.workflow
        var object: SpecObject = ["id": .string(transition.id), "name": .string(transition.name)]
        object["to"] = workflow?.status(transition.to).map(statusJSON) ?? .null
        switch flavor {
        case .cloud:
            object["hasScreen"] = .bool(!transition.fields.isEmpty)
            object["isGlobal"] = .bool(transition.isGlobal)
            object["isInitial"] = false
            object["isAvailable"] = true
            object["isConditional"] = false
            object["isLooped"] = false
        case .datacenter:
            object["opsbarSequence"] = .number(SpecNumber((workflow?.transitions.firstIndex(of: transition) ?? 0) * 10))
        }
        if withFields {
            var fields = SpecObject()
            for field in transition.fields {
                fields[field.fieldId] = screenFieldJSON(field, style: .transition, projectKey: issue.projectKey)
            }
            object["fields"] = .object(fields)
        }
        return .object(object)
    }

    /// `GET issue/{issueIdOrKey}/transitions[?expand=transitions.fields]`.
    func getTransitions(_ key: String) -> FakeResponse {
        guard let index = visibleIssueIndex(key) else { return issueNotFound() }
        let issue = state.issues[index]
        let withFields = (request.queryList("expand") ?? []).contains("transitions.fields")
        var transitions: [FakeTransition] = []
        if may(.transitionIssues, issue.projectKey), let workflow = configuration.project(issue.projectKey)?.workflow {
            transitions = workflow.availableTransitions(fromStatus: issue.statusId)
        }
        if let only = request.queryValue("transitionId") { transitions = transitions.filter { $0.id == only } }
        var object: SpecObject = [:]
        if flavor == .cloud { object["expand"] = "transitions" }
        object["transitions"] = .array(transitions.map { transitionJSON($0, issue: issue, withFields: withFields) })
        return .json(200, .object(object))
    }

    /// `POST issue/{issueIdOrKey}/transitions`: moves the issue, with the transition screen's fields and an
    /// optional comment; entering a done status sets the resolution date, leaving one clears it.
    mutating func doTransition(_ key: String) -> FakeResponse {
        guard let index = visibleIssueIndex(key) else { return issueNotFound() }
        let issue = state.issues[index]
        guard may(.transitionIssues, issue.projectKey) else { return .errors(403, messages: [JiraMessages.noTransitionPermission]) }
        let body: SpecObject
        switch jsonBody() {
        case .failure(let error): return error.response
        case .success(let object): body = object
        }
        guard let reference = body["transition"], let rawId = (reference["id"] ?? reference).scalarText else {
            return .errors(400, messages: [JiraMessages.missingTransition])
        }
        guard Int(rawId) != nil else { return .errors(400, messages: [JiraMessages.transitionNotInteger]) }
        guard let project = configuration.project(issue.projectKey),
            let transition = project.workflow.availableTransitions(fromStatus: issue.statusId).first(where: { $0.id == rawId })
        else {
            return .errors(400, messages: [JiraMessages.transitionNotValid(rawId)])
        }
        let validator = FieldValueValidator(configuration: configuration, project: project)
        var refusal = RequestRefusal(status: 400)
        var values = SpecObject()
        for (fieldId, value) in body["fields"]?.objectValue ?? SpecObject() {
            guard let field = transition.fields.first(where: { $0.fieldId == fieldId }) else {
                refusal.errors[fieldId] = .string(JiraMessages.fieldNotOnScreen(fieldId))
                continue
            }
            switch validator.validate(value, field: field) {
            case .failure(let problem): refusal.errors[fieldId] = .string(problem.message)
            case .success(let stored): values[fieldId] = stored
            }
        }
        for field in transition.fields where field.required && refusal.errors[field.fieldId] == nil {
            if !FieldValueValidator.isFilled(values[field.fieldId]) { refusal.errors[field.fieldId] = .string(JiraMessages.required(field.name)) }
        }
        var comments: [SpecJSON] = []
        for operation in body["update"]?["comment"]?.arrayValue ?? [] {
            guard let add = operation["add"] else { continue }
            switch validateCommentBody(add["body"]) {
            case .failure(let problem):
                for (key, value) in problem.errors { refusal.errors[key] = value }
            case .success(let text): comments.append(text)
            }
        }
        guard refusal.errors.isEmpty else { return refusal.response }
        apply(transition, values: values, toIssueAt: index, workflow: project.workflow)
        for comment in comments { _ = appendComment(comment, toIssueAt: index) }
        return .empty(204)
    }

    private mutating func apply(_ transition: FakeTransition, values: SpecObject, toIssueAt index: Int, workflow: FakeWorkflow) {
        var issue = state.issues[index]
        let wasDone = workflow.status(issue.statusId)?.category == .done
        let isDone = workflow.status(transition.to)?.category == .done
        issue.history.append(
            FakeTransitionRecord(
                transitionId: transition.id,
                transitionName: transition.name,
                fromStatusId: issue.statusId,
                toStatusId: transition.to,
                at: now,
                byAccountId: caller?.accountId ?? ""
            )
        )
        let from = workflow.status(issue.statusId)
        let to = workflow.status(transition.to)
        var items = [
            FakeChangeItem(
                fieldId: "status",
                field: "status",
                fieldType: "jira",
                from: issue.statusId,
                fromString: from?.name,
                to: transition.to,
                toString: to?.name
            )
        ]
        let previousResolution = issue.resolution
        issue.statusId = transition.to
        for (fieldId, value) in values where fieldId != "resolution" {
            if let item = changeItem(fieldId: fieldId, from: issue.fields[fieldId], to: value, projectKey: issue.projectKey) { items.append(item) }
            issue.fields[fieldId] = value.isNull ? nil : value
        }
        if isDone {
            if let chosen = values["resolution"], let id = chosen["id"]?.stringValue, let name = chosen["name"]?.stringValue {
                issue.resolution = FakeAllowedValue(id: id, label: name)
            } else if issue.resolution == nil {
                issue.resolution = configuration.resolutions.first
            }
            if !wasDone || issue.resolutionDate == nil { issue.resolutionDate = now }
        } else {
            issue.resolution = nil
            issue.resolutionDate = nil
        }
        if issue.resolution != previousResolution {
            items.append(
                FakeChangeItem(
                    fieldId: "resolution",
                    field: "resolution",
                    fieldType: "jira",
                    from: previousResolution?.id,
                    fromString: previousResolution?.label,
                    to: issue.resolution?.id,
                    toString: issue.resolution?.label
                )
            )
        }
        issue.updated = now
        state.issues[index] = issue
        recordChanges(items, onIssueAt: index)
    }
}
