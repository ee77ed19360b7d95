import JSON

/// Datadog monitor notifications sent through the Webhooks integration.
///
/// Datadog has no fixed payload: each webhook's body is a template of `$VARIABLE`s the user edits. This
/// decoder reads the default body (`body`, `title`, `date`, `event_type`, `org`, `id`, …) plus the
/// `alert_*` variables people add, under their customary names. An unexpanded template (every value still
/// `$ALERT_TITLE` and so on) decodes too: the variables simply stay text.
///
/// `alert_transition` `Recovered` (or `alert_type` `success`) is `resolved`. Severity comes from
/// `alert_priority` (`P1`…`P5`), else `alert_type` (`error` → `high`, `warning` → `warning`, `info`/`success`
/// → `info`), else `priority`, else `warning`. `tags` (or `event_tags`), a comma-separated string or an
/// array, become labels split on the first colon (`env:prod` → `env` = `prod`; a bare tag has an empty
/// value; a repeated key keeps all values, comma-separated). The fingerprint is `alert_id` (the monitor)
/// with `alert_scope` (the group) when present, else `aggreg_key`, else a hash of the title without its
/// `[Triggered on …]` prefix, so a trigger and its recovery share it. `date` and `last_updated` are epoch
/// milliseconds and become RFC 3339.
public struct DatadogFormat: AlertFormat {
    public init() {}

    public var id: String { "datadog" }
    public var recognition: String {
        "an object with \"alert_transition\" or \"alert_id\", or Datadog's default body (\"event_type\" with an \"org\")"
    }

    public func recognizes(_ payload: JSONObject) -> Bool {
        if payload.has("alert_transition") || payload.has("alert_id") { return true }
        guard payload.string("event_type") != nil else { return false }
        return payload.object("org") != nil || payload.string("org_id") != nil
    }

    public func decode(_ payload: JSONObject, ingestor: Ingestor) throws(DecodeError) -> [IngestItem] {
        let transition = payload.string("alert_transition") ?? ""
        let alertType = payload.string("alert_type") ?? ""
        let resolved = ["recovered", "recovery"].contains(transition.lowercased()) || alertType.lowercased() == "success"

        let (severity, severityRaw) = Self.severity(payload, transition: transition)
        var labels = Self.tags(payload.value("tags") ?? payload.value("event_tags"))
        let fixed: [(String, String?)] = [
            ("alert_transition", payload.string("alert_transition")),
            ("alert_type", payload.string("alert_type")),
            ("alert_status", payload.string("alert_status")),
            ("alert_priority", payload.string("alert_priority")),
            ("alert_metric", payload.string("alert_metric")),
            ("alert_scope", payload.string("alert_scope")),
            ("event_type", payload.string("event_type")),
            ("priority", payload.string("priority")),
            ("org_id", payload.string("org", "id") ?? payload.string("org_id")),
            ("org_name", payload.string("org", "name") ?? payload.string("org_name")),
        ]
        for case (let key, let value?) in fixed { labels[key] = value }
        if labels["host"] == nil, let host = payload.string("host_name") ?? payload.string("hostname") { labels["host"] = host }

        let title = payload.string("alert_title") ?? payload.string("title") ?? payload.string("event_title") ?? "Datadog alert"
        let fingerprint = Self.fingerprint(payload, title: title)
        let date =
            Timestamps.fromEpoch(payload.value("date")) ?? Timestamps.rfc3339(payload.string("date"))
            ?? Timestamps.fromEpoch(payload.value("last_updated")) ?? Timestamps.rfc3339(payload.string("last_updated"))

        var annotations: [String: String] = [:]
        annotations["alert_query"] = payload.string("alert_query")
        annotations["snapshot"] = payload.string("snapshot")

        let alert = Alert(
            source: id,
            id: payload.string("id") ?? payload.string("event_id") ?? payload.string("alert_cycle_key") ?? "",
            fingerprint: fingerprint,
            status: resolved ? .resolved : .firing,
            severity: severity,
            severityRaw: severityRaw,
            title: title,
            summary: Self.markdownBody(
                payload.string("body") ?? payload.string("text_only_msg") ?? payload.string("text") ?? payload.string("message")
            )
                ?? title,
            labels: labels,
            annotations: annotations,
            startsAt: resolved ? nil : date,
            endsAt: resolved ? date : nil,
            url: payload.string("link") ?? payload.string("url") ?? payload.string("alert_url"),
            raw: .object(payload)
        )
        return [.alert(alert)]
    }

    private static func severity(_ payload: JSONObject, transition: String) -> (Severity, String) {
        if let priority = payload.string("alert_priority"), let severity = Severity.normalize(priority) { return (severity, priority) }
        if let type = payload.string("alert_type"), let severity = Severity.normalize(type) { return (severity, type) }
        if transition.lowercased().contains("warn") { return (.warning, transition) }
        if let priority = payload.string("priority"), let severity = Severity.normalize(priority) { return (severity, priority) }
        return (.warning, payload.string("alert_priority") ?? payload.string("alert_type") ?? payload.string("priority") ?? "")
    }

    /// `"env:prod,service:api,flag"` or `["env:prod", …]` as labels.
    static func tags(_ value: JSONValue?) -> [String: String] {
        let entries: [String]
        switch value {
        case .string(let text)?: entries = text.split(separator: ",").map(String.init)
        case .array(let items)?: entries = items.compactMap(\.scalarText)
        default: entries = []
        }
        var labels: [String: String] = [:]
        for entry in entries {
            let tag = entry.trimmingWhitespace
            guard !tag.isEmpty else { continue }
            let key: String
            let value: String
            if let colon = tag.firstIndex(of: ":") {
                key = String(tag[..<colon])
                value = String(tag[tag.index(after: colon)...])
            } else {
                key = tag
                value = ""
            }
            if let existing = labels[key], !existing.isEmpty, existing != value {
                labels[key] = existing + "," + value
            } else {
                labels[key] = value
            }
        }
        return labels
    }

    private static func fingerprint(_ payload: JSONObject, title: String) -> String {
        if let alertId = payload.string("alert_id") {
            guard let scope = payload.string("alert_scope") else { return alertId }
            return StableHash.fnv1a64([alertId, scope])
        }
        if let key = payload.string("aggreg_key") { return key }
        return StableHash.fnv1a64(["datadog", titleWithoutTransition(title)])
    }

    /// `"[Triggered on {host:a}] Disk full"` → `"on {host:a}] Disk full"`: what a trigger and its recovery share.
    static func titleWithoutTransition(_ title: String) -> String {
        guard title.hasPrefix("["), let close = title.firstIndex(of: "]") else { return title }
        let inside = title[title.index(after: title.startIndex)..<close]
        let scope = inside.firstRange(of: " on ").map { String(inside[$0.lowerBound...]).trimmingWhitespace } ?? ""
        return scope + String(title[close...])
    }

    /// Datadog wraps markdown in `%%%` fences; the text between them is what a person wrote.
    static func markdownBody(_ text: String?) -> String? {
        guard var text = text?.trimmingWhitespace, !text.isEmpty else { return nil }
        if text.hasPrefix("%%%") { text.removeFirst(3) }
        if text.hasSuffix("%%%") { text.removeLast(3) }
        let trimmed = text.trimmingWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }
}
