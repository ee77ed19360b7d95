import AlertConfig
import AlertModel
import Contracts
import Foundation
import JSON
import Testing

@testable import AlertRules

/// Loads a config from text, as `alert2jira check` would from `cfg.yaml`.
func loadConfig(
    _ yaml: String,
    file: String = "cfg.yaml",
    environment: [String: String] = [:],
    baseDirectory: String = "/nonexistent"
) throws(ConfigError) -> Config {
    try ConfigLoader(environment: environment).load(yaml: yaml, file: file, baseDirectory: baseDirectory)
}

/// The `file:line:column: message` lines a config is refused with; empty when it loads.
func configProblems(
    _ yaml: String,
    file: String = "cfg.yaml",
    environment: [String: String] = [:],
    baseDirectory: String = "/nonexistent"
) -> [String] {
    do {
        _ = try loadConfig(yaml, file: file, environment: environment, baseDirectory: baseDirectory)
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

/// The matcher of a one-rule config whose `match:` is `match`, written as YAML at the rule's level.
func loadMatcher(_ match: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Matcher {
    let indented = match.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
    let yaml = "rules:\n  - name: r\n    project: P\n    match:\n\(indented)\n"
    let config = try loadConfig(yaml)
    return try #require(config.rules.first, sourceLocation: sourceLocation).matcher
}

/// A temporary directory with the given files (path relative to it → contents), removed by `body`'s end.
func withTemporaryDirectory<T>(_ files: [String: String], _ body: (String) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("alertrules-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for (path, contents) in files {
        let full = directory + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: full))
    }
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return try body(directory)
}

/// A firing Alertmanager alert from the payments team, the shape most rules are written against.
func paymentsAlert(
    severity: Severity = .critical,
    labels: [String: String] = ["alertname": "HighErrorRate", "team": "payments", "env": "prod"],
    annotations: [String: String] = ["summary": "5xx above 5% on checkout"],
    raw: JSONValue = .null
) -> Alert {
    Alert(
        source: "alertmanager",
        id: "a-1",
        fingerprint: "f00d",
        status: .firing,
        severity: severity,
        severityRaw: severity.rawValue,
        title: "HighErrorRate",
        summary: "5xx above 5% on checkout",
        labels: labels,
        annotations: annotations,
        startsAt: "2024-05-01T10:00:00Z",
        url: "https://prometheus.example.com/graph?g0.expr=rate",
        raw: raw
    )
}

/// An AWS cost anomaly as the decoder normalizes it, with the payload's own string amounts in `raw`.
func costAlert(amount: Double?, currency: String = "USD", service: String = "Amazon EC2", raw: JSONValue? = nil) -> Alert {
    Alert(
        source: "aws-cost-anomaly",
        id: "anomaly-1",
        fingerprint: "anomaly-1",
        severity: .warning,
        title: "Cost anomaly in \(service)",
        cost: Cost(amount: amount, expected: 100, actual: amount.map { $0 + 100 }, currency: currency),
        resource: Resource(service: service, account: "123456789012", region: "us-east-1"),
        raw: raw ?? [
            "accountId": "123456789012",
            "impact": ["totalImpact": "$11,111.00", "maxImpact": 7000.5],
            "rootCauses": [["service": "Amazon EC2", "region": "us-east-1", "usageType": "BoxUsage:m5.24xlarge"]],
        ]
    )
}

/// Renders a template for an alert, failing the test if it does not parse.
func render(_ source: String, _ alert: Alert, rule: String = "r") throws -> String {
    let template = try Template(source, location: Contracts.SourceLocation(file: "t", line: 1, column: 1))
    return template.render(AlertTemplateContext(alert: alert, rule: rule))
}
