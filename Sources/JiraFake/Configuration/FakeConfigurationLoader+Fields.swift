extension FakeConfigurationLoader {
    /// Shorthand custom field types and the schema Jira reports for each.
    static let customFieldTypes: [String: (type: String, items: String?, custom: String)] = [
        "select": ("option", nil, "select"),
        "radiobuttons": ("option", nil, "radiobuttons"),
        "multiselect": ("array", "option", "multiselect"),
        "checkboxes": ("array", "option", "multicheckboxes"),
        "textfield": ("string", nil, "textfield"),
        "textarea": ("string", nil, "textarea"),
        "url": ("string", nil, "url"),
        "number": ("number", nil, "float"),
        "date": ("date", nil, "datepicker"),
        "datetime": ("datetime", nil, "datetime"),
        "labels": ("array", "string", "labels"),
        "user": ("user", nil, "userpicker"),
        "multiuser": ("array", "user", "multiuserpicker"),
    ]

    static func customFields(_ node: ConfigNode) throws(FakeConfigurationError) -> [FakeFieldDefinition] {
        var fields: [FakeFieldDefinition] = []
        for element in try node.sequence() {
            let mapping = try element.mapping(allowed: ["id", "name", "type", "schema", "allowed_values"])
            let idNode = try mapping.required("id")
            let id = try idNode.string()
            guard id.hasPrefix("customfield_"), let number = Int(id.dropFirst("customfield_".count)) else {
                throw idNode.error("custom field ids look like customfield_10050")
            }
            let schema: FakeFieldSchema
            if let typeNode = mapping["type"] {
                let typeName = try typeNode.string()
                guard let shape = customFieldTypes[typeName] else {
                    throw typeNode.error("unknown custom field type '\(typeName)'; known: \(customFieldTypes.keys.sorted().joined(separator: ", "))")
                }
                schema = FakeFieldSchema(
                    type: shape.type,
                    items: shape.items,
                    custom: "com.atlassian.jira.plugin.system.customfieldtypes:\(shape.custom)",
                    customId: number
                )
            } else if let schemaNode = mapping["schema"] {
                schema = try fieldSchema(schemaNode)
            } else {
                throw element.error("a custom field needs 'type' (select, textfield, number, …) or a full 'schema'")
            }
            if fields.contains(where: { $0.id == id }) { throw idNode.error("duplicate custom field '\(id)'") }
            let labelKey = schema.valueKind == .option ? "value" : "name"
            fields.append(
                FakeFieldDefinition(
                    id: id,
                    name: try mapping.required("name").string(),
                    schema: schema,
                    allowedValues: try mapping["allowed_values"].map { node throws(FakeConfigurationError) in
                        try namedValues(node, labelKey: labelKey)
                    }
                )
            )
        }
        return fields
    }

    static func fieldSchema(_ node: ConfigNode) throws(FakeConfigurationError) -> FakeFieldSchema {
        let mapping = try node.mapping(allowed: ["type", "items", "system", "custom", "custom_id"])
        return FakeFieldSchema(
            type: try mapping.required("type").string(),
            items: try mapping.string("items"),
            system: try mapping.string("system"),
            custom: try mapping.string("custom"),
            customId: try mapping.int("custom_id")
        )
    }

    /// The screen a project's issue type (or a transition) shows, from entries that are either a field id
    /// (`summary`, `customfield_10050`) or a mapping overriding what the site-wide definition says.
    static func screenField(
        _ node: ConfigNode,
        project: FakeProject,
        issueType: FakeAllowedValue?,
        configuration: FakeConfiguration
    ) throws(FakeConfigurationError) -> FakeScreenField {
        let mapping: ConfigMapping?
        let fieldId: String
        if node.isScalar {
            mapping = nil
            fieldId = try node.string()
        } else {
            let checked = try node.mapping(allowed: [
                "field_id", "name", "required", "has_default_value", "default_value", "schema", "allowed_values", "operations",
            ])
            mapping = checked
            fieldId = try checked.required("field_id").string()
        }
        guard let definition = configuration.field(fieldId) else {
            let hint = fieldId.hasPrefix("customfield_") ? " (declare it under custom_fields)" : ""
            throw node.error("unknown field '\(fieldId)'\(hint)")
        }
        guard !FakeSystemFields.readOnlyIds.contains(fieldId) else {
            throw node.error("'\(fieldId)' is set by Jira and cannot be on a screen")
        }
        let schema = try mapping?["schema"].map { node throws(FakeConfigurationError) in try fieldSchema(node) } ?? definition.schema
        var allowed: [FakeAllowedValue]? =
            switch fieldId {
            case "priority": configuration.priorities
            case "components": project.components
            case "fixVersions", "versions": project.versions
            case "resolution": configuration.resolutions
            case "issuetype": issueType.map { [$0] }
            case "project": [FakeAllowedValue(id: project.id, label: project.name)]
            default: definition.allowedValues
            }
        if let node = mapping?["allowed_values"] {
            allowed = try namedValues(node, labelKey: schema.valueKind == .option ? "value" : "name")
        }
        let alwaysRequired = ["summary", "issuetype", "project"].contains(fieldId)
        let required = try mapping?.bool("required") ?? alwaysRequired
        if alwaysRequired, !required, let node = mapping?["required"] {
            throw node.error("'\(fieldId)' is always required in Jira")
        }
        var field = FakeScreenField(
            fieldId: fieldId,
            name: try mapping?.string("name") ?? definition.name,
            required: required,
            hasDefaultValue: try mapping?.bool("has_default_value") ?? false,
            defaultValue: try mapping?["default_value"]?.json(),
            schema: schema,
            allowedValues: allowed,
            operations: try mapping?["operations"]?.strings()
        )
        if fieldId == "issuetype" || fieldId == "project" { field.operations = fieldId == "project" ? ["set"] : [] }
        return field
    }
}
