import AlertModel
import JSON
import Mustache

/// What a template sees: the normalized alert's fields by name (`title`, `labels.team`,
/// `cost.amount`, `raw.detail.anomalyId`), plus `rule`.
///
/// Implemented as a `MustacheParent` rather than a dictionary so nothing is copied per alert: a
/// field is only looked up when a template asks for it.
public struct AlertTemplateContext: MustacheParent {
    public let alert: Alert
    public let rule: String

    public init(alert: Alert, rule: String) {
        self.alert = alert
        self.rule = rule
    }

    public func child(named name: String) -> Any? {
        switch name {
        case "rule": return TemplateJSON(.string(rule)).representation
        case "raw": return TemplateJSON(alert.raw).representation
        // Looked up lazily: `labels.team` must not sort and copy every label of the alert.
        case "labels": return TemplateStringMap(map: alert.labels)
        case "annotations": return TemplateStringMap(map: alert.annotations)
        default:
            guard let value = alert.value(at: [name]) else { return nil }
            return TemplateJSON(value).representation
        }
    }
}

/// A JSON value as Mustache expects to see it: text for scalars, a sequence for arrays, a parent for
/// objects, nothing for null and empty text (so `{{#x}}` sections skip them, as they would a missing
/// field: `{{#annotations.runbook}}Runbook: {{.}}{{/annotations.runbook}}` must not print a bare
/// "Runbook:" for an empty annotation).
struct TemplateJSON: MustacheCustomRepresentation {
    let value: JSONValue

    init(_ value: JSONValue) {
        self.value = value
    }

    var representation: Any? {
        switch value {
        case .null: nil
        case .bool(let bool): bool
        case .string(let string): string.isEmpty ? nil : string
        case .number(let number): number.text
        case .array(let array): array.map { TemplateJSON($0) }
        case .object(let object): TemplateJSONObject(object: object)
        }
    }
}

/// A JSON object in a template: its members by name, compact JSON when printed whole, and the
/// transforms `count`, `empty` and `enumerated` (its members as `key`/`value` pairs, in order).
struct TemplateJSONObject: MustacheParent, MustacheCustomRenderable, MustacheTransformable {
    let object: JSONObject

    func child(named name: String) -> Any? {
        object[name].flatMap { TemplateJSON($0).representation }
    }

    var renderText: String { JSONValue.object(object).jsonString }
    var isNull: Bool { false }

    func transform(_ name: String) -> Any? {
        switch name {
        case "count": object.count
        case "empty": object.isEmpty
        case "enumerated": object.map { TemplateJSONMember(key: $0.0, value: $0.1) }
        default: nil
        }
    }
}

/// One member of an object in `{{#enumerated(labels)}}{{key}}={{value}}{{/enumerated(labels)}}`.
struct TemplateJSONMember: MustacheParent {
    let key: String
    let value: JSONValue

    func child(named name: String) -> Any? {
        switch name {
        case "key": key
        case "value": TemplateJSON(value).representation
        default: nil
        }
    }
}

/// `labels` and `annotations` in a template: single values looked up directly, and the same
/// rendering and transforms as any JSON object (sorted by name) when used whole.
struct TemplateStringMap: MustacheParent, MustacheCustomRenderable, MustacheTransformable {
    let map: [String: String]

    func child(named name: String) -> Any? {
        map[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    private var object: TemplateJSONObject { TemplateJSONObject(object: Alert.sortedObject(map)) }
    var renderText: String { object.renderText }
    var isNull: Bool { false }
    func transform(_ name: String) -> Any? { object.transform(name) }
}
