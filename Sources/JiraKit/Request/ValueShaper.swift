import Contracts
import Foundation
import JSON

/// Shapes a rule's rendered value into the JSON Jira expects for a field's schema.
///
/// The same text "High" must become `{"name":"High"}` for a priority, `{"value":"High"}` for a select
/// list and `"High"` for a text field; getting this wrong is a 400 at delivery time, so it is decided
/// here, up front, from the schema in create metadata.
public struct ValueShaper: Sendable {
    public let flavor: JiraFlavor
    /// Renders text for rich-text fields (ADF on Cloud, wiki on Data Center).
    public let richText: @Sendable (String) -> JSONValue

    public init(flavor: JiraFlavor, richText: @escaping @Sendable (String) -> JSONValue) {
        self.flavor = flavor
        self.richText = richText
    }

    public func shape(_ value: RenderedValue, as schema: FieldSchema) throws(ShapeError) -> JSONValue {
        // An object in the config is the user's own JSON shape: sent as written.
        if case .object = value { return Self.plain(value) }
        switch schema.type {
        case "array":
            let elements: [RenderedValue]
            if case .list(let list) = value { elements = list } else { elements = [value] }
            let itemSchema = FieldSchema(type: schema.items ?? "any", system: schema.system, custom: schema.custom)
            return .array(
                try elements.filter { !$0.isEmpty }.map { element throws(ShapeError) in try shapeSingle(element, as: itemSchema, in: schema) }
            )
        default:
            if case .list(let list) = value {
                guard list.count == 1 else {
                    throw ShapeError(reason: "takes a single \(schema.displayName), but the rule gives a list of \(list.count)")
                }
                return try shapeSingle(list[0], as: schema, in: schema)
            }
            return try shapeSingle(value, as: schema, in: schema)
        }
    }

    private func shapeSingle(_ value: RenderedValue, as schema: FieldSchema, in field: FieldSchema) throws(ShapeError) -> JSONValue {
        let text = Self.text(value)
        switch schema.type {
        case "string":
            if field.isRichText { return richText(text ?? "") }
            return .string(text ?? "")
        case "number":
            if case .number(let literal) = value { return .number(JSONNumber(literal: literal)) }
            guard let text, let number = JSONValue.parseAmount(text) else {
                throw ShapeError(reason: "is a number field; \"\(text ?? "")\" is not a number")
            }
            return .number(JSONNumber(number))
        case "option", "option2":
            return ["value": .string(try required(text, schema))]
        case "option-with-child":
            // "Parent > Child" selects a child option of a cascading select.
            let parts = try required(text, schema).components(separatedBy: ">").map { $0.trimmingCharacters(in: .whitespaces) }
            var object: JSONObject = ["value": .string(parts[0])]
            if parts.count > 1, !parts[1].isEmpty { object["child"] = ["value": .string(parts[1])] }
            return .object(object)
        case "priority", "component", "version", "resolution", "securitylevel":
            let name = try required(text, schema)
            // Numeric text is an id; anything else a name, which is what rules usually say.
            return name.allSatisfy(\.isNumber) ? ["id": .string(name)] : ["name": .string(name)]
        case "user":
            return [flavor.userKey: .string(try required(text, schema))]
        case "group":
            return ["name": .string(try required(text, schema))]
        case "project":
            return ["key": .string(try required(text, schema))]
        case "issuetype":
            return ["name": .string(try required(text, schema))]
        case "issuelink":
            return ["key": .string(try required(text, schema))]
        case "date":
            return .string(try Self.date(try required(text, schema)))
        case "datetime":
            return .string(try Self.dateTime(try required(text, schema)))
        default:
            return Self.plain(value)
        }
    }

    private func required(_ text: String?, _ schema: FieldSchema) throws(ShapeError) -> String {
        guard let text, !text.isEmpty else { throw ShapeError(reason: "needs a \(schema.displayName), but the value is empty") }
        return text
    }

    static func text(_ value: RenderedValue) -> String? {
        switch value {
        case .text(let text): text.trimmingCharacters(in: .whitespacesAndNewlines)
        case .number(let literal): literal
        case .bool(let bool): bool ? "true" : "false"
        case .null, .list, .object: nil
        }
    }

    /// The value as plain JSON, for fields whose schema alert2jira doesn't know.
    public static func plain(_ value: RenderedValue) -> JSONValue {
        switch value {
        case .text(let text): .string(text)
        case .number(let literal): .number(JSONNumber(literal: literal))
        case .bool(let bool): .bool(bool)
        case .null: .null
        case .list(let values): .array(values.map(plain))
        case .object(let members): .object(JSONObject(members.map { ($0.key, plain($0.value)) }))
        }
    }

    /// `YYYY-MM-DD`, accepting an RFC 3339 timestamp and keeping its date.
    static func date(_ text: String) throws(ShapeError) -> String {
        let candidate = String(text.prefix(10))
        let parts = candidate.split(separator: "-")
        guard candidate.count == 10, parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }),
            let month = Int(parts[1]), (1...12).contains(month), let day = Int(parts[2]), (1...31).contains(day)
        else {
            throw ShapeError(reason: "is a date field; \"\(text)\" is not a date like 2026-11-23")
        }
        return candidate
    }

    /// Jira's `2026-11-23T13:38:00.000+0000` from an RFC 3339 timestamp.
    static func dateTime(_ text: String) throws(ShapeError) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date =
            formatter.date(from: text)
            ?? {
                formatter.formatOptions = [.withInternetDateTime]
                return formatter.date(from: text)
            }()
        guard let date else {
            throw ShapeError(reason: "is a date-time field; \"\(text)\" is not an RFC 3339 timestamp like 2026-11-23T13:38:00Z")
        }
        let output = DateFormatter()
        output.locale = Locale(identifier: "en_US_POSIX")
        output.timeZone = TimeZone(identifier: "UTC")
        output.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSZ"
        return output.string(from: date)
    }
}

/// Why a value can't be given to a field; the caller adds the field's name.
public struct ShapeError: Error, Sendable, Equatable {
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }
}
