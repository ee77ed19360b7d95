import AlertSpool
import CoreMetrics
import Foundation
import Metrics
import Prometheus
import Synchronization

/// The server's Prometheus metrics, recorded through swift-metrics into a registry of its own (no
/// process-wide `MetricsSystem`), and rendered as Prometheus text for `GET /metrics`.
public final class ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    /// Handles per name and label set: creating one takes the registry's lock, incrementing does not.
    private let counters = Mutex<[String: CoreMetrics.Counter]>([:])
    private let timers = Mutex<[String: CoreMetrics.Timer]>([:])
    private let gauges = Mutex<[String: CoreMetrics.Gauge]>([:])

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["alert2jira_jira_request_duration_seconds"] = [
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
        ]
        self.factory = factory
    }

    // MARK: - Recording

    /// Alerts received, by format and result (`accepted`, `unauthorized`, `too_large`, …).
    public func received(format: String, result: String, count: Int = 1) {
        counter("alert2jira_alerts_received_total", [("format", format), ("result", result)]).increment(by: Int64(count))
    }

    public func ruleMatched(_ rule: String) {
        counter("alert2jira_rule_matches_total", [("rule", rule)]).increment()
    }

    /// Issues created, commented, updated or transitioned, by project.
    public func issueAction(project: String, action: String) {
        counter("alert2jira_issues_total", [("project", project), ("action", action)]).increment()
    }

    /// An alert refused or failed for good, by the delivery side's classification of why.
    public func refusal(reason: String) {
        counter("alert2jira_refusals_total", [("reason", reason)]).increment()
    }

    public func deadLetter() {
        counter("alert2jira_dead_letters_total", []).increment()
    }

    /// Alerts this replica claimed from the spool to deliver.
    public func claimed(_ count: Int) {
        counter("alert2jira_spool_claims_total", []).increment(by: Int64(count))
    }

    /// One HTTP exchange with Jira, retries counted separately.
    public func jiraRequest(connection: String, method: String, path: String, status: Int?, duration: Duration) {
        let endpoint = EndpointLabel.normalize(path)
        let status = status.map(String.init) ?? "none"
        counter(
            "alert2jira_jira_requests_total",
            [("connection", connection), ("method", method), ("endpoint", endpoint), ("status", status)]
        ).increment()
        timer("alert2jira_jira_request_duration_seconds", [("connection", connection), ("method", method), ("endpoint", endpoint)])
            .recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// The spool's depth and the age of its oldest pending alert, set before each scrape.
    public func spool(_ statistics: SpoolStatistics, now: Date = Date()) {
        gauge("alert2jira_spool_depth", [("state", "pending")]).record(statistics.pending)
        gauge("alert2jira_spool_depth", [("state", "leased")]).record(statistics.leased)
        gauge("alert2jira_spool_depth", [("state", "dead")]).record(statistics.dead)
        gauge("alert2jira_spool_depth", [("state", "done")]).record(statistics.done)
        let age = statistics.oldestPending.map { max(0, now.timeIntervalSince($0)) } ?? 0
        gauge("alert2jira_spool_oldest_pending_age_seconds", []).record(age)
    }

    /// Whether each connection's last check failed (1) or not (0).
    public func connectionUp(_ connection: String, up: Bool) {
        gauge("alert2jira_jira_connection_up", [("connection", connection)]).record(up ? 1 : 0)
    }

    /// The Prometheus text exposition of everything recorded.
    public func render() -> [UInt8] {
        registry.emitToBuffer()
    }

    // MARK: - Handles

    private static func key(_ name: String, _ labels: [(String, String)]) -> String {
        labels.reduce(name) { $0 + "\u{1}" + $1.0 + "=" + $1.1 }
    }

    private func counter(_ name: String, _ labels: [(String, String)]) -> CoreMetrics.Counter {
        handle(in: counters, name, labels) { CoreMetrics.Counter(label: $0, dimensions: $1, factory: factory) }
    }

    private func timer(_ name: String, _ labels: [(String, String)]) -> CoreMetrics.Timer {
        handle(in: timers, name, labels) { CoreMetrics.Timer(label: $0, dimensions: $1, factory: factory) }
    }

    private func gauge(_ name: String, _ labels: [(String, String)]) -> CoreMetrics.Gauge {
        handle(in: gauges, name, labels) { CoreMetrics.Gauge(label: $0, dimensions: $1, factory: factory) }
    }

    /// The handle for `name` and `labels` in `table`, made by `make` the first time it is asked for.
    private func handle<Handle: Sendable>(
        in table: borrowing Mutex<[String: Handle]>,
        _ name: String,
        _ labels: [(String, String)],
        make: (String, [(String, String)]) -> Handle
    ) -> Handle {
        let key = Self.key(name, labels)
        return table.withLock { table in
            if let existing = table[key] { return existing }
            let created = make(name, labels)
            table[key] = created
            return created
        }
    }
}
