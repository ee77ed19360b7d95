import JiraSpec

/// Checks a value against a screen field the way Jira's create and edit do, and turns it into its stored form.
struct FieldValueValidator {
    let configuration: FakeConfiguration
    let project: FakeProject

    var flavor: JiraDeployment { configuration.flavor }

    /// The stored form of `value` for `field` (`.null` for an explicit null), or why Jira refuses it.
    func validate(_ value: SpecJSON, field: FakeScreenField) -> Result<SpecJSON, FieldProblem> {
        if value.isNull { return .success(.null) }
        let kind = field.schema.valueKind
        guard field.schema.isArray else { return validateSingle(value, kind: kind, field: field) }
        guard case .array(let elements) = value else { return .failure(FieldProblem(JiraMessages.notAnArray)) }
        var stored: [SpecJSON] = []
        for element in elements {
            switch validateElement(element, kind: kind, field: field) {
            case .success(let value): stored.append(value)
            case .failure(let problem): return .failure(problem)
            }
        }
        return .success(.array(stored))
    }

    /// Judges each field of a create or edit body against the screen, whose fields `screen` finds by id: a field
    /// off the screen, or a value Jira refuses, goes into `refusal`; the others come back in their stored form.
    func validate(
        _ fields: some Sequence<(String, SpecJSON)>,
        on screen: (String) -> FakeScreenField?,
        into refusal: inout RequestRefusal
    ) -> [(field: FakeScreenField, value: SpecJSON)] {
        var accepted: [(field: FakeScreenField, value: SpecJSON)] = []
        for (fieldId, value) in fields {
            guard let field = screen(fieldId) else {
                refusal.errors[fieldId] = .string(JiraMessages.fieldNotOnScreen(fieldId))
                continue
            }
            switch validate(value, field: field) {
            case .failure(let problem):
                refusal.errors[fieldId] = .string(problem.message)
                refusal.detail = refusal.detail ?? problem.detail
            case .success(let stored):
                accepted.append((field, stored))
            }
        }
        return accepted
    }

    /// Jira's message for a required field left empty.
    static func requiredMessage(_ field: FakeScreenField) -> String {
        field.fieldId == "summary" ? JiraMessages.summaryRequired : JiraMessages.required(field.name)
    }

    private func validateElement(_ value: SpecJSON, kind: FakeValueKind, field: FakeScreenField) -> Result<SpecJSON, FieldProblem> {
        if kind == .string, field.schema.items == "string" {
            // Labels: the system field and label custom fields.
            guard let label = value.stringValue else { return .failure(FieldProblem(JiraMessages.mustBeString)) }
            if let refusal = JiraFieldRules.labelRefusal(label) { return .failure(FieldProblem(refusal)) }
            return .success(.string(label))
        }
        if kind == .component || kind == .version, value.objectValue == nil {
            return .failure(FieldProblem(JiraMessages.expectedObject))
        }
        return validateSingle(value, kind: kind, field: field)
    }

    private func validateSingle(_ value: SpecJSON, kind: FakeValueKind, field: FakeScreenField) -> Result<SpecJSON, FieldProblem> {
        switch kind {
        case .string: return validateText(value, field: field)
        case .richText: return validateRichText(value)
        case .number:
            guard case .number = value else { return .failure(FieldProblem(JiraMessages.mustBeNumber)) }
            return .success(value)
        case .date:
            guard let text = value.stringValue, JiraTime.parseDate(text) != nil else {
                return .failure(FieldProblem(JiraMessages.dateParse(value.scalarText ?? value.jsonString)))
            }
            return .success(value)
        case .dateTime:
            guard let text = value.stringValue, JiraTime.parseDateTime(text) != nil else {
                return .failure(FieldProblem(JiraMessages.dateParse(value.scalarText ?? value.jsonString)))
            }
            return .success(value)
        case .option: return validateOption(value, field: field)
        case .priority:
            return validateNamed(
                value,
                field: field,
                shape: JiraMessages.priorityShape,
                byName: JiraMessages.priorityInvalid,
                byId: JiraMessages.priorityInvalid
            )
        case .resolution:
            return validateNamed(
                value,
                field: field,
                shape: JiraMessages.expectedObject,
                byName: JiraMessages.resolutionInvalid,
                byId: JiraMessages.resolutionInvalid
            )
        case .component:
            return validateNamed(
                value,
                field: field,
                shape: JiraMessages.expectedObject,
                byName: JiraMessages.componentNameInvalid,
                byId: JiraMessages.componentIdInvalid
            )
        case .version:
            return validateNamed(
                value,
                field: field,
                shape: JiraMessages.expectedObject,
                byName: JiraMessages.versionNameInvalid,
                byId: JiraMessages.versionIdInvalid
            )
        case .user: return validateUser(value, field: field)
        case .issueType, .project, .any: return .success(value)
        }
    }

