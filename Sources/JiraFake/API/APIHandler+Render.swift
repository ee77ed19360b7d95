import Foundation
import JiraSpec

extension APIHandler {
    func avatarURLs(_ seed: String) -> SpecJSON {
        let url = "\(siteBase)/secure/useravatar?ownerId=\(seed)"
        return [
            "48x48": .string(url), "24x24": .string(url + "&size=small"), "16x16": .string(url + "&size=xsmall"),
            "32x32": .string(url + "&size=medium"),
        ]
    }

    /// A user as Jira embeds it in issues and comments: by `accountId` on Cloud, by `name`/`key` on Data Center.
    func userJSON(_ user: FakeUser) -> SpecJSON {
        switch flavor {
        case .cloud:
            return [
                "self": .string(restURL("user?accountId=\(user.accountId)")),
                "accountId": .string(user.accountId),
                "emailAddress": .string(user.email),
                "avatarUrls": avatarURLs(user.accountId),
                "displayName": .string(user.displayName),
                "active": true,
                "timeZone": .string(user.timeZone),
                "accountType": .string(user.accountType),
            ]
        case .datacenter:
            return [
                "self": .string(restURL("user?username=\(user.name)")),
                "name": .string(user.name),
                "key": .string(user.key),
                "emailAddress": .string(user.email),
                "avatarUrls": avatarURLs(user.key),
                "displayName": .string(user.displayName),
                "active": true,
                "timeZone": .string(user.timeZone),
            ]
        }
    }

    func userJSON(accountId: String) -> SpecJSON {
        if let user = configuration.users.first(where: { $0.accountId == accountId }) { return userJSON(user) }
        return flavor == .cloud ? ["accountId": .string(accountId), "active": false] : ["name": .string(accountId), "active": false]
    }

    func statusJSON(_ status: FakeStatus) -> SpecJSON {
        [
            "self": .string(restURL("status/\(status.id)")),
            "description": "",
            "iconUrl": .string("\(siteBase)/images/icons/statuses/generic.png"),
            "name": .string(status.name),
            "id": .string(status.id),
            "statusCategory": statusCategoryJSON(status.category),
        ]
    }

    func statusCategoryJSON(_ category: FakeStatusCategory) -> SpecJSON {
        [
            "self": .string(restURL("statuscategory/\(category.id)")),
            "id": .number(SpecNumber(category.id)),
            "key": .string(category.rawValue),
            "colorName": .string(category.colorName),
            "name": .string(category.name),
        ]
    }

    func issueTypeJSON(_ type: FakeIssueType) -> SpecJSON {
        var object: SpecObject = [
            "self": .string(restURL("issuetype/\(type.id)")),
            "id": .string(type.id),
            "description": .string(type.description),
            "iconUrl": .string("\(siteBase)/secure/viewavatar?size=medium&avatarId=10303&avatarType=issuetype"),
            "name": .string(type.name),
            "subtask": .bool(type.subtask),
            "avatarId": 10303,
        ]
        if flavor == .cloud { object["hierarchyLevel"] = .number(SpecNumber(type.subtask ? -1 : 0)) }
        return .object(object)
    }

    func projectJSON(_ project: FakeProject) -> SpecJSON {
        var object: SpecObject = [
            "self": .string(restURL("project/\(project.id)")),
            "id": .string(project.id),
            "key": .string(project.key),
            "name": .string(project.name),
            "projectTypeKey": "software",
        ]
        if flavor == .cloud { object["simplified"] = false }
        object["avatarUrls"] = avatarURLs("project-\(project.id)")
        return .object(object)
    }

    func resolutionJSON(_ resolution: FakeAllowedValue) -> SpecJSON {
        ["self": .string(restURL("resolution/\(resolution.id)")), "id": .string(resolution.id), "description": "", "name": .string(resolution.label)]
    }

    /// One allowed value (or stored value) of a field of the given kind, as Jira serves it.
    func namedValueJSON(_ value: FakeAllowedValue, kind: FakeValueKind, projectKey: String? = nil) -> SpecJSON {
        switch kind {
        case .option:
            return ["self": .string(restURL("customFieldOption/\(value.id)")), "value": .string(value.label), "id": .string(value.id)]
        case .priority:
            return [
                "self": .string(restURL("priority/\(value.id)")),
                "iconUrl": .string("\(siteBase)/images/icons/priorities/\(value.label.lowercased()).svg"),
                "name": .string(value.label),
                "id": .string(value.id),
            ]
        case .component:
            return ["self": .string(restURL("component/\(value.id)")), "id": .string(value.id), "name": .string(value.label)]
        case .version:
            var object: SpecObject = [
                "self": .string(restURL("version/\(value.id)")), "id": .string(value.id), "name": .string(value.label), "archived": false,
                "released": false,
            ]
            if let projectKey, let project = configuration.project(projectKey), let id = Int(project.id) {
                object["projectId"] = .number(SpecNumber(id))
            }
            return .object(object)
        case .resolution:
            return resolutionJSON(value)
        case .issueType:
            for project in configuration.projects {
                if let type = project.issueType(id: value.id) { return issueTypeJSON(type) }
            }
            return ["id": .string(value.id), "name": .string(value.label)]
        case .project:
            if let project = configuration.project(value.id) { return projectJSON(project) }
            return ["id": .string(value.id), "name": .string(value.label)]
        default:
            return ["id": .string(value.id), "name": .string(value.label)]
        }
    }

