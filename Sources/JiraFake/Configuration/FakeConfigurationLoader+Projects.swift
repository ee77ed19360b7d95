extension FakeConfigurationLoader {
    static func projects(_ node: ConfigNode, configuration: FakeConfiguration) throws(FakeConfigurationError) -> [FakeProject] {
        var projects: [FakeProject] = []
        for element in try node.sequence() {
            let mapping = try element.mapping(allowed: ["key", "id", "name", "components", "versions", "workflow", "issue_types"])
            let keyNode = try mapping.required("key")
            let key = try keyNode.string()
            guard key.first?.isLetter == true, key.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }) else {
                throw keyNode.error("project keys are upper-case letters, digits and '_', starting with a letter")
            }
            var project = FakeProject(
                key: key,
                id: try mapping.required("id").string(),
                name: try mapping.string("name") ?? key,
                issueTypes: [],
                components: try mapping["components"].map { node throws(FakeConfigurationError) in try namedValues(node, labelKey: "name") } ?? [],
                versions: try mapping["versions"].map { node throws(FakeConfigurationError) in try namedValues(node, labelKey: "name") } ?? []
            )
            if let workflow = mapping["workflow"] {
                project.workflow = try self.workflow(workflow, project: project, configuration: configuration)
            }
            for typeNode in try mapping.required("issue_types").sequence() {
                project.issueTypes.append(try issueType(typeNode, project: project, configuration: configuration))
            }
            projects.append(project)
        }
        return projects
    }

    private static func issueType(
        _ node: ConfigNode,
        project: FakeProject,
        configuration: FakeConfiguration
    ) throws(FakeConfigurationError) -> FakeIssueType {
        let mapping = try node.mapping(allowed: ["id", "name", "subtask", "description", "fields"])
        let id = try mapping.required("id").string()
        let name = try mapping.required("name").string()
        if project.issueTypes.contains(where: { $0.id == id || $0.name.lowercased() == name.lowercased() }) {
            throw node.error("duplicate issue type '\(name)' (\(id)) in project \(project.key)")
        }
        let reference = FakeAllowedValue(id: id, label: name)
        var fields: [FakeScreenField] = []
        for entry in try mapping.required("fields").sequence() {
            let field = try screenField(entry, project: project, issueType: reference, configuration: configuration)
            if fields.contains(where: { $0.fieldId == field.fieldId }) {
                throw entry.error("field '\(field.fieldId)' is on the screen twice")
            }
            fields.append(field)
        }
        // Jira's create metadata always lists the project and issue type, even when a config leaves them out.
        for implied in ["issuetype", "project"] where !fields.contains(where: { $0.fieldId == implied }) {
            let entry = ConfigNode.scalar(implied, file: node.file)
            fields.insert(try screenField(entry, project: project, issueType: reference, configuration: configuration), at: 0)
        }
        return FakeIssueType(
            id: id,
            name: name,
            subtask: try mapping.bool("subtask") ?? false,
            description: try mapping.string("description") ?? "",
            fields: fields
        )
    }

    private static func workflow(
        _ node: ConfigNode,
        project: FakeProject,
        configuration: FakeConfiguration
    ) throws(FakeConfigurationError) -> FakeWorkflow {
        let mapping = try node.mapping(allowed: ["statuses", "initial", "transitions"])
        var statuses: [FakeStatus] = []
        for element in try mapping.required("statuses").sequence() {
            let status = try element.mapping(allowed: ["id", "name", "category"])
            let categoryNode = try status.required("category")
            guard let category = FakeStatusCategory(rawValue: try categoryNode.string()) else {
                throw categoryNode.error("category must be 'new', 'indeterminate' or 'done'")
            }
            statuses.append(FakeStatus(id: try status.required("id").string(), name: try status.required("name").string(), category: category))
        }
        guard !statuses.isEmpty else { throw node.error("a workflow needs at least one status") }
        var workflow = FakeWorkflow(statuses: statuses, transitions: [])
        func statusId(_ node: ConfigNode) throws(FakeConfigurationError) -> String {
            let text = try node.string()
            guard let status = workflow.status(named: text) else { throw node.error("unknown status '\(text)'") }
            return status.id
        }
        if let initial = mapping["initial"] { workflow.initialStatus = try statusId(initial) }
        for element in try mapping["transitions"]?.sequence() ?? [] {
            let transition = try element.mapping(allowed: ["id", "name", "from", "to", "fields"])
            var from: [String] = []
            if let fromNode = transition["from"] {
                let names = try fromNode.strings()
                for name in names {
                    guard let status = workflow.status(named: name) else { throw fromNode.error("unknown status '\(name)'") }
                    from.append(status.id)
                }
            }
            var fields: [FakeScreenField] = []
            for entry in try transition["fields"]?.sequence() ?? [] {
                fields.append(try screenField(entry, project: project, issueType: nil, configuration: configuration))
            }
            let id = try transition.required("id").string()
            guard Int(id) != nil else { throw element.error("transition ids are numbers, as in Jira") }
            workflow.transitions.append(
                FakeTransition(
                    id: id,
                    name: try transition.required("name").string(),
                    from: from,
                    to: try statusId(try transition.required("to")),
                    fields: fields
                )
            )
        }
        return workflow
    }
}
