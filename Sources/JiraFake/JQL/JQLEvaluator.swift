import Foundation
import JiraSpec

/// Turns a parsed JQL query into a predicate and a sort order over the fake's issues, checking field names and
/// values the way Jira does (an unknown project or option is an error, not an empty result).
struct JQLEvaluator {
    typealias Predicate = (FakeIssue) -> Bool

    let configuration: FakeConfiguration
    let issues: [FakeIssue]
    let caller: FakeUser?
    let now: Date

    /// Compiles the condition; every semantic problem is reported, as Jira lists them all.
    func predicate(for expression: JQLExpression?) -> Result<Predicate, JQLError> {
        guard let expression else { return .success { _ in true } }
        var errors: [String] = []
        let predicate = compile(expression, errors: &errors)
        return errors.isEmpty ? .success(predicate) : .failure(JQLError(errors))
    }

    private func compile(_ expression: JQLExpression, errors: inout [String]) -> Predicate {
        switch expression {
        case .and(let terms):
            let predicates = terms.map { compile($0, errors: &errors) }
            return { issue in predicates.allSatisfy { $0(issue) } }
        case .or(let terms):
            let predicates = terms.map { compile($0, errors: &errors) }
            return { issue in predicates.contains { $0(issue) } }
        case .not(let inner):
            let predicate = compile(inner, errors: &errors)
            return { !predicate($0) }
        case .clause(let clause):
            return compile(clause, errors: &errors)
        }
    }

    private func compile(_ clause: JQLClause, errors: inout [String]) -> Predicate {
        guard let field = JQLFieldReference.resolve(clause.field, configuration: configuration) else {
            errors.append("Field '\(clause.field)' does not exist or you do not have permission to view it.")
            return { _ in false }
        }
        guard field.supports(clause.op) else {
            errors.append("The operator '\(clause.op)' is not supported by the '\(clause.field)' field.")
            return { _ in false }
        }
        switch field {
        case .text(let id):
            return textPredicate(clause, errors: &errors) { issue in self.text(of: id, in: issue) }
        case .allText:
            return textPredicate(clause, errors: &errors) { issue in self.allText(issue) }
        case .date(let id):
            return orderedPredicate(
                clause,
                errors: &errors,
                value: { self.date(of: id, in: $0)?.timeIntervalSince1970 },
                parse: { self.dateValue($0, field: clause.field).map(\.timeIntervalSince1970) }
            )
        case .number(let id):
            return orderedPredicate(
                clause,
                errors: &errors,
                value: { $0.fields[id].flatMap(\.numericValue) },
                parse: { literal in
                    guard let number = Double(literal.text) else {
                        return .failure(JQLError(["The value '\(literal.text)' does not exist for the field '\(clause.field)'."]))
                    }
                    return .success(number)
                }
            )
        case .key:
            return keyPredicate(clause, errors: &errors)
        default:
            return membershipPredicate(clause, field: field, errors: &errors)
        }
    }

    // MARK: - Text

    private func textPredicate(_ clause: JQLClause, errors: inout [String], text: @escaping (FakeIssue) -> String?) -> Predicate {
        switch (clause.op, clause.operand) {
        case ("is", _): return { (text($0) ?? "").isEmpty }
        case ("is not", _): return { !(text($0) ?? "").isEmpty }
        case (_, .value(let literal)):
            let matcher = TextMatcher(literal.text)
            if matcher.isEmpty {
                errors.append("The field '\(clause.field)' does not support searching for an empty string.")
                return { _ in false }
            }
            let negate = clause.op == "!~"
            return { issue in
                guard let value = text(issue), !value.isEmpty else { return false }
                return matcher.matches(value) != negate
            }
        default:
            errors.append("The operator '\(clause.op)' is not supported by the '\(clause.field)' field.")
            return { _ in false }
        }
    }

    /// A text field's content as plain text (ADF documents flattened).
    func text(of fieldId: String, in issue: FakeIssue) -> String? {
        if fieldId == "comment" {
            let bodies = issue.comments.map { Self.plain($0.body) }
            return bodies.isEmpty ? nil : bodies.joined(separator: "\n")
        }
        return issue.fields[fieldId].map(Self.plain)
    }

    private func allText(_ issue: FakeIssue) -> String {
        var parts = [text(of: "summary", in: issue), text(of: "description", in: issue), text(of: "comment", in: issue)]
        for field in configuration.customFields where [.string, .richText].contains(field.schema.valueKind) && !field.schema.isArray {
            parts.append(text(of: field.id, in: issue))
        }
        return parts.compactMap { $0 }.joined(separator: "\n")
    }

    private static func plain(_ value: SpecJSON) -> String {
        if let text = value.stringValue { return text }
        if value.objectValue != nil { return ADFText.plainText(value) }
        return value.scalarText ?? ""
    }

    // MARK: - Dates and numbers

    private func orderedPredicate(
        _ clause: JQLClause,
        errors: inout [String],
        value: @escaping (FakeIssue) -> Double?,
        parse: (JQLLiteral) -> Result<Double, JQLError>
    ) -> Predicate {
        func resolve(_ literal: JQLLiteral) -> Double? {
            switch parse(literal) {
            case .success(let number): return number
            case .failure(let error):
                errors.append(contentsOf: error.messages)
                return nil
            }
        }
        switch clause.operand {
        case .empty:
            let wantsEmpty = clause.op == "=" || clause.op == "is"
            return { (value($0) == nil) == wantsEmpty }
        case .function(let name, _):
            guard let target = functionDate(name)?.timeIntervalSince1970 else {
                errors.append("Unable to find JQL function '\(name)()'.")
                return { _ in false }
            }
            return compare(clause.op, value: value, targets: [target])
        case .value(let literal):
            guard let target = resolve(literal) else { return { _ in false } }
            return compare(clause.op, value: value, targets: [target])
        case .list(let literals):
            let targets = literals.compactMap(resolve)
            return compare(clause.op, value: value, targets: targets)
        }
    }

