import Testing

@testable import AlertModel

@Suite struct PagerDutyFormatTests {
    @Test func priorityUpdatedIncident() throws {
        let alert = try Samples.alert("pagerduty/go-pagerduty_webhookv3_test_defaultBody_incident.priority_updated.json")
        #expect(alert.source == "pagerduty")
        #expect(alert.id == "01BWDWL3NYY7LUFPZCC28QUCMK")
        #expect(alert.fingerprint == "PGR0VU2")
        #expect(alert.status == .firing)
        #expect(alert.severity == .critical)
        #expect(alert.severityRaw == "P1")
        #expect(alert.title == "A little bump in the road")
        #expect(
            alert.summary
                == "Incident #2 \"A little bump in the road\" on API Service is triggered (priority P1, urgency high); event incident.priority_updated by Tenex Engineer."
        )
        #expect(alert.url == "https://acme.pagerduty.com/incidents/PGR0VU2")
        // This copy has no created_at; the event time stands in.
        #expect(alert.startsAt == "2021-04-26T17:36:27.458Z")
        #expect(alert.endsAt == nil)
        #expect(alert.labels["service"] == "API Service")
        #expect(alert.labels["urgency"] == "high")
        #expect(alert.labels["priority"] == "P1")
        #expect(alert.labels["incident_number"] == "2")
        #expect(alert.labels["teams"] == "Engineering")
        #expect(alert.labels["escalation_policy"] == "Default")
        #expect(alert.labels["event_type"] == "incident.priority_updated")
        #expect(alert.annotations["assignees"] == "User 123")
        // A number here, a string in PagerDuty's own docs.
        #expect(alert.annotations["conference_number"] == "1000")
    }

    @Test func serviceEventIsANotice() throws {
        let notice = try Samples.notice("pagerduty/pagerduty-developer-docs_webhooks-overview_service.updated.json")
        #expect(notice.source == "pagerduty")
        #expect(notice.kind == "pagerduty-non-incident-event")
        #expect(notice.details["event_type"] == "service.updated")
        #expect(notice.details["resource_type"] == "service")
    }

    @Test func resolvedEventWithUrgencyOnly() throws {
        let alert = try Samples.alert(
            json: """
                {"event": {"id": "01C0000000000000000000RESO", "event_type": "incident.resolved", "resource_type": "incident",
                 "occurred_at": "2024-05-01T10:00:00Z", "agent": null, "client": null,
                 "data": {"id": "PABC123", "type": "incident", "html_url": "https://acme.pagerduty.com/incidents/PABC123", "number": 7,
                          "status": "resolved", "created_at": "2024-05-01T09:40:00Z", "title": "Checkout errors", "urgency": "low",
                          "service": {"summary": "Checkout"}, "priority": null, "resolve_reason": null}}}
                """
        )
        #expect(alert.status == .resolved)
        #expect(alert.severity == .warning)
        #expect(alert.severityRaw == "low")
        #expect(alert.startsAt == "2024-05-01T09:40:00Z")
        #expect(alert.endsAt == "2024-05-01T10:00:00Z")
        #expect(alert.fingerprint == "PABC123")
    }

    @Test func annotatedEventUsesTheIncidentReferenceAndTheNote() throws {
        let alert = try Samples.alert(
            json: """
                {"event": {"id": "01C000000000000000000NOTE", "event_type": "incident.annotated", "resource_type": "incident",
                 "occurred_at": "2020-10-02T18:45:22.169Z",
                 "data": {"incident": {"html_url": "https://acme.pagerduty.com/incidents/PGR0VU2", "id": "PGR0VU2",
                                        "summary": "A little bump in the road", "type": "incident_reference"},
                          "id": "P2LA89X", "content": "I sure am glad we are using PagerDuty!", "trimmed": false, "type": "incident_note"}}}
                """
        )
        #expect(alert.fingerprint == "PGR0VU2")
        #expect(alert.title == "A little bump in the road")
        #expect(alert.summary == "I sure am glad we are using PagerDuty!")
        #expect(alert.url == "https://acme.pagerduty.com/incidents/PGR0VU2")
        #expect(alert.severity == .warning)
    }

    @Test func urgencyHighWithoutPriorityIsHigh() throws {
        let alert = try Samples.alert(
            json:
                #"{"event": {"event_type": "incident.triggered", "resource_type": "incident", "occurred_at": "2024-01-01T00:00:00Z", "data": {"id": "P1", "type": "incident", "title": "t", "urgency": "high"}}}"#
        )
        #expect(alert.severity == .high)
        #expect(alert.id == "P1@incident.triggered")
    }
}
