import JSON

/// Google Cloud Monitoring (formerly Stackdriver) webhook notifications: schema 1.2 incidents, and the
/// console's "Send test notification" payload (`"version": "test"`), which users post first to try a
/// channel.
///
/// `state` `closed` (any case) is `resolved`; `open` and `acknowledged` are `firing`. Newer payloads carry
/// `severity` (`CRITICAL`, `ERROR`, `WARNING`, `No severity`), normalized like any other; without it the
/// alert is `warning`. The fingerprint is `incident_id`, so the open and closed notifications of an
/// incident update one issue; `id` adds the state. `started_at`/`ended_at` are epoch seconds and become
/// RFC 3339 UTC (`0` means unset). The title is the documentation's `subject` when the policy sets one,
/// else the policy name. `resource.service` is the metric's API (`compute.googleapis.com`), else the
/// monitored resource type; `resource.account` the scoping project. The test notification gets the label
/// `test_notification: "true"` so rules can keep it out of Jira.
public struct GCPMonitoringFormat: AlertFormat {
    public init() {}

    public var id: String { "gcp-monitoring" }
    public var recognition: String { "an object with an \"incident\" object holding \"incident_id\" (webhook schema 1.2, or \"version\": \"test\")" }

    public func recognizes(_ payload: JSONObject) -> Bool {
        guard let incident = payload.object("incident") else { return false }
        return incident.has("incident_id")
    }

    public func decode(_ payload: JSONObject, ingestor: Ingestor) throws(DecodeError) -> [IngestItem] {
        guard let incident = payload.object("incident") else {
            throw .missing(field: "incident", expected: "an object")
        }
        guard let incidentId = incident.string("incident_id") else {
            throw .missing(field: "incident.incident_id", expected: "a string")
        }
        let state = incident.string("state") ?? "open"
        let resolved = state.lowercased() == "closed"
        let severityRaw = incident.string("severity") ?? ""
        let isTest = payload.string("version") == "test"

        var labels: [String: String] = [:]
        // Least specific first: a policy's own labels win over the resource's.
        labels.merge(incident.stringMap("resource", "labels")) { _, new in new }
        labels.merge(incident.stringMap("metric", "labels")) { _, new in new }
        labels.merge(incident.stringMap("metadata", "system_labels")) { _, new in new }
        labels.merge(incident.stringMap("metadata", "user_labels")) { _, new in new }
        labels.merge(incident.stringMap("policy_user_labels")) { _, new in new }
        labels["policy_name"] = incident.string("policy_name")
        labels["condition_name"] = incident.string("condition_name")
        labels["resource_type"] = incident.string("resource", "type")
        labels["metric_type"] = incident.string("metric", "type")
        labels["scoping_project_id"] = incident.string("scoping_project_id")
        labels["state"] = state.lowercased()
        if isTest { labels["test_notification"] = "true" }

        let documentation = incident.string("documentation", "content") ?? incident.value("documentation")?.stringValue
        var annotations: [String: String] = [:]
        annotations["documentation"] = documentation
        annotations["observed_value"] = incident.string("observed_value")
        annotations["threshold_value"] = incident.string("threshold_value")
        annotations["resource_name"] = incident.string("resource_name")
        annotations["resource_display_name"] = incident.string("resource_display_name")
        annotations["metric_display_name"] = incident.string("metric", "displayName")
        annotations["condition_display_name"] = incident.string("condition", "displayName")

        let metricService = incident.string("metric", "type").flatMap { type in
            type.split(separator: "/").first.map(String.init).flatMap { $0.contains(".") ? $0 : nil }
        }
        let resource = Resource(
            service: metricService ?? incident.string("resource", "type"),
            account: incident.string("scoping_project_id") ?? incident.string("resource", "labels", "project_id"),
            region: incident.string("resource", "labels", "zone") ?? incident.string("resource", "labels", "region")
                ?? incident.string("resource", "labels", "location")
        )

        let title =
            incident.string("documentation", "subject") ?? incident.string("policy_name") ?? incident.string("condition_name")
            ?? incident.string("summary") ?? "Cloud Monitoring incident \(incidentId)"
        let alert = Alert(
            source: id,
            id: "\(incidentId)@\(state.lowercased())",
            fingerprint: incidentId,
            status: resolved ? .resolved : .firing,
            severity: severityRaw.isEmpty ? .warning : Severity.normalize(severityRaw) ?? .warning,
            severityRaw: severityRaw,
            title: isTest ? "Test notification: \(title)" : title,
            summary: incident.string("summary") ?? documentation ?? title,
            labels: labels,
            annotations: annotations,
            startsAt: Timestamps.fromEpoch(incident.value("started_at")) ?? Timestamps.rfc3339(incident.string("started_at")),
            endsAt: Timestamps.fromEpoch(incident.value("ended_at")) ?? Timestamps.rfc3339(incident.string("ended_at")),
            url: incident.string("url"),
            resource: resource,
            raw: .object(payload)
        )
        return [.alert(alert)]
    }
}
