import AlertConfig
import AlertModel
import AlertRules
import FuzzSupport
import Glibc
import InvariantChecks
import JSON

/// The config and rule loader: the input as `alert2jira.yaml`. A config that loads is routed and rendered for a
/// few alerts (one made for backtracking regular expressions), and every draft must be one Jira accepts in
/// shape.
///
/// Inputs that would make the loader read files (`include`, `samples`, `*_file`) are skipped: reading
/// `/dev/zero` or globbing `/**` is not a bug, and the fuzzer would find it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    let text = input.text
    if ["include", "samples", "_file", "\\"].contains(where: text.contains) { return 0 }
    let config: Config
    do {
        config = try loader.load(yaml: text, file: "fuzz.yaml", baseDirectory: emptyDirectory)
    } catch {
        require(!error.problems.isEmpty, "a config error without a problem")
        _ = error.description
        return 0
    }
    let router = Router(rules: config.rules)
    let renderer = DraftRenderer(config: config)
    for alert in alerts {
        for index in router.route(alert) {
            let draft = renderer.render(config.rules[index], for: alert)
            if let problem = FieldInvariants.summaryProblem(draft.summary) { fatalError("\(problem): \(draft.summary.debugDescription)") }
            for label in draft.labels {
                if let problem = FieldInvariants.labelProblem(label) { fatalError("\(problem): \(label.debugDescription)") }
            }
        }
    }
    return 0
}

private let loader = ConfigLoader(environment: ["TEAM": "ops", "JIRA_URL": "https://jira.example.com", "TOKEN": "secret"])

/// Relative paths in the config resolve here, where there is nothing.
private let emptyDirectory: String = {
    var template = Array("/tmp/alert2jira-fuzz-config-XXXXXX".utf8)
    template.append(0)
    let made = template.withUnsafeMutableBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { mkdtemp($0.baseAddress!) != nil }
    }
    guard made else { fatalError("cannot create a scratch directory") }
    return String(decoding: template.dropLast(), as: UTF8.self)
}()

private let alerts: [Alert] = {
    let backtracking = String(repeating: "a", count: 40) + "!"
    let payload: JSONValue = [
        "alertname": "HighCPU", "team": "ops", "value": 97.5, "nested": ["region": "eu-west-1", "list": [1, "two", true]],
    ]
    return [
        alert(from: ["HighCPU", "ops", "critical", "https://runbooks.example.com/cpu"], raw: payload),
        alert(from: [backtracking, backtracking, backtracking, backtracking]),
        Alert(
            source: "alertmanager",
            fingerprint: "c0ffee",
            status: .resolved,
            severity: .critical,
            title: "Disk full on db-1\nsecond line",
            labels: ["alertname": "DiskFull", "team": "storage", "instance": "db-1:9100", "env": "prod"],
            cost: Cost(amount: 1234.5, expected: 100, actual: 1334.5, currency: "USD"),
            raw: payload
        ),
    ]
}()
