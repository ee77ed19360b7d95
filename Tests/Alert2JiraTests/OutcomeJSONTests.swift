import AlertConfig
import AlertModel
import AlertRules
import Foundation
import JSON
import Testing

@testable import Alert2Jira

/// `--output json` writes each record straight to bytes; it must be the same record as ``Outcome/json``.
@Suite("Outcome JSON records")
struct OutcomeJSONTests {
    @Test func writtenLinesAreTheRecordsOfEveryBundledSample() throws {
        let config = try ConfigLoader(environment: [:]).load(path: RunnerTests.repository.appendingPathComponent("samples/alert2jira.yaml").path)
        let pipeline = Pipeline(config: config, ingestor: try Ingestor())
        let samples = try FileManager.default.subpathsOfDirectory(atPath: RunnerTests.repository.appendingPathComponent("samples").path)
            .filter { $0.hasSuffix(".json") && $0.contains("/") && !$0.hasPrefix("report/") && !$0.hasPrefix("migrate/") }
        var outcomes: [Outcome] = []
        for sample in samples {
            let path = RunnerTests.repository.appendingPathComponent("samples/\(sample)").path
            _ = PreviewRunner(pipeline: pipeline).run([.file(path)], onOutcome: { outcomes.append($0) }, onInputError: { _ in })
        }
        #expect(samples.count >= 20)
        #expect(Set(outcomes.map(\.action)).isSuperset(of: [.create, .comment, .skip]))
        #expect(outcomes.contains { $0.request == nil } && outcomes.contains { $0.request != nil })
        for outcome in outcomes {
            var written: [UInt8] = Array("prefix ".utf8)
            outcome.writeJSONLine(into: &written)
            #expect(String(decoding: written, as: UTF8.self) == "prefix " + String(decoding: outcome.json.jsonLine, as: UTF8.self))
        }
    }
}
