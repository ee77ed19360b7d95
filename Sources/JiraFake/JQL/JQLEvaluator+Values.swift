import JiraSpec

extension JQLEvaluator {
    /// The values an issue has for a field, each as the set of lower-cased names it answers to (id, name, …).
    func aliases(of field: JQLFieldReference, in issue: FakeIssue) -> [Set<String>] {
        let project = configuration.project(issue.projectKey)
        switch field {
        case .project:
            guard let project else { return [] }
            return [[project.key.lowercased(), project.id, project.name.lowercased()]]
        case .labels(let id):
            return (issue.fields[id]?.arrayValue ?? []).compactMap { $0.stringValue.map { [$0.lowercased()] } }
        case .status:
            guard let status = project?.workflow.status(issue.statusId) else { return [] }
            return [[status.id, status.name.lowercased()]]
        case .statusCategory:
            guard let category = project?.workflow.status(issue.statusId)?.category else { return [] }
            return [[category.rawValue, category.name.lowercased(), String(category.id)]]
        case .resolution:
            guard let resolution = issue.resolution else { return [] }
            return [[resolution.id, resolution.label.lowercased()]]
        case .issueType:
            guard let type = project?.issueType(id: issue.issueTypeId) else { return [] }
            return [[type.id, type.name.lowercased()]]
        case .priority:
            return Self.namedAliases(issue.fields["priority"])
        case .component:
            return Self.namedAliases(issue.fields["components"])
        case .version(let id):
            return Self.namedAliases(issue.fields[id])
        case .option(let definition):
            return Self.namedAliases(issue.fields[definition.id])
        case .user(let id):
            let accountId = id == "creator" ? issue.creatorAccountId : issue.fields[id]?["accountId"]?.stringValue
            guard let accountId, let user = configuration.users.first(where: { $0.accountId == accountId }) else { return [] }
            return [userAliases(user)]
        case .text, .allText, .date, .number, .key:
            return []
        }
    }

    /// `{id, name}` / `{id, value}` objects (or arrays of them) as alias sets.
    private static func namedAliases(_ value: SpecJSON?) -> [Set<String>] {
        guard let value else { return [] }
        let elements = value.arrayValue ?? [value]
        return elements.compactMap { element in
            guard let id = element["id"]?.scalarText else { return nil }
            var set: Set<String> = [id]
            if let label = (element["name"] ?? element["value"])?.stringValue { set.insert(label.lowercased()) }
            return set
        }
    }

    func userAliases(_ user: FakeUser) -> Set<String> {
        [user.accountId.lowercased(), user.name.lowercased(), user.key.lowercased(), user.email.lowercased()]
    }

    /// What a literal in the query names, or Jira's message when it names nothing.
    func queryAliases(_ literal: JQLLiteral, field: JQLFieldReference, clauseName: String) -> Result<Set<String>, JQLError> {
        let text = literal.text
        let lowered = text.lowercased()
        let missing = JQLError(["The value '\(text)' does not exist for the field '\(clauseName)'."])
        switch field {
        case .project:
            guard let project = configuration.project(text) ?? configuration.projects.first(where: { $0.name.lowercased() == lowered }),
                caller?.permissions.allows(.browseProjects, inProject: project.key) == true
            else { return .failure(missing) }
            return .success([project.key.lowercased()])
        case .labels:
            return .success([lowered])
        case .status:
            let statuses = configuration.projects.flatMap(\.workflow.statuses).filter { $0.id == text || $0.name.lowercased() == lowered }
            guard !statuses.isEmpty else { return .failure(missing) }
            return .success(Set(statuses.flatMap { [$0.id, $0.name.lowercased()] }))
        case .statusCategory:
            guard let category = FakeStatusCategory.lookup(text) else { return .failure(missing) }
            return .success([category.rawValue])
        case .resolution:
            return Self.named(text, in: configuration.resolutions, missing: missing)
        case .issueType:
            let types = configuration.projects.flatMap(\.issueTypes).filter { $0.id == text || $0.name.lowercased() == lowered }
            guard !types.isEmpty else { return .failure(missing) }
            return .success(Set(types.flatMap { [$0.id, $0.name.lowercased()] }))
        case .priority:
            return Self.named(text, in: configuration.priorities, missing: missing)
        case .component:
            return Self.named(text, in: configuration.projects.flatMap(\.components), missing: missing)
        case .version:
            return Self.named(text, in: configuration.projects.flatMap(\.versions), missing: missing)
        case .option(let definition):
            var options = definition.allowedValues ?? []
            for project in configuration.projects {
                for type in project.issueTypes { options += type.field(definition.id)?.allowedValues ?? [] }
            }
            return Self.named(text, in: options, missing: JQLError(["The option '\(text)' for field '\(clauseName)' does not exist."]))
        case .user:
            guard
                let user = configuration.users.first(where: {
                    $0.accountId.lowercased() == lowered || $0.name.lowercased() == lowered || $0.email.lowercased() == lowered
                })
            else { return .failure(missing) }
            return .success(userAliases(user))
        case .text, .allText, .date, .number, .key:
            return .failure(missing)
        }
    }

    private static func named(_ text: String, in values: [FakeAllowedValue], missing: JQLError) -> Result<Set<String>, JQLError> {
        let matches = values.filter { $0.id == text || $0.label.lowercased() == text.lowercased() }
        guard !matches.isEmpty else { return .failure(missing) }
        return .success(Set(matches.flatMap { [$0.id, $0.label.lowercased()] }))
    }
}
