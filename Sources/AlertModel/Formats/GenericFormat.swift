import JSON

/// Any JSON object, so a sender alert2jira has no decoder for still becomes a usable alert: title,
/// severity, status, summary and link are taken from the key names such senders commonly use, and
/// everything else stays reachable through `raw.*`.
///
/// Labels come from `labels` or `tags` (an object, a `"key:value,…"` string or an array of `"key:value"`).
/// The status is `resolved` for `resolved`, `ok`, `closed`, `recovered`, `inactive`, `normal`, `cleared`
/// or `close`. The fingerprint is the sender's `fingerprint`, dedup key or id, else a hash of title and
/// labels.
public struct GenericFormat: AlertFormat {
    public init() {}

    public var id: String { "generic" }
    public var recognition: String { "any JSON object (the fallback)" }

    public func recognizes(_ payload: JSONObject) -> Bool { true }

    static let titleKeys = [
        "title", "alert_title", "alertname", "alert_name", "alertName", "name", "rule_name", "ruleName", "subject", "check", "event",
    ]
    static let severityKeys = ["severity", "priority", "level", "urgency", "alert_severity", "criticality"]
    static let statusKeys = ["status", "state", "alert_status", "current_state", "action"]
    static let summaryKeys = ["summary", "message", "description", "text", "body", "details", "output", "msg"]
    static let urlKeys = ["url", "link", "href", "html_url", "generatorURL", "ruleUrl", "rule_url", "alert_url", "dashboard_url"]
    static let fingerprintKeys = ["fingerprint", "dedup_key", "dedupKey", "incident_key", "alert_id", "alertId", "id"]
    static let startKeys = ["startsAt", "starts_at", "started_at", "startedAt", "timestamp", "time", "date", "created_at", "createdAt"]
    static let resolvedWords: Set<String> = ["resolved", "ok", "closed", "recovered", "inactive", "normal", "cleared", "close"]

    public func decode(_ payload: JSONObject, ingestor: Ingestor) throws(DecodeError) -> [IngestItem] {
        func first(_ keys: [String]) -> String? { keys.lazy.compactMap { payload.string($0) }.first }

        let summaryText = first(Self.summaryKeys)
        let title = first(Self.titleKeys) ?? summaryText.map(Self.firstLine) ?? "generic alert"
        let severityRaw = first(Self.severityKeys) ?? ""
        var labels = payload.stringMap("labels")
        if labels.isEmpty { labels = Self.tags(payload.value("tags")) }
        let fingerprint =
            first(Self.fingerprintKeys) ?? StableHash.fnv1a64([title] + labels.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] })
        let statusText = (first(Self.statusKeys) ?? "").lowercased()
        let resolved = Self.resolvedWords.contains(statusText)
        let time = Self.startKeys.lazy.compactMap { key in
            Timestamps.rfc3339(payload.string(key)) ?? Timestamps.fromEpoch(payload.value(key))
        }.first

        var annotations = payload.stringMap("annotations")
        if annotations.isEmpty, let runbook = payload.string("runbook_url") ?? payload.string("runbook") { annotations["runbook_url"] = runbook }

        let alert = Alert(
            source: id,
            id: payload.string("id") ?? fingerprint,
            fingerprint: fingerprint,
            status: resolved ? .resolved : .firing,
            severity: Severity.normalize(severityRaw) ?? .warning,
            severityRaw: severityRaw,
            title: title,
            summary: summaryText ?? "",
            labels: labels,
            annotations: annotations,
            startsAt: Timestamps.rfc3339(payload.string("startsAt")) ?? (resolved ? nil : time),
            endsAt: Timestamps.rfc3339(payload.string("endsAt")) ?? (resolved ? time : nil),
            url: first(Self.urlKeys),
            raw: .object(payload)
        )
        return [.alert(alert)]
    }

    /// Tags as an object, a `"key:value,…"` string or an array of `"key:value"` strings.
    static func tags(_ value: JSONValue?) -> [String: String] {
        guard let object = value?.objectValue else { return DatadogFormat.tags(value) }
        var map: [String: String] = [:]
        for (key, value) in object {
            if let text = value.scalarText { map[key] = text }
        }
        return map
    }

    private static func firstLine(_ text: String) -> String {
        let line = text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? text
        return line.count > 120 ? String(line.prefix(119)) + "…" : line
    }
}
