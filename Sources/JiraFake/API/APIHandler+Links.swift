import JiraSpec

extension APIHandler {
    /// `POST issueLink`: `{"type": {"name": "Relates"}, "inwardIssue": {"key": …}, "outwardIssue": {"key": …}}`.
    mutating func addIssueLink() -> FakeResponse {
        let body: SpecObject
        switch jsonBody() {
        case .failure(let error): return error.response
        case .success(let object): body = object
        }
        guard let typeReference = body["type"], let inward = body["inwardIssue"], let outward = body["outwardIssue"] else {
            return .errors(400, messages: ["Issue link type, inward issue and outward issue are required."])
        }
        let typeName = typeReference["name"]?.stringValue
        let typeId = typeReference["id"]?.scalarText
        guard
            let type = configuration.linkTypes.first(where: { type in
                typeId.map { type.id == $0 } ?? (type.name.lowercased() == typeName?.lowercased())
            })
        else {
            return .errors(404, messages: [JiraMessages.linkTypeNotFound(typeName ?? typeId ?? "")])
        }
        guard let inwardKey = (inward["key"] ?? inward["id"])?.scalarText, let inwardIndex = visibleIssueIndex(inwardKey),
            let outwardKey = (outward["key"] ?? outward["id"])?.scalarText, let outwardIndex = visibleIssueIndex(outwardKey)
        else {
            return issueNotFound()
        }
        state.links.append(
            FakeIssueLink(
                id: String(state.nextLinkId),
                typeId: type.id,
                inwardIssueKey: state.issues[inwardIndex].key,
                outwardIssueKey: state.issues[outwardIndex].key,
                created: now
            )
        )
        state.nextLinkId += 1
        return .empty(201)
    }

    /// `POST issue/{issueIdOrKey}/remotelink`: creates a web link, or updates the one with the same `globalId`.
    mutating func addRemoteLink(_ key: String) -> FakeResponse {
        guard let index = visibleIssueIndex(key) else { return issueNotFound() }
        let body: SpecObject
        switch jsonBody() {
        case .failure(let error): return error.response
        case .success(let object): body = object
        }
        guard let object = body["object"]?.objectValue else {
            return .errors(400, fields: ["object": "'object' is required."])
        }
        var refusal = RequestRefusal(status: 400)
        if object["url"]?.stringValue?.isEmpty ?? true { refusal.errors["url"] = "'url' is required." }
        if object["title"]?.stringValue?.isEmpty ?? true { refusal.errors["title"] = "'title' is required." }
        guard refusal.errors.isEmpty else { return refusal.response }
        let globalId = body["globalId"]?.stringValue
        let issueKey = state.issues[index].key
        if let globalId, let existing = state.issues[index].remoteLinks.firstIndex(where: { $0.globalId == globalId }) {
            state.issues[index].remoteLinks[existing].object = object
            state.issues[index].remoteLinks[existing].relationship = body["relationship"]?.stringValue
            let id = state.issues[index].remoteLinks[existing].id
            return .json(200, ["id": .number(SpecNumber(id)), "self": .string(restURL("issue/\(issueKey)/remotelink/\(id)"))])
        }
        let id = state.nextRemoteLinkId
        state.nextRemoteLinkId += 1
        state.issues[index].remoteLinks.append(
            FakeRemoteLink(id: id, globalId: globalId, object: object, relationship: body["relationship"]?.stringValue)
        )
        state.issues[index].updated = now
        return .json(201, ["id": .number(SpecNumber(id)), "self": .string(restURL("issue/\(issueKey)/remotelink/\(id)"))])
    }
}
