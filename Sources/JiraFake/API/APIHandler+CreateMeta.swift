import JiraSpec

extension APIHandler {
    /// The project for create metadata, or Jira's 400 when it does not exist or cannot be seen.
    private func createMetaProject(_ keyOrId: String) -> Result<FakeProject, FakeResponseError> {
        guard let project = configuration.project(keyOrId), may(.browseProjects, project.key) else {
            return .failure(FakeResponseError(.errors(400, messages: [JiraMessages.projectNotFound(keyOrId)])))
        }
        return .success(project)
    }

    /// `startAt` and `maxResults`, or Cloud's 400 for a page larger than it serves.
    private func page() -> Result<(startAt: Int, maxResults: Int), FakeResponseError> {
        let maxResults = queryInteger("maxResults", default: configuration.pageSize)
        if flavor == .cloud, maxResults > 200 {
            return .failure(FakeResponseError(.errors(400, messages: ["Parameter 'maxResults' must not exceed the limit '200'"])))
        }
        return .success((queryInteger("startAt", default: 0), maxResults))
    }

    /// A page of `items` in the flavor's envelope: `issueTypes`/`fields` on Cloud, `values` (+ `isLast`) on Data Center.
    private func pageJSON(_ items: [SpecJSON], startAt: Int, maxResults: Int, cloudKey: String) -> SpecJSON {
        let slice = startAt < items.count ? Array(items[startAt..<min(items.count, startAt + maxResults)]) : []
        var object: SpecObject = [
            "maxResults": .number(SpecNumber(maxResults)),
            "startAt": .number(SpecNumber(startAt)),
            "total": .number(SpecNumber(items.count)),
        ]
        switch flavor {
        case .cloud:
            object[cloudKey] = .array(slice)
        case .datacenter:
            object["isLast"] = .bool(startAt + slice.count >= items.count)
            object["values"] = .array(slice)
        }
        return .object(object)
    }

    /// `GET issue/createmeta/{projectIdOrKey}/issuetypes`.
    func createMetaIssueTypes(_ projectKey: String) -> FakeResponse {
        let project: FakeProject
        let page: (startAt: Int, maxResults: Int)
        switch (createMetaProject(projectKey), self.page()) {
        case (.failure(let error), _), (_, .failure(let error)): return error.response
        case (.success(let found), .success(let bounds)): (project, page) = (found, bounds)
        }
        // Jira leaves out what the caller may not create, rather than refusing.
        let types = may(.createIssues, project.key) ? project.issueTypes.map(issueTypeJSON) : []
        return .json(200, pageJSON(types, startAt: page.startAt, maxResults: page.maxResults, cloudKey: "issueTypes"))
    }

    /// `GET issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}`.
    func createMetaFields(_ projectKey: String, _ typeId: String) -> FakeResponse {
        let project: FakeProject
        let page: (startAt: Int, maxResults: Int)
        switch (createMetaProject(projectKey), self.page()) {
        case (.failure(let error), _), (_, .failure(let error)): return error.response
        case (.success(let found), .success(let bounds)): (project, page) = (found, bounds)
        }
        guard let type = project.issueType(id: typeId) else {
            return .errors(400, messages: ["The issue type with id '\(typeId)' does not exist or is not valid for project '\(project.key)'."])
        }
        let style: FieldMetaStyle = flavor == .cloud ? .cloudCreateMeta : .dataCenterCreateMeta
        let fields = may(.createIssues, project.key) ? type.fields.map { screenFieldJSON($0, style: style, projectKey: project.key) } : []
        return .json(200, pageJSON(fields, startAt: page.startAt, maxResults: page.maxResults, cloudKey: "fields"))
    }

    /// `GET issue/createmeta?projectKeys=…&expand=projects.issuetypes.fields`, Data Center before 9.0.
    func legacyCreateMeta() -> FakeResponse {
        let keys = request.queryList("projectKeys") ?? []
        let ids = request.queryList("projectIds") ?? []
        let typeIds = request.queryList("issuetypeIds") ?? []
        let typeNames = (request.queryList("issuetypeNames") ?? []).map { $0.lowercased() }
        let expand = request.queryList("expand") ?? []
        let withFields = expand.contains("projects.issuetypes.fields")
        var projects: [SpecJSON] = []
        for project in configuration.projects {
            if !keys.isEmpty || !ids.isEmpty {
                guard keys.contains(where: { $0.uppercased() == project.key }) || ids.contains(project.id) else { continue }
            }
            guard may(.browseProjects, project.key), may(.createIssues, project.key) else { continue }
            var types: [SpecJSON] = []
            for type in project.issueTypes {
                if !typeIds.isEmpty || !typeNames.isEmpty {
                    guard typeIds.contains(type.id) || typeNames.contains(type.name.lowercased()) else { continue }
                }
                guard case .object(var object) = issueTypeJSON(type) else { continue }
                object["avatarId"] = nil
                object["expand"] = "fields"
                if withFields {
                    var fields = SpecObject()
                    for field in type.fields {
                        fields[field.fieldId] = screenFieldJSON(field, style: .legacy, projectKey: project.key)
                    }
                    object["fields"] = .object(fields)
                }
                types.append(.object(object))
            }
            guard case .object(var object) = projectJSON(project) else { continue }
            object["projectTypeKey"] = nil
            object = SpecObject([("expand", "issuetypes")] + Array(object))
            object["issuetypes"] = .array(types)
            projects.append(.object(object))
        }
        return .json(200, ["expand": "projects", "projects": .array(projects)])
    }
}
