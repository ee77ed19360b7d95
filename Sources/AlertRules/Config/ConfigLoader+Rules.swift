import AlertConfig
import AlertModel
import Contracts
import Foundation

/// The keys a rule understands; `templated` are the ones `defaults:` may also set.
enum RuleKeys {
    static let templated = [
        "connection", "project", "issue_type", "summary", "description", "priority", "labels", "fields", "include_labels", "include_raw",
        "dedup", "on_resolved", "resolve_transition", "resolution", "wont_fix_resolution", "max_new_issues",
    ]
    static let all = ["name", "match", "continue"] + templated
    static let matchOperators = ["eq", "ne", "in", "not_in", "regex", "not_regex", "gt", "gte", "lt", "lte", "exists", "contains"]
}

/// What rules get when neither they nor `defaults:` say otherwise.
enum RuleDefaults {
    static let issueType = "Task"
    static let summary = "{{title}}"
    static let description = "{{summary}}\n\nSource: {{source}}, severity: {{severity}}, status: {{status}}\n{{#url}}\n{{url}}{{/url}}"
}

extension ConfigLoader {
    /// The rules in order; `connectionReferences` collects each rule's `connection:` with its position,
    /// to be checked once all connections are known.
    func rules(
        _ values: [YAMLValue],
        defaults: YAMLMapping?,
        connectionReferences: inout [(name: String, location: SourceLocation, what: String)],
        _ diagnostics: inout Diagnostics
    ) -> [Rule] {
        var rules: [Rule] = []
        var seen: [String: SourceLocation] = [:]
        for (position, value) in values.enumerated() {
            // Names are checked before the rest, so a duplicate is reported even when either rule has other problems.
            var scratch = Diagnostics()
            if case .mapping = value.shape, var mapping = value.mapping(&scratch, what: ""),
                let name = mapping.take("name")?.string(&scratch, what: "name"), !name.isEmpty
            {
                if let first = seen[name] {
                    diagnostics.error(value.location, "duplicate rule name \"\(name)\" (first defined at \(first))")
                    _ = rule(value, position: position, defaults: defaults, &diagnostics)
                    continue
                }
                seen[name] = value.location
            }
            guard let (rule, connectionLocation) = rule(value, position: position, defaults: defaults, &diagnostics) else { continue }
            rules.append(rule)
            if let name = rule.connection, let connectionLocation {
                connectionReferences.append((name, connectionLocation, "rule \"\(rule.name)\""))
            }
        }
        return rules
    }

    private func rule(
        _ value: YAMLValue,
        position: Int,
        defaults: YAMLMapping?,
        _ diagnostics: inout Diagnostics
    ) -> (Rule, connectionLocation: SourceLocation?)? {
        guard var mapping = value.mapping(&diagnostics, what: "rule #\(position + 1)") else { return nil }
        let before = diagnostics.problems.count
        var name = ""
        if let nameValue = mapping.take("name") {
            name = nameValue.string(&diagnostics, what: "name") ?? ""
            if name.isEmpty, diagnostics.problems.count == before {
                diagnostics.error(nameValue.textLocation, "the name of rule #\(position + 1) is empty")
            }
        } else {
            diagnostics.error(value.location, "rule #\(position + 1) has no name; add name: something-descriptive")
        }
        let what = name.isEmpty ? "rule #\(position + 1)" : "rule \"\(name)\""
        mapping.what = what
        var defaultsCopy = defaults
        /// The rule's own value for a key, else the one from `defaults:`.
        func setting(_ key: String) -> YAMLValue? {
            mapping.take(key) ?? defaultsCopy?.take(key)
        }
        func template(_ key: String, fallback: String?) -> Template? {
            guard let value = setting(key) else {
                return fallback.map(Template.builtIn)
            }
            guard let text = value.string(&diagnostics, what: key) else { return nil }
            do {
                return try Template(text, location: value.textLocation, isBlock: value.isBlockScalar)
            } catch {
                diagnostics.error(error.location, error.message)
                return nil
            }
        }

        let matcher = mapping.take("match").flatMap { self.matcher($0, &diagnostics) } ?? .always
        let continueMatching = mapping.take("continue").flatMap { $0.bool(&diagnostics, what: "continue") } ?? false
        let connectionValue = setting("connection")
        let connection = connectionValue.flatMap { $0.string(&diagnostics, what: "connection") }
        let project = template("project", fallback: nil)
        if project == nil, !mapping.has("project"), defaults?.has("project") != true {
            diagnostics.error(value.location, "\(what) has no project; add project: KEY (or set it under defaults:)")
        }
        // A key written out is checked now; one rendered from the alert, when it is rendered.
        if let project, !project.source.contains("{{"), let problem = ProjectKey.problem(project.source) {
            diagnostics.error(project.location, problem)
        }
        let issueType = template("issue_type", fallback: RuleDefaults.issueType)
        let summary = template("summary", fallback: RuleDefaults.summary)
        let description = template("description", fallback: RuleDefaults.description)

        var priority: PriorityTemplate?
        if let value = setting("priority") {
            priority = self.priority(value, &diagnostics)
        }
        var labels: [Template] = []
        if let value = setting("labels"), let list = value.sequenceOrScalar(&diagnostics, what: "labels") {
            for item in list {
                guard let text = item.string(&diagnostics, what: "a label") else { continue }
                do {
                    labels.append(try Template(text, location: item.textLocation))
                } catch {
                    diagnostics.error(error.location, error.message)
                }
            }
        }
        var fields: [(name: String, value: FieldTemplate)] = []
        if let value = setting("fields"), let fieldMapping = value.mapping(&diagnostics, what: "fields") {
            for entry in fieldMapping.entries {
                if let template = fieldTemplate(entry.value, &diagnostics) {
                    fields.append((entry.key, template))
                }
            }
        }
        let includeLabels = setting("include_labels").flatMap { $0.bool(&diagnostics, what: "include_labels") } ?? true
        let includeRaw = setting("include_raw").flatMap { $0.bool(&diagnostics, what: "include_raw") } ?? false
        let lifecycle = self.lifecycle(setting, what: what, &diagnostics)
        mapping.reportUnknownKeys(&diagnostics, known: RuleKeys.all)

        guard diagnostics.problems.count == before, let project, let issueType, let summary, let description else { return nil }
        let rule = Rule(
            name: name,
            matcher: matcher,
            continueMatching: continueMatching,
            connection: connection,
            project: project,
            issueType: issueType,
            summary: summary,
            description: description,
            priority: priority,
            labels: labels,
            fields: fields,
            includeLabels: includeLabels,
            includeRaw: includeRaw,
            lifecycle: lifecycle,
            location: value.location
        )
        return (rule, connectionValue?.textLocation)
    }

