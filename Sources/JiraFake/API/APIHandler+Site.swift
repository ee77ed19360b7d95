import JiraSpec

extension APIHandler {
    /// `GET serverInfo`: what alert2jira uses to tell Cloud from Data Center and to pick endpoints by version.
    func serverInfo() -> FakeResponse {
        // Cloud is continuously deployed and always reports 1001.0.0-SNAPSHOT; the configured version is Data Center's.
        let numbers = flavor == .cloud ? [1001, 0, 0] : configuration.version.versionNumbers
        var object: SpecObject = ["baseUrl": .string(siteBase)]
        switch flavor {
        case .cloud:
            object["version"] = "1001.0.0-SNAPSHOT"
            object["versionNumbers"] = .array(numbers.map { .number(SpecNumber($0)) })
            object["deploymentType"] = "Cloud"
            object["buildNumber"] = 100_300
            object["buildDate"] = "2025-12-01T00:00:00.000+0000"
            object["serverTime"] = .string(JiraTime.format(now))
            object["scmInfo"] = "57a0ca5b2d8c3f1e9a4b6c7d8e9f0a1b2c3d4e5f"
            object["serverTitle"] = .string(configuration.serverTitle)
            object["serverTimeZone"] = "Etc/UTC"
        case .datacenter:
            object["version"] = .string(numbers.map(String.init).joined(separator: "."))
            object["versionNumbers"] = .array(numbers.map { .number(SpecNumber($0)) })
            object["deploymentType"] = .string(configuration.deploymentType)
            object["buildNumber"] = .number(SpecNumber(numbers[0] * 100_000 + numbers[1] * 1000 + numbers[2]))
            object["buildDate"] = "2025-11-03T00:00:00.000+0000"
            object["serverTime"] = .string(JiraTime.format(now))
            object["scmInfo"] = "1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5"
            object["serverTitle"] = .string(configuration.serverTitle)
        }
        return .json(200, .object(object))
    }

    /// `GET myself`.
    func myself() -> FakeResponse {
        guard let caller, case .object(var object) = userJSON(caller) else { return .errors(401, messages: [JiraMessages.notAuthenticated]) }
        if flavor == .cloud, caller.accountType == "app" { object["appType"] = "service" }
        if flavor == .datacenter { object["deleted"] = false }
        object["locale"] = "en_US"
        object["groups"] = ["size": 1, "items": []]
        object["applicationRoles"] = ["size": 1, "items": []]
        object["expand"] = "groups,applicationRoles"
        return .json(200, .object(object))
    }

    /// `GET mypermissions?projectKey=…&permissions=A,B`.
    func myPermissions() -> FakeResponse {
        guard let caller else { return .errors(401, messages: [JiraMessages.notAuthenticated]) }
        var projectKey: String?
        if let key = request.queryValue("projectKey") ?? request.queryValue("projectId") {
            guard let project = configuration.project(key), may(.browseProjects, project.key) else {
                return .errors(404, messages: [JiraMessages.projectNotFound(key)])
            }
            projectKey = project.key
        } else if let key = request.queryValue("issueKey") ?? request.queryValue("issueId") {
            guard let index = visibleIssueIndex(key) else { return issueNotFound() }
            projectKey = state.issues[index].projectKey
        }
        let requested: [String]
        if let list = request.queryList("permissions") {
            requested = list
        } else if flavor == .cloud {
            return .errors(400, messages: ["The permissions query parameter is required."])
        } else {
            requested = FakePermission.allCases.map(\.rawValue)
        }
        var permissions = SpecObject()
        for key in requested {
            guard key.allSatisfy({ $0.isASCII && ($0.isUppercase || $0 == "_") }), !key.isEmpty else {
                return .errors(400, messages: ["Invalid permission key: \(key)"])
            }
            let permission = FakePermission(rawValue: key)
            let granted: Bool =
                if let permission {
                    projectKey.map { caller.permissions.allows(permission, inProject: $0) } ?? caller.permissions.allowsSomewhere(permission)
                } else {
                    false
                }
            permissions[key] = [
                "id": .string(permission?.id ?? "0"),
                "key": .string(key),
                "name": .string(permission?.name ?? key),
                "type": "PROJECT",
                "description": .string(permission?.summary ?? ""),
                "havePermission": .bool(granted),
            ]
        }
        return .json(200, ["permissions": .object(permissions)])
    }

    /// `GET field`: every system and custom field.
    /// `GET resolution`: the site's resolutions, as `wont_fix_resolution` and `resolution:` name them.
    func resolutionList() -> FakeResponse {
        .json(
            200,
            .array(
                configuration.resolutions.map { resolution in
                    [
                        "self": .string(restURL("resolution/\(resolution.id)")), "id": .string(resolution.id),
                        "description": "", "name": .string(resolution.label),
                    ]
                }
            )
        )
    }

    func fieldList() -> FakeResponse {
        let fields: [SpecJSON] = configuration.allFields.map { field in
            var object: SpecObject = ["id": .string(field.id)]
            if flavor == .cloud { object["key"] = .string(field.id) }
            object["name"] = .string(field.name)
            object["custom"] = .bool(field.isCustom)
            object["orderable"] = .bool(field.orderable)
            object["navigable"] = .bool(field.navigable)
            object["searchable"] = .bool(field.searchable)
            object["clauseNames"] = .array(field.clauseNames.map(SpecJSON.string))
            object["schema"] = schemaJSON(field.schema)
            return .object(object)
        }
        return .json(200, .array(fields))
    }
}
