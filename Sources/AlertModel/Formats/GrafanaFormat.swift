import JSON

/// Grafana unified alerting's webhook: Alertmanager's group layout plus `orgId`, `values` and
/// dashboard/panel/silence links.
public struct GrafanaFormat: AlertFormat {
    public init() {}

    public var id: String { "grafana" }
    public var recognition: String { "an object with an \"alerts\" array and Grafana's \"orgId\" (or \"version\": \"1\" with \"state\")" }

    public func recognizes(_ payload: JSONObject) -> Bool {
        guard payload.array("alerts") != nil else { return false }
        return payload.has("orgId") || (payload.string("version") == "1" && payload.has("state"))
    }

    public func decode(_ payload: JSONObject, ingestor: Ingestor) throws(DecodeError) -> [IngestItem] {
        try AlertGroup.decode(payload, source: id) { alert, entry in
            var alert = alert
            // The panel is the most specific place to look at, then the dashboard, then the rule.
            alert.url = entry.string("panelURL") ?? entry.string("dashboardURL") ?? entry.string("generatorURL")
            return alert
        }
    }
}
