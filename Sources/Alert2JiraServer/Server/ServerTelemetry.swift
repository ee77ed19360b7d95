import AlertRules
import DeliveryService
import WebhookIngest

/// The worker's outcomes, counted in the server's Prometheus metrics.
struct MetricsDeliveryObserver: DeliveryObserver {
    let metrics: ServerMetrics

    func ruleMatched(_ rule: String) { metrics.ruleMatched(rule) }
    func issueAction(project: String, action: String) { metrics.issueAction(project: project, action: action) }
    func refusal(reason: String) { metrics.refusal(reason: reason) }
    func deadLetter() { metrics.deadLetter() }
    func claimed(_ count: Int) { metrics.claimed(count) }
}

/// What `/readyz` reports of the Jira connections: every connection the running config defines, with
/// the worker's and the health probe's last word on it.
struct HealthReadiness: ConnectionReadiness {
    let health: ConnectionHealth
    let runtimes: RuntimeStore

    func connectionReports() async -> [ConnectionReport] {
        let statuses = await health.snapshot()
        return runtimes.current.config.connections.keys.sorted().map { name in
            guard let status = statuses[name] else {
                return ConnectionReport(name: name, ok: true, message: "not checked yet", checkedAt: nil)
            }
            // /readyz answers anyone: it says whether, not why (the error names hosts and ports); the log says why.
            return ConnectionReport(
                name: name,
                ok: !status.failing,
                message: status.failing ? "the last check failed; the log says why" : "Jira answered",
                checkedAt: LogLineHandler.timestamp(status.checkedAt)
            )
        }
    }
}
