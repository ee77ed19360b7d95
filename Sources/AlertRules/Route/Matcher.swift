import AlertModel
import JSON

/// Decides whether a rule takes an alert: conditions on alert fields, combined with `all`, `any`
/// and `not`.
public indirect enum Matcher: Sendable {
    case always
    case all([Matcher])
    case any([Matcher])
    case not(Matcher)
    /// A condition on the value at a path (`labels.team`, `cost.amount`, `raw.detail.region`).
    case field(path: [String], condition: FieldCondition)

    public func matches(_ alert: Alert) -> Bool {
        switch self {
        case .always:
            return true
        case .all(let matchers):
            return matchers.allSatisfy { $0.matches(alert) }
        case .any(let matchers):
            return matchers.contains { $0.matches(alert) }
        case .not(let matcher):
            return !matcher.matches(alert)
        case .field(let path, let condition):
            return condition.holds(for: alert.value(at: path))
        }
    }
}

/// One test on a field's value. Missing fields fail every test except `ne`, `not_in`, `not_regex`
/// and `exists: false`, which is what "this field is not X" means to a reader.
public enum FieldCondition: Sendable {
    case equals(MatchValue)
    case notEquals(MatchValue)
    case isIn([MatchValue])
    case notIn([MatchValue])
    case regex(Pattern)
    case notRegex(Pattern)
    case greaterThan(Double)
    case greaterThanOrEqual(Double)
    case lessThan(Double)
    case lessThanOrEqual(Double)
    case exists(Bool)
    case contains(String)

    public func holds(for value: JSONValue?) -> Bool {
        switch self {
        case .equals(let expected): return value.map(expected.matches) ?? false
        case .notEquals(let expected): return !(value.map(expected.matches) ?? false)
        case .isIn(let options): return value.map { value in options.contains { $0.matches(value) } } ?? false
        case .notIn(let options): return !(value.map { value in options.contains { $0.matches(value) } } ?? false)
        case .regex(let pattern): return value?.scalarText.map(pattern.matches) ?? false
        case .notRegex(let pattern): return !(value?.scalarText.map(pattern.matches) ?? false)
        case .greaterThan(let bound): return value?.numericValue.map { $0 > bound } ?? false
        case .greaterThanOrEqual(let bound): return value?.numericValue.map { $0 >= bound } ?? false
        case .lessThan(let bound): return value?.numericValue.map { $0 < bound } ?? false
        case .lessThanOrEqual(let bound): return value?.numericValue.map { $0 <= bound } ?? false
        case .exists(let expected): return (value.map { !$0.isNull } ?? false) == expected
        case .contains(let needle):
            switch value {
            case .string(let text): return text.contains(needle)
            case .array(let elements): return elements.contains { $0.scalarText == needle }
            case .object(let object): return object[needle] != nil
            default: return false
            }
        }
    }
}

/// A value to compare with: numbers compare numerically (`100` equals `"100.0"`), the rest as text.
public enum MatchValue: Sendable, Equatable {
    case text(String)
    case number(Double)
    case bool(Bool)

    func matches(_ value: JSONValue) -> Bool {
        switch self {
        case .text(let text): return value.scalarText == text
        case .number(let number): return value.numericValue == number
        case .bool(let bool): return value.boolValue == bool || value.stringValue == (bool ? "true" : "false")
        }
    }
}
