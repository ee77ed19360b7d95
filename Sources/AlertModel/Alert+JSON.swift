import JSON

/// The normalized alert as JSON: what `--dry-run --output json` prints, and what rules and templates
/// address with paths like `labels.severity` or `cost.amount`.
extension Alert {
    /// All normalized fields; `raw` only when asked, since it can be large and the caller already has it.
    public func json(includingRaw: Bool = false) -> JSONValue {
        var object = JSONObject()
        writeMembers(to: &object, includingRaw: includingRaw)
        return .object(object)
    }

    /// The members of ``json(includingRaw:)``, in order, to any sink.
    public func writeMembers(to sink: inout some JSONMemberSink, includingRaw: Bool = false) {
        sink.member("source", .string(source))
        sink.member("id", .string(id))
        sink.member("fingerprint", .string(fingerprint))
        sink.member("status", .string(status.rawValue))
        sink.member("severity", .string(severity.rawValue))
        sink.member("severityRaw", .string(severityRaw))
        sink.member("title", .string(title))
        sink.member("summary", .string(summary))
        sink.member("labels", .object(Self.sortedObject(labels)))
        sink.member("annotations", .object(Self.sortedObject(annotations)))
        sink.member("startsAt", startsAt.map(JSONValue.string) ?? .null)
        sink.member("endsAt", endsAt.map(JSONValue.string) ?? .null)
        sink.member("url", url.map(JSONValue.string) ?? .null)
        if let cost = costJSON { sink.member("cost", cost) }
        if let resource = resourceJSON { sink.member("resource", resource) }
        if includingRaw {
            sink.member("raw", raw)
        }
    }

    /// The value at a dotted path as rules and templates see it: `severity`, `labels.team`,
    /// `cost.amount`, `raw.detail.impact.totalImpact`. `nil` when the path leads nowhere.
    public func value(at path: [String]) -> JSONValue? {
        guard let head = path.first else { return nil }
        let rest = path.dropFirst()
        func leaf(_ value: JSONValue) -> JSONValue? { rest.isEmpty ? value : nil }
        func text(_ string: String?) -> JSONValue? { string.flatMap { rest.isEmpty ? .string($0) : nil } }
        switch head {
        case "source": return leaf(.string(source))
        case "id": return leaf(.string(id))
        case "fingerprint": return leaf(.string(fingerprint))
        case "status": return leaf(.string(status.rawValue))
        case "severity": return leaf(.string(severity.rawValue))
        case "severityRaw": return leaf(.string(severityRaw))
        case "title": return leaf(.string(title))
        case "summary": return leaf(.string(summary))
        case "startsAt": return text(startsAt)
        case "endsAt": return text(endsAt)
        case "url": return text(url)
        case "labels":
            if rest.isEmpty { return .object(Self.sortedObject(labels)) }
            return rest.count == 1 ? labels[rest.first!].map(JSONValue.string) : nil
        case "annotations":
            if rest.isEmpty { return .object(Self.sortedObject(annotations)) }
            return rest.count == 1 ? annotations[rest.first!].map(JSONValue.string) : nil
        case "cost":
            guard let cost, rest.count == 1 else { return rest.isEmpty ? costJSON : nil }
            switch rest.first! {
            case "amount": return cost.amountNumber.map(JSONValue.number)
            case "expected": return cost.expectedNumber.map(JSONValue.number)
            case "actual": return cost.actualNumber.map(JSONValue.number)
            case "currency": return cost.currency.map(JSONValue.string)
            default: return nil
            }
        case "resource":
            guard let resource, rest.count == 1 else { return rest.isEmpty ? resourceJSON : nil }
            switch rest.first! {
            case "service": return resource.service.map(JSONValue.string)
            case "account": return resource.account.map(JSONValue.string)
            case "region": return resource.region.map(JSONValue.string)
            default: return nil
            }
        case "raw":
            return raw.value(at: rest)
        default:
            return nil
        }
    }

    /// The names a path may start with; anything else in a rule is a typo worth reporting.
    public static let fieldNames: Set<String> = [
        "source", "id", "fingerprint", "status", "severity", "severityRaw", "title", "summary", "labels", "annotations",
        "startsAt", "endsAt", "url", "cost", "resource", "raw",
    ]

    /// `cost` as JSON, or `nil` for alerts that are not about money.
    var costJSON: JSONValue? {
        guard let cost else { return nil }
        return [
            "amount": cost.amountNumber.map(JSONValue.number) ?? .null,
            "expected": cost.expectedNumber.map(JSONValue.number) ?? .null,
            "actual": cost.actualNumber.map(JSONValue.number) ?? .null,
            "currency": cost.currency.map(JSONValue.string) ?? .null,
        ]
    }

    /// `resource` as JSON, or `nil` when the sender says nothing about where.
    var resourceJSON: JSONValue? {
        guard let resource else { return nil }
        return [
            "service": resource.service.map(JSONValue.string) ?? .null,
            "account": resource.account.map(JSONValue.string) ?? .null,
            "region": resource.region.map(JSONValue.string) ?? .null,
        ]
    }

    public static func sortedObject(_ dictionary: [String: String]) -> JSONObject {
        JSONObject(uniqueKeysWithValues: dictionary.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })
    }
}
