import Testing

@testable import AlertModel

@Suite struct GCPMonitoringFormatTests {
    @Test func schema12OpenIncident() throws {
        let alert = try Samples.alert("gcp-monitoring/cloudforet-plugin-google-monitoring_SAMPLE_DATA_v1.2_open.json")
        #expect(alert.source == "gcp-monitoring")
        #expect(alert.fingerprint == "0.mtdi83m6w8ao")
        #expect(alert.id == "0.mtdi83m6w8ao@open")
        #expect(alert.status == .firing)
        #expect(alert.severity == .warning)
        #expect(alert.severityRaw == "")
        #expect(alert.title == "choonho-server-cpu-alert-policy-test")
        #expect(
            alert.summary
                == "CPU utilization for xxxxxxxxxxxxxxxxxxxxxxxx VM Instance labels {project_id=xxxxxxxxxxxxxxxxxxxxxxxx} is above the threshold of 0.500 with a value of 0.790."
        )
        // started_at is epoch seconds.
        #expect(alert.startsAt == "2023-02-02T05:29:47Z")
        #expect(alert.endsAt == nil)
        #expect(alert.url == "https://console.cloud.google.com/monitoring/alerting/incidents/0.mtdi83m6w8ao?project=xxxxxxxxxxxxxxxxxxxxxxxx")
        #expect(alert.annotations["documentation"] == "Server High CPU Usage")
        #expect(alert.annotations["observed_value"] == "0.790")
        #expect(alert.annotations["threshold_value"] == "0.5")
        #expect(alert.labels["project_id"] == "xxxxxxxxxxxxxxxxxxxxxxxx")
        #expect(alert.labels["resource_type"] == "gce_instance")
        #expect(alert.labels["condition_name"] == "VM Instance - CPU utilization")
        #expect(alert.labels["test_notification"] == nil)
        #expect(alert.resource == Resource(service: "compute.googleapis.com", account: "xxxxxxxxxxxxxxxxxxxxxxxx", region: nil))
    }

    // Shape: the console's "Send test notification" payload, as documented in the README of
    // cloudforet-io/plugin-google-monitoring-mon-webhook (and quoted by several other integrations).
    @Test func consoleTestNotification() throws {
        let alert = try Samples.alert("gcp-monitoring/cloudforet-plugin-google-monitoring_README_test-notification.json")
        #expect(alert.source == "gcp-monitoring")
        #expect(alert.fingerprint == "12345")
        #expect(alert.id == "12345@open")
        #expect(alert.status == .firing)
        #expect(alert.title == "Test notification: projects/12345/alertPolicies/12345")
        #expect(alert.summary == "Test Incident")
        #expect(alert.labels["test_notification"] == "true")
        #expect(alert.labels["example"] == "label")
        #expect(alert.labels["state"] == "open")
        // `documentation` is a plain string here, an object in real incidents.
        #expect(alert.annotations["documentation"] == "Test documentation")
        // started_at and ended_at are 0: unset.
        #expect(alert.startsAt == nil)
        #expect(alert.endsAt == nil)
        #expect(alert.resource == Resource(service: "test.googleapis.com", account: "12345", region: nil))
    }

    @Test func closedIncidentIsResolvedWithSeverityAndSubject() throws {
        let alert = try Samples.alert(
            json: """
                {"version": "1.2", "incident": {"incident_id": "0.abc", "state": "closed", "severity": "CRITICAL",
                 "started_at": 1700000000, "ended_at": 1700000600, "policy_name": "db-down", "summary": "Uptime check recovered",
                 "documentation": {"content": "Page the DBA", "mime_type": "text/markdown", "subject": "Database unreachable"},
                 "resource": {"type": "cloudsql_database", "labels": {"project_id": "shop-prod", "region": "europe-west1"}}}}
                """
        )
        #expect(alert.status == .resolved)
        #expect(alert.severity == .critical)
        #expect(alert.severityRaw == "CRITICAL")
        #expect(alert.title == "Database unreachable")
        #expect(alert.id == "0.abc@closed")
        #expect(alert.startsAt == "2023-11-14T22:13:20Z")
        #expect(alert.endsAt == "2023-11-14T22:23:20Z")
        #expect(alert.resource == Resource(service: "cloudsql_database", account: "shop-prod", region: "europe-west1"))
    }
}
