import JSON
import Testing

@testable import AlertModel

@Suite struct GenericFormatTests {
    // Grafana's legacy (pre-unified-alerting) test notification: no decoder of its own, common key names.
    @Test func legacyGrafanaNotification() throws {
        let alert = try Samples.alert("generic/cloudforet-plugin-google-monitoring_README_grafana-legacy-test-notification.json")
        #expect(alert.source == "generic")
        #expect(alert.title == "[Alerting] Test notification")
        #expect(alert.summary == "Someone is testing the alert notification within Grafana.")
        #expect(alert.status == .firing)
        #expect(alert.severity == .warning)
        #expect(alert.url == "https://grafana.stargate.cloudeco.io/")
        #expect(alert.labels.isEmpty)
        #expect(alert.fingerprint == StableHash.fnv1a64(["[Alerting] Test notification"]))
        #expect(alert.raw["ruleId"] == .number(JSONNumber(literal: "3.2760766009712717e+18")))
    }

    @Test func commonKeyNames() throws {
        let alert = try Samples.alert(
            json: """
                {"alert_name": "Queue backing up", "level": "critical", "state": "OK", "description": "orders queue depth 12k",
                 "link": "https://status.example.com/q", "dedup_key": "queue-orders", "tags": "team:payments,env:prod",
                 "timestamp": "2024-04-01T12:00:00Z"}
                """
        )
        #expect(alert.title == "Queue backing up")
        #expect(alert.severity == .critical)
        #expect(alert.severityRaw == "critical")
        #expect(alert.status == .resolved)
        #expect(alert.summary == "orders queue depth 12k")
        #expect(alert.url == "https://status.example.com/q")
        #expect(alert.fingerprint == "queue-orders")
        #expect(alert.labels == ["team": "payments", "env": "prod"])
        #expect(alert.startsAt == nil)
        #expect(alert.endsAt == "2024-04-01T12:00:00Z")
    }

    @Test func summaryStandsInForAMissingTitle() throws {
        let alert = try Samples.alert(json: #"{"message": "Disk /var is 95% full\nhost db-2", "labels": {"host": "db-2"}}"#)
        #expect(alert.title == "Disk /var is 95% full")
        #expect(alert.labels == ["host": "db-2"])
        #expect(alert.fingerprint == StableHash.fnv1a64(["Disk /var is 95% full", "host", "db-2"]))
    }

    @Test func emptyObjectStillDecodes() throws {
        let alert = try Samples.alert(json: "{}")
        #expect(alert.source == "generic")
        #expect(alert.title == "generic alert")
        #expect(alert.status == .firing)
    }
}