    private func priority(_ value: YAMLValue, _ diagnostics: inout Diagnostics) -> PriorityTemplate? {
        if case .mapping = value.shape {
            guard let mapping = value.mapping(&diagnostics, what: "priority") else { return nil }
            var map: [String: Template] = [:]
            for entry in mapping.entries {
                guard Severity(rawValue: entry.key) != nil else {
                    diagnostics.error(
                        entry.keyLocation,
                        "priority maps severities to priorities; \"\(entry.key)\" is not one of critical, high, warning, info"
                    )
                    continue
                }
                guard let text = entry.value.string(&diagnostics, what: "priority for \(entry.key)") else { continue }
                do {
                    map[entry.key] = try Template(text, location: entry.value.textLocation)
                } catch {
                    diagnostics.error(error.location, error.message)
                }
            }
            return .bySeverity(map)
        }
        guard let text = value.string(&diagnostics, what: "priority") else { return nil }
        do {
            return .template(try Template(text, location: value.textLocation, isBlock: value.isBlockScalar))
        } catch {
            diagnostics.error(error.location, error.message)
            return nil
        }
    }

    /// Plain numbers and booleans stay literals (a number field wants `5`, not `"5"`); text is a template.
    func fieldTemplate(_ value: YAMLValue, _ diagnostics: inout Diagnostics) -> FieldTemplate? {
        switch value.shape {
        case .scalar(let raw, let plain):
            if plain {
                if value.isNull { return .null }
                if raw == "true" || raw == "false" { return .bool(raw == "true") }
                // Only JSON's own number syntax stays a number: `007`, `0x1F` or `.5` go to Jira as
                // text rather than as literals Jira's JSON parser would refuse.
                if NumberLiteral.isJSON(raw) { return .number(raw) }
            }
            guard let text = value.string(&diagnostics, what: "a field value") else { return nil }
            do {
                return .text(try Template(text, location: value.textLocation, isBlock: value.isBlockScalar))
            } catch {
                diagnostics.error(error.location, error.message)
                return nil
            }
        case .sequence:
            let items = value.sequence(&diagnostics, what: "a field value") ?? []
            return .list(items.compactMap { fieldTemplate($0, &diagnostics) })
        case .mapping:
            guard let mapping = value.mapping(&diagnostics, what: "a field value") else { return nil }
            return .object(mapping.entries.compactMap { entry in fieldTemplate(entry.value, &diagnostics).map { (entry.key, $0) } })
        case .alias:
            diagnostics.error(value.location, "unexpected alias")
            return nil
        }
    }

    // MARK: - Matchers

