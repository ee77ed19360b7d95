import JSON

/// PagerDuty v3 webhooks: teams that page in PagerDuty still want the follow-up work tracked in Jira.
///
/// The body is `{"event": {id, event_type, resource_type, occurred_at, agent, data}}`. For incident
/// events `data` is the incident; for `incident.annotated`, `incident.responder.*` and
/// `incident.status_update_published` it holds an `incident` reference plus the note, request or update,
/// whose text becomes the summary. Events about other resources (`service.updated`, …) are notices:
/// there is no incident to file.
///
/// `incident.resolved`, or an incident whose `status` is `resolved`, is `resolved`. Severity comes from
/// the priority (`P1`…`P5`) when the account uses priorities, else from urgency (`high` → `high`,
/// `low` → `warning`). The fingerprint is the incident id, `id` the event id, `url` the incident's
/// `html_url`.
public struct PagerDutyFormat: AlertFormat {
    public init() {}

    public var id: String { "pagerduty" }
    public var recognition: String {
        "a v3 webhook: an \"event\" object with a dotted \"event_type\" (incident.triggered, …) and \"resource_type\" or \"occurred_at\""
    }

    public func recognizes(_ payload: JSONObject) -> Bool {
        guard let event = payload.object("event"), let type = event.string("event_type"), type.contains(".") else { return false }
        return event.has("resource_type") || event.has("occurred_at")
    }

    public func decode(_ payload: JSONObject, ingestor: Ingestor) throws(DecodeError) -> [IngestItem] {
        guard let event = payload.object("event") else { throw .missing(field: "event", expected: "an object") }
        guard let eventType = event.string("event_type") else { throw .missing(field: "event.event_type", expected: "a string") }
        let data = event.object("data") ?? JSONObject()
        let resourceType = event.string("resource_type") ?? data.string("type") ?? eventType.split(separator: ".").first.map(String.init) ?? ""

        let incident: JSONObject
        if data.string("type") == "incident" || (resourceType == "incident" && data.object("incident") == nil) {
            incident = data
        } else if let reference = data.object("incident") {
            incident = reference
        } else {
            let notice = Notice(
                source: id,
                kind: "pagerduty-non-incident-event",
                message:
                    "PagerDuty event \(eventType) is about a \(resourceType.isEmpty ? "resource" : resourceType), not an incident; no alert was filed.",
                details: ["event_type": eventType, "resource_type": resourceType, "event_id": event.string("id") ?? ""],
                raw: .object(payload)
            )
            return [.notice(notice)]
        }
        guard let incidentId = incident.string("id") else {
            throw .missing(field: incident == data ? "event.data.id" : "event.data.incident.id", expected: "a string (the incident id)")
        }

        let status = incident.string("status")
        let resolved = eventType == "incident.resolved" || status == "resolved"
        let priority = incident.string("priority", "summary") ?? incident.string("priority", "name")
        let urgency = incident.string("urgency")
        let severityRaw = priority ?? urgency ?? ""
        let severity: Severity
        if let priority, let normalized = Severity.normalize(priority) {
            severity = normalized
        } else {
            severity = urgency == "high" ? .high : .warning
        }

        var labels: [String: String] = ["event_type": eventType]
        labels["status"] = status
        labels["urgency"] = urgency
        labels["priority"] = priority
        labels["service"] = incident.string("service", "summary")
        labels["escalation_policy"] = incident.string("escalation_policy", "summary")
        labels["incident_number"] = incident.string("number")
        labels["incident_key"] = incident.string("incident_key")
        let teams = (incident.array("teams") ?? []).compactMap { $0.objectValue?.string("summary") }
        if !teams.isEmpty { labels["teams"] = teams.joined(separator: ",") }
        let assignees = (incident.array("assignees") ?? []).compactMap { $0.objectValue?.string("summary") }

        var annotations: [String: String] = [:]
        annotations["agent"] = event.string("agent", "summary")
        if !assignees.isEmpty { annotations["assignees"] = assignees.joined(separator: ", ") }
        annotations["resolve_reason"] = incident.string("resolve_reason")
        annotations["conference_url"] = incident.string("conference_bridge", "conference_url")
        annotations["conference_number"] = incident.string("conference_bridge", "conference_number")
        // The text that came with a note, a responder request or a status update.
        let eventText = data.string("content") ?? data.string("message")
        annotations["event_text"] = eventText

        let title = incident.string("title") ?? incident.string("summary") ?? "PagerDuty incident \(incidentId)"
        let occurredAt = Timestamps.rfc3339(event.string("occurred_at"))
        let alert = Alert(
            source: id,
            id: event.string("id") ?? "\(incidentId)@\(eventType)",
            fingerprint: incidentId,
            status: resolved ? .resolved : .firing,
            severity: severity,
            severityRaw: severityRaw,
            title: title,
            summary: eventText
                ?? Self.summary(incident: incident, eventType: eventType, title: title, priority: priority, agent: event.string("agent", "summary")),
            labels: labels,
            annotations: annotations,
            startsAt: Timestamps.rfc3339(incident.string("created_at")) ?? (resolved ? nil : occurredAt),
            endsAt: resolved ? occurredAt : nil,
            url: incident.string("html_url"),
            raw: .object(payload)
        )
        return [.alert(alert)]
    }

    private static func summary(incident: JSONObject, eventType: String, title: String, priority: String?, agent: String?) -> String {
        var text = incident.string("number").map { "Incident #\($0) " } ?? "Incident "
        text += "\"\(title)\""
        if let service = incident.string("service", "summary") { text += " on \(service)" }
        if let status = incident.string("status") { text += " is \(status)" }
        var details: [String] = []
        if let priority { details.append("priority \(priority)") }
        if let urgency = incident.string("urgency") { details.append("urgency \(urgency)") }
        if !details.isEmpty { text += " (\(details.joined(separator: ", ")))" }
        text += "; event \(eventType)"
        if let agent { text += " by \(agent)" }
        return text + "."
    }
}
