import AlertModel
import AlertRules
import Contracts
import Foundation
import JSON
import JiraMarkup

/// One input-facing operation, and how to make its input of about `size` bytes.
struct Case {
    let name: String
    let size: Int
    let make: (Int) -> String
    let run: (String) -> Int
}

/// The best of several rounds of `run` on `input`, in nanoseconds per input byte.
func nanosecondsPerByte(_ run: (String) -> Int, _ input: String) -> Double {
    var best = Duration.seconds(3600)
    var sink = 0
    let clock = ContinuousClock()
    for _ in 0..<5 {
        let elapsed = clock.measure { sink &+= run(input) }
        best = min(best, elapsed)
    }
    precondition(sink != Int.min)
    let nanoseconds = Double(best.components.seconds) * 1e9 + Double(best.components.attoseconds) / 1e9
    return nanoseconds / Double(input.utf8.count)
}

func annotation(_ size: Int) -> String {
    var text = ""
    while text.utf8.count < size { text += "{code} *x* [a|https://example.com/q?x=1] (x) h1. \\ 火事 🔥\n- item | cell\n" }
    return text
}

func jsonObject(_ size: Int) -> String {
    var text = "{"
    var index = 0
    while text.utf8.count < size {
        text += (index == 0 ? "" : ",") + "\"key\(index)\":\(index)"
        index += 1
    }
    return text + "}"
}

let template = try! Template("Details:\n{{annotations.description}}\nEnd", location: SourceLocation(file: "bench", line: 1, column: 1))

func render(_ body: String) -> Int {
    let alert = Alert(source: "alertmanager", annotations: ["description": body])
    return template.render(AlertTemplateContext(alert: alert, rule: "r")).utf8.count
}

let cases = [
    Case(name: "JSON object with many keys", size: 1_000_000, make: jsonObject) { (try? JSONParser.parse($0))?.objectValue?.count ?? 0 },
    Case(name: "template with a large annotation", size: 100_000, make: annotation, run: render),
    Case(name: "ADF of a large annotation", size: 100_000, make: annotation) { DescriptionDocument(text: $0).adf().jsonString.utf8.count },
    Case(name: "wiki markup of a large annotation", size: 100_000, make: annotation) { DescriptionDocument(text: $0).wikiMarkup().utf8.count },
    Case(name: "ADF of many URL candidates", size: 200_000, make: { String(repeating: "http://.", count: $0 / 8) }) {
        DescriptionDocument(text: $0).adf(maximumLength: 1_000_000).jsonString.utf8.count
    },
]

print("case                                   ns/byte at N   ns/byte at 4N   ratio (1.0 = linear)")
for benchmark in cases {
    let small = nanosecondsPerByte(benchmark.run, benchmark.make(benchmark.size))
    let large = nanosecondsPerByte(benchmark.run, benchmark.make(benchmark.size * 4))
    let name = benchmark.name.padding(toLength: 38, withPad: " ", startingAt: 0)
    print("\(name) \(String(format: "%12.2f", small))   \(String(format: "%13.2f", large))   \(String(format: "%.2f", large / small))")
}