    /// A mapping is an implicit `all` of its entries; `any`, `all` and `not` nest.
    func matcher(_ value: YAMLValue, _ diagnostics: inout Diagnostics) -> Matcher? {
        guard let mapping = value.mapping(&diagnostics, what: "match") else { return nil }
        var parts: [Matcher] = []
        for entry in mapping.entries {
            switch entry.key {
            case "any", "all":
                guard let list = entry.value.sequence(&diagnostics, what: entry.key) else { continue }
                if list.isEmpty {
                    diagnostics.error(entry.value.location, "\(entry.key) needs at least one matcher")
                }
                let matchers = list.compactMap { matcher($0, &diagnostics) }
                parts.append(entry.key == "any" ? .any(matchers) : .all(matchers))
            case "not":
                if let inner = matcher(entry.value, &diagnostics) { parts.append(.not(inner)) }
            default:
                guard let path = fieldPath(entry.key, at: entry.keyLocation, &diagnostics) else { continue }
                for condition in conditions(entry.value, path: path, &diagnostics) {
                    parts.append(.field(path: path, condition: condition))
                }
            }
        }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    private func fieldPath(_ key: String, at location: SourceLocation, _ diagnostics: inout Diagnostics) -> [String]? {
        let path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let head = path.first, Alert.fieldNames.contains(head) else {
            var message = "unknown alert field \"\(key)\" in match"
            if let suggestion = Suggestion.closest(to: path.first ?? key, in: Alert.fieldNames) {
                message += "; did you mean \"\(suggestion)\"?"
            } else {
                message += "; fields are \(Alert.fieldNames.sorted().joined(separator: ", ")), and raw.* for the original payload"
            }
            diagnostics.error(location, message)
            return nil
        }
        if path.contains(where: \.isEmpty) {
            diagnostics.error(location, "empty component in field path \"\(key)\"")
            return nil
        }
        let allowedChildren: [String: [String]] = [
            "cost": ["amount", "expected", "actual", "currency"], "resource": ["service", "account", "region"],
        ]
        switch head {
        case "labels", "annotations":
            if path.count < 2 {
                diagnostics.error(location, "\(head) takes a name: \(head).<name>, found \"\(key)\"")
                return nil
            }
            // Label names such as `app.kubernetes.io/name` contain dots; everything after the first
            // dot is the name.
            return [head, path.dropFirst().joined(separator: ".")]
        case "cost", "resource":
            if path.count != 2 || !allowedChildren[head]!.contains(path[1]) {
                diagnostics.error(location, "\(head) has \(allowedChildren[head]!.map { "\(head).\($0)" }.joined(separator: ", ")), found \"\(key)\"")
                return nil
            }
        case "raw":
            break
        default:
            if path.count != 1 {
                diagnostics.error(location, "\(head) is a single value; \"\(key)\" leads nowhere")
                return nil
            }
        }
        return path
    }

    private func conditions(_ value: YAMLValue, path: [String], _ diagnostics: inout Diagnostics) -> [FieldCondition] {
        switch value.shape {
        case .scalar:
            return matchValue(value, path: path, &diagnostics).map { [.equals($0)] } ?? []
        case .sequence:
            // A list is shorthand for `in:`.
            return [.isIn((value.sequence(&diagnostics, what: "values") ?? []).compactMap { matchValue($0, path: path, &diagnostics) })]
        case .mapping:
            guard var mapping = value.mapping(&diagnostics, what: "the condition on \(path.joined(separator: "."))") else { return [] }
            var result: [FieldCondition] = []
            for op in RuleKeys.matchOperators {
                guard let operand = mapping.take(op) else { continue }
                if let condition = condition(op, operand, path: path, &diagnostics) { result.append(condition) }
            }
            mapping.reportUnknownKeys(&diagnostics, known: RuleKeys.matchOperators)
            if result.isEmpty, mapping.entries.isEmpty {
                diagnostics.error(value.location, "empty condition; use one of \(RuleKeys.matchOperators.joined(separator: ", "))")
            }
            return result
        case .alias:
            diagnostics.error(value.location, "unexpected alias")
            return []
        }
    }

    private func condition(_ op: String, _ operand: YAMLValue, path: [String], _ diagnostics: inout Diagnostics) -> FieldCondition? {
        func list() -> [MatchValue]? {
            operand.sequenceOrScalar(&diagnostics, what: op).map { $0.compactMap { matchValue($0, path: path, &diagnostics) } }
        }
        func number() -> Double? {
            guard let text = operand.string(&diagnostics, what: op) else { return nil }
            guard let number = NumberLiteral.decimal(text) else {
                diagnostics.error(operand.location, "\(op) compares numbers; \"\(text)\" is not a number")
                return nil
            }
            return number
        }
        func pattern() -> Pattern? {
            guard let text = operand.string(&diagnostics, what: op) else { return nil }
            do {
                return try Pattern(text)
            } catch {
                diagnostics.error(operand.textLocation, error.message)
                return nil
            }
        }
        switch op {
        case "eq": return matchValue(operand, path: path, &diagnostics).map(FieldCondition.equals)
        case "ne": return matchValue(operand, path: path, &diagnostics).map(FieldCondition.notEquals)
        case "in": return list().map(FieldCondition.isIn)
        case "not_in": return list().map(FieldCondition.notIn)
        case "regex": return pattern().map(FieldCondition.regex)
        case "not_regex": return pattern().map(FieldCondition.notRegex)
        case "gt": return number().map(FieldCondition.greaterThan)
        case "gte": return number().map(FieldCondition.greaterThanOrEqual)
        case "lt": return number().map(FieldCondition.lessThan)
        case "lte": return number().map(FieldCondition.lessThanOrEqual)
        case "exists": return operand.bool(&diagnostics, what: "exists").map(FieldCondition.exists)
        case "contains": return operand.string(&diagnostics, what: "contains").map(FieldCondition.contains)
        default: return nil
        }
    }

    /// Plain numbers compare as numbers, `true`/`false` as booleans, the rest as text. Values of
    /// fields with a closed vocabulary are checked, so `severity: crit` is an error, not a rule that
    /// silently never matches.
    private func matchValue(_ value: YAMLValue, path: [String], _ diagnostics: inout Diagnostics) -> MatchValue? {
        guard case .scalar(_, let plain) = value.shape else {
            diagnostics.error(value.location, "expected a single value, found \(value.kindName)")
            return nil
        }
        if value.isNull {
            diagnostics.error(
                value.location,
                "no value to compare \(path.joined(separator: ".")) with; to match a missing field write { exists: false }"
            )
            return nil
        }
        guard let text = value.string(&diagnostics, what: "a value") else { return nil }
        let vocabulary: [String]? =
            switch path {
            case ["severity"]: Severity.allCases.map(\.rawValue)
            case ["status"]: AlertStatus.allCases.map(\.rawValue)
            case ["source"]: AlertFormats.ids
            default: nil
            }
        if let vocabulary, !vocabulary.contains(text) {
            var message = "\(path[0]) is never \"\(text)\"; it is one of \(vocabulary.joined(separator: ", "))"
            // Severities are normalized, so the sender's word (`crit`, `P2`) is the likeliest slip.
            let normalized = path == ["severity"] ? Severity.normalize(text)?.rawValue : nil
            if let suggestion = normalized ?? Suggestion.closest(to: text, in: vocabulary) {
                message += " (did you mean \"\(suggestion)\"?)"
            }
            diagnostics.error(value.textLocation, message)
            return nil
        }
        if plain {
            if text == "true" || text == "false" { return .bool(text == "true") }
            if let number = NumberLiteral.decimal(text) { return .number(number) }
        }
        return .text(text)
    }
}

/// Which plain YAML scalars count as numbers. Stricter than `Double(_:)`, which also reads `0x1F`,
/// `inf` and `nan`: none of those is meant as a number in a rule.
enum NumberLiteral {
    /// JSON's grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    static func isJSON(_ text: String) -> Bool {
        var scalars = text.unicodeScalars[...]
        func digits() -> Int {
            let count = scalars.prefix { ("0"..."9").contains($0) }.count
            scalars = scalars.dropFirst(count)
            return count
        }
        if scalars.first == "-" { scalars = scalars.dropFirst() }
        let integerStart = scalars.first
        let integerDigits = digits()
        guard integerDigits > 0, integerStart != "0" || integerDigits == 1 else { return false }
        if scalars.first == "." {
            scalars = scalars.dropFirst()
            guard digits() > 0 else { return false }
        }
        if scalars.first == "e" || scalars.first == "E" {
            scalars = scalars.dropFirst()
            if scalars.first == "+" || scalars.first == "-" { scalars = scalars.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return scalars.isEmpty
    }

    /// A finite decimal number: optional sign, digits with an optional fraction (`5`, `-0.5`, `.5`,
    /// `007`), optional exponent.
    static func decimal(_ text: String) -> Double? {
        var scalars = text.unicodeScalars[...]
        func digits() -> Int {
            let count = scalars.prefix { ("0"..."9").contains($0) }.count
            scalars = scalars.dropFirst(count)
            return count
        }
        if scalars.first == "-" || scalars.first == "+" { scalars = scalars.dropFirst() }
        var mantissaDigits = digits()
        if scalars.first == "." {
            scalars = scalars.dropFirst()
            mantissaDigits += digits()
        }
        guard mantissaDigits > 0 else { return nil }
        if scalars.first == "e" || scalars.first == "E" {
            scalars = scalars.dropFirst()
            if scalars.first == "+" || scalars.first == "-" { scalars = scalars.dropFirst() }
            guard digits() > 0 else { return nil }
        }
        guard scalars.isEmpty, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