    private func compare(_ op: String, value: @escaping (FakeIssue) -> Double?, targets: [Double]) -> Predicate {
        // Dates compare to the minute, as Jira's date clauses do.
        func same(_ left: Double, _ right: Double) -> Bool { abs(left - right) < 60 && floor(left / 60) == floor(right / 60) }
        return { issue in
            guard let current = value(issue) else { return false }
            switch op {
            case "=", "in": return targets.contains { same(current, $0) }
            case "!=", "not in": return !targets.contains { same(current, $0) }
            case "<": return targets.allSatisfy { current < $0 }
            case "<=": return targets.allSatisfy { current <= $0 }
            case ">": return targets.allSatisfy { current > $0 }
            case ">=": return targets.allSatisfy { current >= $0 }
            default: return false
            }
        }
    }

    func date(of fieldId: String, in issue: FakeIssue) -> Date? {
        switch fieldId {
        case "created": return issue.created
        case "updated": return issue.updated
        case "resolutiondate": return issue.resolutionDate
        default:
            guard let text = issue.fields[fieldId]?.stringValue else { return nil }
            return JiraTime.parseDate(text) ?? JiraTime.parseDateTime(text)
        }
    }

    private func dateValue(_ literal: JQLLiteral, field: String) -> Result<Date, JQLError> {
        if let offset = JiraTime.parsePeriod(literal.text) { return .success(now.addingTimeInterval(offset)) }
        if let date = JiraTime.parseJQLDate(literal.text) { return .success(date) }
        return .failure(
            JQLError([
                "Date value '\(literal.text)' for field '\(field)' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."
            ])
        )
    }

    private func functionDate(_ name: String) -> Date? {
        let startOfDay = floor(now.timeIntervalSince1970 / 86_400) * 86_400
        switch name.lowercased() {
        case "now": return now
        case "startofday": return Date(timeIntervalSince1970: startOfDay)
        case "endofday": return Date(timeIntervalSince1970: startOfDay + 86_399)
        default: return nil
        }
    }

    // MARK: - Keys

    private func keyPredicate(_ clause: JQLClause, errors: inout [String]) -> Predicate {
        func resolve(_ literal: JQLLiteral) -> FakeIssue? {
            let text = literal.text.uppercased()
            if let issue = issues.first(where: { $0.key == text || $0.id == literal.text }) { return issue }
            let parts = text.split(separator: "-")
            if parts.count == 2, Int(parts[1]) != nil, configuration.project(String(parts[0])) != nil {
                errors.append("An issue with key '\(literal.text)' does not exist for field '\(clause.field)'.")
            } else {
                errors.append("The issue key '\(literal.text)' for field '\(clause.field)' is invalid.")
            }
            return nil
        }
        let targets: [FakeIssue]
        switch clause.operand {
        case .value(let literal): targets = resolve(literal).map { [$0] } ?? []
        case .list(let literals): targets = literals.compactMap(resolve)
        case .empty: return { _ in clause.op == "!=" || clause.op == "is not" }
        case .function(let name, _):
            errors.append("Unable to find JQL function '\(name)()'.")
            return { _ in false }
        }
        let keys = Set(targets.map(\.key))
        switch clause.op {
        case "=", "in": return { keys.contains($0.key) }
        case "!=", "not in": return { !keys.contains($0.key) }
        default:
            guard let target = targets.first else { return { _ in false } }
            return { issue in
                guard issue.projectKey == target.projectKey else { return false }
                switch clause.op {
                case "<": return issue.number < target.number
                case "<=": return issue.number <= target.number
                case ">": return issue.number > target.number
                default: return issue.number >= target.number
                }
            }
        }
    }

    // MARK: - Membership fields (project, labels, status, options, users, …)

    private func membershipPredicate(_ clause: JQLClause, field: JQLFieldReference, errors: inout [String]) -> Predicate {
        let values = { (issue: FakeIssue) in self.aliases(of: field, in: issue) }
        var targets: [Set<String>] = []
        var wantsUnresolved = false
        func resolve(_ literal: JQLLiteral) {
            if case .resolution = field, literal.text.lowercased() == "unresolved" {
                wantsUnresolved = true
                return
            }
            switch queryAliases(literal, field: field, clauseName: clause.field) {
            case .success(let set): targets.append(set)
            case .failure(let error): errors.append(contentsOf: error.messages)
            }
        }
        switch clause.operand {
        case .empty:
            let wantsEmpty = clause.op == "=" || clause.op == "is"
            return { values($0).isEmpty == wantsEmpty }
        case .value(let literal):
            resolve(literal)
        case .list(let literals):
            literals.forEach(resolve)
        case .function(let name, _):
            guard name.lowercased() == "currentuser", case .user = field else {
                errors.append("Unable to find JQL function '\(name)()'.")
                return { _ in false }
            }
            targets.append(caller.map(userAliases) ?? [])
        }
        let matchesAny: Predicate = { issue in
            let current = values(issue)
            if wantsUnresolved, current.isEmpty { return true }
            return current.contains { element in targets.contains { !$0.isDisjoint(with: element) } }
        }
        switch clause.op {
        case "=", "in":
            return matchesAny
        default:
            // `!=` and `NOT IN` never match issues where the field is empty, as in Jira.
            return { issue in (wantsUnresolved || !values(issue).isEmpty) && !matchesAny(issue) }
        }
    }
}
