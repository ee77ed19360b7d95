import JSON
import Testing

@testable import AlertModel

@Suite struct AlertmanagerFormatTests {
    @Test func famedlyV4PayloadDecodesOneCriticalFiringAlert() throws {
        let alert = try Samples.alert("alertmanager/famedly-alertmanager-webhook-types_sample-v4-payload.json")
        #expect(alert.source == "alertmanager")
        #expect(alert.status == .firing)
        #expect(alert.severity == .critical)
        #expect(alert.severityRaw == "critical")
        #expect(alert.title == "ProbeFailure")
        #expect(alert.summary == "BlackBox Probe Failure: https://server.example.org")
        #expect(alert.fingerprint == "1a30ba71cca2921f")
        #expect(alert.id == "1a30ba71cca2921f@2023-02-06T13:08:45.828Z")
        #expect(alert.startsAt == "2023-02-06T13:08:45.828Z")
        #expect(alert.endsAt == nil)
        #expect(alert.labels["job"] == "http_checks")
        #expect(alert.labels["instance"] == "https://server.example.org")
        // The published payload really has a backslash before u0026 (escaped twice at the source).
        #expect(alert.url == #"http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0\u0026g0.tab=1"#)
        #expect(alert.raw["groupKey"]?.stringValue == #"{}/{severity="critical"}:{alertname="ProbeFailure"}"#)
        #expect(alert.raw["alert"]?["fingerprint"]?.stringValue == "1a30ba71cca2921f")
    }

    @Test func msteamsPayloadDecodesThreeAlertsWithGroupFields() throws {
        let alerts = try Samples.alerts("alertmanager/prometheus-msteams_card-grafana-inspired-payload.json")
        #expect(alerts.map(\.fingerprint) == ["ff6a7a0f5f1c1309", "554664fa753a2b45", "911c76f0240f015b"])
        #expect(alerts.map { $0.labels["name"] } == ["grafana", "nginx", "prometheus"])
        #expect(alerts.map { $0.annotations["value"] } == ["30.10 %", "33.79 %", "3.65 %"])
        for alert in alerts {
            #expect(alert.source == "alertmanager")
            #expect(alert.title == "JustATestAlert_1")
            #expect(alert.severity == .info)
            #expect(alert.status == .firing)
            #expect(alert.summary == "Ratio(Max(Working Set, RSS) / Reservation) [5m Avg] < 40 %")
            // commonLabels carries a label none of the alerts has; the merge keeps it.
            #expect(alert.labels["name_space"] == "wh_ate_ver/promstack")
            #expect(alert.labels["namespace"] == "whatever/promstack")
            #expect(alert.endsAt == nil)
        }
    }

    @Test func documentedSchemaTextIsRefusedWithItsPosition() throws {
        let document = try Samples.document("alertmanager/alertmanager-docs-webhook-schema.txt")
        let result = try Ingestor().ingest(document)
        guard case .failure(.syntax(let source, let error)) = result else {
            Issue.record("expected a syntax error, got \(result)")
            return
        }
        #expect(source == "alertmanager/alertmanager-docs-webhook-schema.txt")
        #expect(error.line == 3)
        #expect(error.column == 15)
        #expect(error.message.contains("'<'"))
        #expect(InputError.syntax(source: source, error).description.hasPrefix("alertmanager/alertmanager-docs-webhook-schema.txt:3:15:"))
    }

    @Test func cleanedSchemaDecodesWithNotificationReasonKept() throws {
        let path = "alertmanager/alertmanager-docs-webhook-schema.cleaned.json"
        let alert = try Samples.alert(path)
        #expect(alert.source == "alertmanager")
        #expect(alert.status == .firing)
        #expect(alert.fingerprint == "<string>")
        #expect(alert.title == "alertmanager alert")
        #expect(alert.raw["notification_reason"]?.stringValue == "<string>")
        #expect(alert.raw["truncatedAlerts"] == .number(JSONNumber(0)))
    }
}
