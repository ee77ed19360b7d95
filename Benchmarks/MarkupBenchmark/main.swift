import JSON
import JiraMarkup

// Nanoseconds per description for JiraMarkup's wiki markup and ADF rendering, for
// Benchmarks/markup-benchmark.sh (which builds this in release mode).

/// What a typical alert renders to: ~600 bytes of text with 2 URLs, 6 labels and no payload.
let realistic = DescriptionDocument(
    text: """
        [FIRING:2] HighCPUUsage for api-server (prod-eu-west-1)

        CPU usage on pod api-server-7d9f8b6c5-xk2lp has been above 90% for the last 10 minutes; the current \
        value is 94.37%. This usually means the pod is under-provisioned or stuck in a hot loop, so check the \
        recent deploys.

        Source: alertmanager, severity: critical, started 2024-05-14T09:21:07Z
        Runbook: https://runbooks.example.com/kubernetes/high-cpu-usage#mitigation
        https://grafana.example.com/d/k8s-pods/kubernetes-pods?orgId=1&var-namespace=prod&var-pod=api-server-7d9f8b6c5-xk2lp

        Summary: CPU is above 90% on 2 pods of api-server in prod.
        """,
    labels: [
        (name: "alertname", value: "HighCPUUsage"),
        (name: "severity", value: "critical"),
        (name: "namespace", value: "prod"),
        (name: "pod", value: "api-server-7d9f8b6c5-xk2lp"),
        (name: "team", value: "platform"),
        (name: "instance", value: "10.0.12.7:9100"),
    ]
)

/// The best of several rounds, so a busy machine disturbs the figure as little as possible.
func nanoseconds(_ document: DescriptionDocument, _ render: (DescriptionDocument) -> Int) -> Double {
    let iterations = 20_000
    var sink = 0
    for _ in 0..<1_000 { sink &+= render(document) }
    var best = Double.infinity
    let clock = ContinuousClock()
    for _ in 0..<7 {
        let elapsed = clock.measure {
            for _ in 0..<iterations { sink &+= render(document) }
        }
        let components = elapsed.components
        let total = Double(components.seconds) * 1e9 + Double(components.attoseconds) / 1e9
        best = min(best, total / Double(iterations))
    }
    precondition(sink > 0)
    return best
}

func report(_ name: String, _ nanoseconds: Double) {
    let label = name + String(repeating: " ", count: max(0, 9 - name.count))
    print("\(label) \(Int(nanoseconds.rounded())) ns/description  (\(Int(1e9 / nanoseconds)) /s)")
}

print("text \(realistic.text.utf8.count) bytes, \(realistic.labels.count) labels, no payload")
report("wiki", nanoseconds(realistic) { $0.wikiMarkup().utf8.count })
report("adf", nanoseconds(realistic) { $0.adf()["content"]?.arrayValue?.count ?? 0 })
report("adf+json", nanoseconds(realistic) { $0.adf().jsonString.utf8.count })
