import Contracts
import JSON

/// Checks a draft against Jira's create metadata and shapes it into the exact create request, or
/// refuses it with every reason Jira would give, named so the rule can be fixed.
///
/// This is the point of alert2jira: a required field nobody fills, a field off the create screen, a
/// value Jira doesn't allow — each is found here, before anything is posted, not in a 400 at 3 a.m.
public struct Preflight: Sendable {
    public let flavor: JiraFlavor
    private let shaper: ValueShaper

    public init(flavor: JiraFlavor) {
        self.flavor = flavor
        self.shaper = ValueShaper(flavor: flavor) { text in DescriptionMarkup.render(text: text, flavor: flavor) }
    }

    /// The project's issue type called `name` (case-insensitively), or a refusal listing the ones it has.
    public static func issueType(named name: String, project: String, in types: [IssueTypeInfo]) -> Result<IssueTypeInfo, Refusal> {
        if let exact = types.first(where: { $0.name == name }) ?? types.first(where: { $0.name.lowercased() == name.lowercased() }) {
            return .success(exact)
        }
        let available = types.filter { !$0.subtask }.map(\.name)
        return .failure(
            Refusal(
                project: project,
                issueType: name,
                reasons: ["issue type \"\(name)\" does not exist in project \(project); its issue types are: \(available.joined(separator: ", "))"]
            )
        )
    }

    /// The create request for `draft`, or why Jira would refuse it.
    public func check(_ draft: IssueDraft, metadata: CreateMetadata) -> Result<(IssueRequest, notes: [String]), Refusal> {
        var reasons: [String] = []
        var notes: [String] = []
        // Fields the rule sets, even when the value was refused: one reason per mistake is enough.
        var attempted: Set<String> = []
        let screen = Screen(metadata.fields)
        var fields = JSONObject()
        fields["project"] = ["key": .string(metadata.project)]
        fields["issuetype"] = ["id": .string(metadata.issueType.id)]
        fields["summary"] = .string(draft.summary)

        if !draft.description.isEmpty || !draft.descriptionLabels.isEmpty || draft.rawPayload != nil {
            if screen.field(id: "description") != nil {
                fields["description"] = DescriptionMarkup.render(draft: draft, flavor: flavor)
            } else if draft.descriptionIsDefault {
                notes.append("the create screen has no description field; the default description is left out")
            } else {
                reasons.append(
                    "field \"description\" is not on the create screen, but rule \"\(draft.rule)\" sets it — remove description: from the rule or add the field to the screen"
                )
            }
        }
        if !draft.labels.isEmpty {
            if screen.field(id: "labels") != nil {
                fields["labels"] = .array(draft.labels.map(JSONValue.string))
            } else {
                reasons.append(
                    "field \"labels\" is not on the create screen, but rule \"\(draft.rule)\" sets labels — remove them or add the field to the screen"
                )
            }
        }
        if let priority = draft.priority {
            if let field = screen.field(id: "priority") {
                attempted.insert(field.id)
                set(field, .text(priority), into: &fields, reasons: &reasons, notes: &notes)
            } else {
                reasons.append(
                    "field \"priority\" is not on the create screen, but rule \"\(draft.rule)\" sets priority \"\(priority)\" — remove priority: from the rule or add the field to the screen"
                )
            }
        }
        for draftField in draft.fields where !draftField.value.isEmpty {
            switch screen.resolve(draftField.name) {
            case .found(let field):
                attempted.insert(field.id)
                if field.id == "labels", case .array(let existing)? = fields["labels"] {
                    // Labels from `fields:` add to the rule's `labels:`.
                    set(field, draftField.value, into: &fields, reasons: &reasons, notes: &notes)
                    if case .array(let added)? = fields["labels"] {
                        fields["labels"] = .array(existing + added.filter { !existing.contains($0) })
                    }
                } else {
                    set(field, draftField.value, into: &fields, reasons: &reasons, notes: &notes)
                }
            case .ambiguous(let candidates):
                reasons.append(
                    "field \"\(draftField.name)\" is ambiguous: the create screen has \(candidates.map { "\($0.name) (\($0.id))" }.joined(separator: ", ")) — use the id in rule \"\(draft.rule)\""
                )
            case .missing:
                reasons.append(
                    "field \"\(draftField.name)\" is not on the create screen (or unknown) — remove it from rule \"\(draft.rule)\" or add it to the screen; "
                        + "fields on the screen: \(metadata.fields.map(\.name).sorted().joined(separator: ", "))"
                )
            }
        }
        for field in metadata.fields where field.required && !field.hasDefaultValue && fields[field.id] == nil && !attempted.contains(field.id) {
            guard !["project", "issuetype"].contains(field.id) else { continue }
            // Custom fields read best by name; system fields by id (`components`, not "Component/s").
            let reference = FieldSchema.isCustomFieldID(field.id) ? field.name : field.id
            var reason =
                "required field \"\(field.name)\" (\(field.id)) has no default and the rule does not set it — add fields: {\(reference): …} to rule \"\(draft.rule)\""
            if !field.allowedValues.isEmpty {
                reason += " (allowed: \(field.allowedValues.map(\.label).joined(separator: ", ")))"
            }
            reasons.append(reason)
        }
        guard reasons.isEmpty else {
            return .failure(Refusal(project: metadata.project, issueType: metadata.issueType.name, reasons: reasons))
        }
        return .success((IssueRequest(method: "POST", path: flavor.apiPath + "/issue", body: ["fields": .object(fields)]), notes))
    }