    private func validateText(_ value: SpecJSON, field: FakeScreenField) -> Result<SpecJSON, FieldProblem> {
        guard let text = value.stringValue else { return .failure(FieldProblem(JiraMessages.mustBeString)) }
        let refusal =
            field.fieldId == "summary"
            ? JiraFieldRules.summaryRefusal(text, deployment: flavor) : field.isCustom ? JiraFieldRules.shortTextRefusal(text) : nil
        if let refusal { return .failure(FieldProblem(refusal)) }
        return .success(value)
    }

    /// Description and multi-line text: a valid ADF document on Cloud, a wiki-markup string on Data Center.
    private func validateRichText(_ value: SpecJSON) -> Result<SpecJSON, FieldProblem> {
        switch flavor {
        case .cloud:
            guard value.objectValue != nil else { return .failure(FieldProblem(JiraMessages.mustBeADF)) }
            let problems = ADFValidator.validate(value)
            if let first = problems.first { return .failure(FieldProblem(JiraMessages.invalidADF, detail: first)) }
            if ADFText.measuredLength(value) > JiraFieldRules.longTextLimit { return .failure(FieldProblem(JiraMessages.textTooLong)) }
        case .datacenter:
            guard let text = value.stringValue else { return .failure(FieldProblem(JiraMessages.mustBeString)) }
            if let refusal = JiraFieldRules.longTextRefusal(text) { return .failure(FieldProblem(refusal)) }
        }
        return .success(value)
    }

    private func validateOption(_ value: SpecJSON, field: FakeScreenField) -> Result<SpecJSON, FieldProblem> {
        guard let object = value.objectValue else { return .failure(FieldProblem(JiraMessages.optionShape)) }
        let id = object["id"]?.scalarText
        let label = object["value"]?.stringValue
        guard id != nil || label != nil else { return .failure(FieldProblem(JiraMessages.optionShape)) }
        guard let allowed = field.allowedValues else { return .success(value) }
        if let id {
            guard let match = allowed.first(where: { $0.id == id }) else { return .failure(FieldProblem(JiraMessages.optionIdInvalid(id))) }
            return .success(["id": .string(match.id), "value": .string(match.label)])
        }
        let text = label ?? ""
        guard let match = allowed.first(where: { $0.label == text }) else { return .failure(FieldProblem(JiraMessages.optionValueInvalid(text))) }
        return .success(["id": .string(match.id), "value": .string(match.label)])
    }

    /// Priorities, resolutions, components and versions: `{"name": …}` or `{"id": …}` among the allowed values.
    private func validateNamed(
        _ value: SpecJSON,
        field: FakeScreenField,
        shape: String,
        byName: (String) -> String,
        byId: (String) -> String
    ) -> Result<SpecJSON, FieldProblem> {
        guard let object = value.objectValue else { return .failure(FieldProblem(shape)) }
        let id = object["id"]?.scalarText
        let name = object["name"]?.stringValue
        guard id != nil || name != nil else { return .failure(FieldProblem(shape)) }
        guard let allowed = field.allowedValues else { return .success(value) }
        let match = id.map { id in allowed.first { $0.id == id } } ?? allowed.first { $0.label.lowercased() == name?.lowercased() }
        guard let match else { return .failure(FieldProblem(id.map(byId) ?? byName(name ?? ""))) }
        return .success(["id": .string(match.id), "name": .string(match.label)])
    }

    /// Users: by `accountId` on Cloud (names are gone since the GDPR changes), by `name` on Data Center.
    private func validateUser(_ value: SpecJSON, field: FakeScreenField) -> Result<SpecJSON, FieldProblem> {
        switch flavor {
        case .cloud:
            guard let accountId = (value["accountId"] ?? value["id"])?.stringValue,
                let user = configuration.users.first(where: { $0.accountId == accountId })
            else { return .failure(FieldProblem(JiraMessages.userInvalidCloud(field.fieldId))) }
            return .success(["accountId": .string(user.accountId)])
        case .datacenter:
            guard value.objectValue != nil else { return .failure(FieldProblem(JiraMessages.expectedObject)) }
            let name = (value["name"] ?? value["key"])?.stringValue ?? ""
            guard let user = configuration.users.first(where: { $0.name.lowercased() == name.lowercased() || $0.key == name }) else {
                return .failure(FieldProblem(field.fieldId == "reporter" ? JiraMessages.reporterNotUser : JiraMessages.userNotFoundDataCenter(name)))
            }
            return .success(["accountId": .string(user.accountId)])
        }
    }

    /// Whether a stored value counts as "filled" for a required field.
    static func isFilled(_ value: SpecJSON?) -> Bool {
        switch value {
        case nil, .null: false
        case .string(let text): !text.allSatisfy(\.isWhitespace)
        case .array(let elements): !elements.isEmpty
        default: true
        }
    }
}
