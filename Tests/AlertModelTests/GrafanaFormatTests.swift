import JSON
import Testing

@testable import AlertModel

@Suite struct GrafanaFormatTests {
    @Test func docsExampleDecodesTwoAlerts() throws {
        let alerts = try Samples.alerts("grafana/grafana-docs_webhook-notifier_example.json")
        #expect(alerts.map(\.source) == ["grafana", "grafana"])
        #expect(alerts.map(\.title) == ["High memory usage", "High CPU usage"])
        #expect(alerts.map(\.fingerprint) == ["c6eadffa33fcdf37", "bc97ff14869b13e3"])
        #expect(alerts.map(\.summary) == ["This alert was triggered for zone us-1", "This alert was triggered for zone eu-1"])
        #expect(alerts.map { $0.labels["zone"] } == ["us-1", "eu-1"])
        // Empty panel and dashboard URLs fall back to the rule's URL.
        #expect(alerts.map(\.url) == ["https://play.grafana.org/alerting/1afz29v7z/edit", "https://play.grafana.org/alerting/d1rdpdv7k/edit"])
        #expect(alerts[0].startsAt == "2021-10-12T09:51:03.157076+02:00")
        #expect(alerts[0].severity == .warning)
        #expect(alerts[0].severityRaw == "")
        #expect(alerts[0].status == .firing)
        #expect(alerts[0].labels["team"] == "blue")
        #expect(alerts[0].raw["alert"]?["values"]?["B"] == .number(JSONNumber(literal: "44.23943737541908")))
    }
}