    /// Shapes a value for `field` and checks it against the field's allowed values.
    private func set(_ field: FieldInfo, _ value: RenderedValue, into fields: inout JSONObject, reasons: inout [String], notes: inout [String]) {
        let shaped: JSONValue
        do {
            shaped = try shaper.shape(value, as: field.schema)
        } catch {
            reasons.append("field \"\(field.name)\" (\(field.id)) \(error.reason)")
            return
        }
        guard !field.allowedValues.isEmpty else {
            fields[field.id] = shaped
            return
        }
        switch shaped {
        case .array(let elements):
            var checked: [JSONValue] = []
            for element in elements {
                guard let value = checkAllowed(element, field, reasons: &reasons, notes: &notes) else { return }
                checked.append(value)
            }
            fields[field.id] = .array(checked)
        default:
            if let value = checkAllowed(shaped, field, reasons: &reasons, notes: &notes) { fields[field.id] = value }
        }
    }

    /// The value as Jira knows it (`{"id": …}` once matched), or `nil` with a reason when it isn't allowed.
    private func checkAllowed(_ value: JSONValue, _ field: FieldInfo, reasons: inout [String], notes: inout [String]) -> JSONValue? {
        guard case .object(let object) = value else { return value }
        let given = object["value"]?.stringValue ?? object["name"]?.stringValue
        let givenID = object["id"]?.stringValue
        let allowed = field.allowedValues
        func reject(_ text: String, among options: [AllowedValue]) -> JSONValue? {
            reasons.append(
                "field \"\(field.name)\" (\(field.id)): \"\(text)\" is not an allowed value; allowed: \(options.map(\.label).joined(separator: ", "))"
            )
            return nil
        }
        let match: AllowedValue?
        if let givenID {
            match = allowed.first { $0.id == givenID }
        } else if let given {
            match = allowed.first { $0.label == given } ?? allowed.first { $0.label.lowercased() == given.lowercased() }
            if let match, match.label != given {
                notes.append("field \"\(field.name)\": \"\(given)\" is written \"\(match.label)\" in Jira")
            }
        } else {
            return value
        }
        guard let match else { return reject(given ?? givenID ?? "", among: allowed) }
        // Keep the form the rule used (readable previews), with Jira's spelling of the value.
        var result = object
        if givenID == nil {
            result[object["value"] != nil ? "value" : "name"] = .string(match.label)
        }
        if let child = object["child"]?.objectValue, let childText = child["value"]?.stringValue ?? child["id"]?.stringValue {
            guard let childMatch = match.children.first(where: { $0.label == childText || $0.id == childText }) else {
                return reject("\(match.label) > \(childText)", among: match.children)
            }
            result["child"] = child["id"] != nil ? ["id": .string(childText)] : ["value": .string(childMatch.label)]
        }
        return .object(result)
    }
}

/// The create screen's fields, found by id or by (case-insensitive) name as rules refer to them.
struct Screen {
    enum Resolution {
        case found(FieldInfo)
        case ambiguous([FieldInfo])
        case missing
    }

    let fields: [FieldInfo]

    init(_ fields: [FieldInfo]) {
        self.fields = fields
    }

    func field(id: String) -> FieldInfo? {
        fields.first { $0.id == id }
    }

    func resolve(_ reference: String) -> Resolution {
        if let byID = field(id: reference) { return .found(byID) }
        let exact = fields.filter { $0.name == reference }
        let matches = exact.isEmpty ? fields.filter { $0.name.lowercased() == reference.lowercased() } : exact
        switch matches.count {
        case 0: return .missing
        case 1: return .found(matches[0])
        default: return .ambiguous(matches)
        }
    }
}
