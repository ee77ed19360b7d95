import Testing

@testable import AlertModel

@Suite struct DatadogFormatTests {
    @Test func unexpandedDefaultTemplateDecodesAsText() throws {
        let alert = try Samples.alert("datadog/servicenow-docs_sample-payload-from-datadog_TEMPLATE.json")
        #expect(alert.source == "datadog")
        #expect(alert.title == "$ALERT_TITLE")
        #expect(alert.summary == "$EVENT_MSG")
        #expect(alert.id == "$ID")
        #expect(alert.status == .firing)
        #expect(alert.severity == .warning)
        #expect(alert.severityRaw == "$ALERT_PRIORITY")
        #expect(alert.fingerprint == StableHash.fnv1a64(["$ALERT_ID", "$ALERT_SCOPE"]))
        #expect(alert.labels["$TAGS"] == "")
        #expect(alert.labels["alert_transition"] == "$ALERT_TRANSITION")
        #expect(alert.labels["host"] == "$HOSTNAME")
        #expect(alert.labels["org_name"] == "$ORG_NAME")
        // "$DATE" is no timestamp.
        #expect(alert.startsAt == nil)
        #expect(alert.url == nil)
    }

    // Shape: a real delivery captured in CodeNow/fluffy index.js (a custom body: `event_tags`, no `alert_id`).
    @Test func capturedTriggerAndRecoveryShareAFingerprint() throws {
        let triggered = try Samples.alert("datadog/codenow-fluffy_index-js_example-triggered.json")
        let recovered = try Samples.alert("datadog/codenow-fluffy_index-js_example-recovered.json")
        #expect(triggered.source == "datadog")
        #expect(triggered.status == .firing)
        #expect(recovered.status == .resolved)
        #expect(triggered.fingerprint == recovered.fingerprint)
        #expect(triggered.fingerprint == StableHash.fnv1a64(["datadog", "on {host:i-3b93aafb}] Dock is almost out of memory..."]))
        #expect(triggered.title == "[Triggered on {host:i-3b93aafb}] Dock is almost out of memory...")
        #expect(triggered.id == "3089904566766935419")
        #expect(triggered.url == "https://app.datadoghq.com/event/event?id=3089904566766935419")
        // `date` is epoch milliseconds.
        #expect(triggered.startsAt == "2015-11-25T07:12:10Z")
        #expect(recovered.endsAt == "2015-11-25T07:11:17Z")
        #expect(recovered.startsAt == nil)
        // The %%% markdown fences are dropped.
        #expect(triggered.summary.hasPrefix("restart docker\nhttps://github.com/CodeNow/devops-scripts/wiki/Restarting-Docker"))
        #expect(!triggered.summary.contains("%%%"))
        #expect(triggered.labels["host"] == "i-3b93aafb")
        #expect(triggered.labels["region"] == "us-west-1")
        #expect(triggered.labels["security-group"] == "sg-59a3503c,sg-cb8e7dae")
        #expect(triggered.labels["monitor"] == "")
        #expect(triggered.labels["event_type"] == "metric_alert_monitor")
    }

    @Test func filledInAlertVariables() throws {
        let alert = try Samples.alert(
            json: """
                {"alert_title": "[Triggered] API latency is high", "text_only_msg": "p95 latency exceeded 2 seconds",
                 "alert_id": "1234", "alert_transition": "Triggered", "alert_type": "error", "alert_priority": "P1",
                 "alert_scope": "env:prod,service:api", "hostname": "api-01", "link": "https://app.datadoghq.com/monitors/1234",
                 "tags": "env:prod,service:api,team:sre,url:https://example.com", "date": 1714557600}
                """
        )
        #expect(alert.severity == .critical)
        #expect(alert.severityRaw == "P1")
        #expect(alert.fingerprint == StableHash.fnv1a64(["1234", "env:prod,service:api"]))
        #expect(alert.summary == "p95 latency exceeded 2 seconds")
        #expect(alert.labels["env"] == "prod")
        #expect(alert.labels["team"] == "sre")
        // Split on the first colon only.
        #expect(alert.labels["url"] == "https://example.com")
        #expect(alert.labels["host"] == "api-01")
        #expect(alert.url == "https://app.datadoghq.com/monitors/1234")
        #expect(alert.startsAt == "2024-05-01T10:00:00Z")
    }

    @Test func alertTypeDecidesWithoutPriority() throws {
        let warn = try Samples.alert(json: #"{"alert_id": "9", "alert_transition": "Warn", "alert_type": "warning", "title": "disk 85%"}"#)
        #expect(warn.severity == .warning)
        #expect(warn.fingerprint == "9")
        let success = try Samples.alert(json: #"{"alert_id": "9", "alert_transition": "Recovered", "alert_type": "success", "title": "disk ok"}"#)
        #expect(success.status == .resolved)
        #expect(success.severity == .info)
        let error = try Samples.alert(json: #"{"alert_id": "9", "alert_transition": "Re-Triggered", "alert_type": "error", "tags": ["a:b", "c"]}"#)
        #expect(error.severity == .high)
        #expect(error.status == .firing)
        #expect(error.labels["a"] == "b")
        #expect(error.labels["c"] == "")
        #expect(error.title == "Datadog alert")
    }
}
