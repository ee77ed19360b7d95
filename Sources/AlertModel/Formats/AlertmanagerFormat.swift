import JSON

/// Prometheus Alertmanager's webhook (version 4): a group of alerts sharing labels.
public struct AlertmanagerFormat: AlertFormat {
    public init() {}

    public var id: String { "alertmanager" }
    public var recognition: String { "an object with an \"alerts\" array and \"version\": \"4\" (or a \"groupKey\" and no Grafana \"orgId\")" }

    public func recognizes(_ payload: JSONObject) -> Bool {
        guard payload.array("alerts") != nil else { return false }
        if payload.has("orgId") { return false }
        return payload.string("version") == "4" || payload.has("groupKey")
    }

    public func decode(_ payload: JSONObject, ingestor: Ingestor) throws(DecodeError) -> [IngestItem] {
        try AlertGroup.decode(payload, source: id) { alert, _ in alert }
    }
}

/// The group layout Alertmanager and Grafana share: group fields plus an `alerts` array.
enum AlertGroup {
    /// Builds one Alert per entry of `alerts`, with the group's common labels and annotations merged
    /// under the alert's own; `customize` adds what a particular sender carries besides.
    static func decode(
        _ payload: JSONObject,
        source: String,
        customize: (Alert, JSONObject) -> Alert
    ) throws(DecodeError) -> [IngestItem] {
        guard let entries = payload.array("alerts") else {
            throw .missing(field: "alerts", expected: "an array")
        }
        var group = payload
        group["alerts"] = nil
        let commonLabels = payload.stringMap("commonLabels")
        let commonAnnotations = payload.stringMap("commonAnnotations")
        let groupStatus = payload.string("status")
        var items: [IngestItem] = []
        items.reserveCapacity(entries.count)
        for (position, entry) in entries.enumerated() {
            guard case .object(let object) = entry else {
                throw .invalid(field: "alerts[\(position)]", reason: "is a \(entry.kindName), expected an object")
            }
            let labels = object.stringMap("labels", over: commonLabels)
            let annotations = object.stringMap("annotations", over: commonAnnotations)
            let severityRaw = labels["severity"] ?? labels["priority"] ?? ""
            let fingerprint = object.string("fingerprint") ?? StableHash.labels(labels)
            let startsAt = Self.timestamp(object.string("startsAt"))
            var raw = group
            raw["alert"] = entry
            let alert = Alert(
                source: source,
                id: "\(fingerprint)@\(startsAt ?? "")",
                fingerprint: fingerprint,
                status: (object.string("status") ?? groupStatus) == "resolved" ? .resolved : .firing,
                severity: Severity.normalize(severityRaw) ?? .warning,
                severityRaw: severityRaw,
                title: labels["alertname"] ?? annotations["title"] ?? "\(source) alert",
                summary: annotations["summary"] ?? annotations["description"] ?? annotations["message"] ?? "",
                labels: labels,
                annotations: annotations,
                startsAt: startsAt,
                endsAt: Self.timestamp(object.string("endsAt")),
                url: object.string("generatorURL"),
                raw: .object(raw)
            )
            items.append(.alert(customize(alert, object)))
        }
        return items
    }

    /// An RFC 3339 time, where Go's zero time means "not set".
    static func timestamp(_ text: String?) -> String? {
        guard let text, !text.hasPrefix("0001-01-01") else { return nil }
        return Timestamps.rfc3339(text)
    }
}