    /// A stored field value (see ``FakeIssue``) as Jira serves it.
    func renderStored(_ value: SpecJSON, fieldId: String, projectKey: String) -> SpecJSON {
        guard let kind = configuration.field(fieldId)?.schema.valueKind else { return value }
        if case .array(let elements) = value {
            return .array(elements.map { renderStoredElement($0, kind: kind, projectKey: projectKey) })
        }
        return renderStoredElement(value, kind: kind, projectKey: projectKey)
    }

    private func renderStoredElement(_ value: SpecJSON, kind: FakeValueKind, projectKey: String) -> SpecJSON {
        switch kind {
        case .option, .priority, .component, .version, .resolution:
            guard let object = value.objectValue, let id = object["id"]?.stringValue,
                let label = (object["value"] ?? object["name"])?.stringValue
            else { return value }
            return namedValueJSON(FakeAllowedValue(id: id, label: label), kind: kind, projectKey: projectKey)
        case .user:
            guard let accountId = value["accountId"]?.stringValue else { return value }
            return userJSON(accountId: accountId)
        default:
            return value
        }
    }

    func schemaJSON(_ schema: FakeFieldSchema) -> SpecJSON {
        var object: SpecObject = ["type": .string(schema.type)]
        if let items = schema.items { object["items"] = .string(items) }
        if let system = schema.system { object["system"] = .string(system) }
        if let custom = schema.custom { object["custom"] = .string(custom) }
        if let customId = schema.customId { object["customId"] = .number(SpecNumber(customId)) }
        return .object(object)
    }

    /// Which create-metadata dialect a field description is written in.
    enum FieldMetaStyle {
        /// Cloud `issuetypes/{id}` pages: `fieldId` and `key`.
        case cloudCreateMeta
        /// Data Center `issuetypes/{id}` pages: `fieldId`.
        case dataCenterCreateMeta
        /// The old `createmeta?expand=projects.issuetypes.fields` map, keyed by field id, entries with `key`.
        case legacy
        /// Transition screens: Cloud's `FieldMetadata` (`key`), Data Center's `FieldMetaBean` (`fieldId`).
        case transition
    }

    func screenFieldJSON(_ field: FakeScreenField, style: FieldMetaStyle, projectKey: String) -> SpecJSON {
        var object: SpecObject = [
            "required": .bool(field.required),
            "schema": schemaJSON(field.schema),
            "name": .string(field.name),
        ]
        switch style {
        case .cloudCreateMeta:
            object["key"] = .string(field.fieldId)
            object["fieldId"] = .string(field.fieldId)
        case .dataCenterCreateMeta:
            object["fieldId"] = .string(field.fieldId)
        case .legacy:
            object["key"] = .string(field.fieldId)
        case .transition:
            object[flavor == .cloud ? "key" : "fieldId"] = .string(field.fieldId)
        }
        if field.schema.valueKind == .user {
            object["autoCompleteUrl"] = .string(restURL(flavor == .cloud ? "user/search?query=" : "user/search?username="))
        } else if field.fieldId == "labels" {
            object["autoCompleteUrl"] = .string("\(base)/rest/api/1.0/labels/suggest?query=")
        }
        object["hasDefaultValue"] = .bool(field.hasDefaultValue)
        object["operations"] = .array(field.operations.map(SpecJSON.string))
        let kind = field.schema.valueKind
        if let allowed = field.allowedValues {
            object["allowedValues"] = .array(allowed.map { namedValueJSON($0, kind: kind, projectKey: projectKey) })
        }
        if let defaultValue = field.defaultValue {
            object["defaultValue"] = renderDefault(defaultValue, field: field, projectKey: projectKey)
        }
        return .object(object)
    }

    /// A configured default, shown as the allowed value it names when it names one.
    private func renderDefault(_ value: SpecJSON, field: FakeScreenField, projectKey: String) -> SpecJSON {
        if case .array(let elements) = value {
            return .array(elements.map { renderDefault($0, field: field, projectKey: projectKey) })
        }
        guard let allowed = field.allowedValues, let match = Self.allowedValue(value, in: allowed) else { return value }
        return namedValueJSON(match, kind: field.schema.valueKind, projectKey: projectKey)
    }

    /// The allowed value a reference (`{"id": …}`, `{"name": …}`, `{"value": …}` or a bare string) names.
    static func allowedValue(_ reference: SpecJSON, in allowed: [FakeAllowedValue]) -> FakeAllowedValue? {
        if let text = reference.stringValue {
            return allowed.first { $0.id == text } ?? allowed.first { $0.label == text }
        }
        if let id = reference["id"]?.scalarText { return allowed.first { $0.id == id } }
        if let label = (reference["value"] ?? reference["name"])?.stringValue { return allowed.first { $0.label == label } }
        return nil
    }
}
