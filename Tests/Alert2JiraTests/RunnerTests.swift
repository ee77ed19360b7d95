import AlertModel
import AlertRules
import Foundation
import Hummingbird
import JiraFake
import JiraKit
import JiraSpec
import Logging
import Testing

@testable import Alert2Jira

/// The runners: every core for previews, bounded concurrency for deliveries, input order for both.
@Suite("Preview and delivery runners")
struct RunnerTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// 300 alerts of mixed shapes in one NDJSON file.
    static func ndjson(count: Int) throws -> String {
        var lines: [String] = []
        for index in 0..<count {
            switch index % 3 {
            case 0: lines.append(#"{"title":"disk \#(index)","severity":"critical","labels":{"team":"sre"}}"#)
            case 1: lines.append(#"{"title":"cpu \#(index)","severity":"info"}"#)
            default: lines.append(#"{"title": broken \#(index)}"#)
            }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString).ndjson").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func previewsOnSeveralWorkersKeepInputOrderAndCounts() throws {
        let pipeline = try PipelineTests.pipeline(PipelineTests.twoRules)
        let path = try Self.ndjson(count: 300)
        defer { try? FileManager.default.removeItem(atPath: path) }
        /// What the caller sees, in the order it sees it: written lines and input errors, interleaved.
        func run(workers: Int) -> (events: [String], summary: RunSummary) {
            var events: [String] = []
            let summary = PreviewRunner(pipeline: pipeline, workers: workers).run(
                [.file(path)],
                encode: { outcome, bytes in bytes.append(contentsOf: "\(outcome.alert?.title ?? "")/\(outcome.rule ?? "-")\n".utf8) },
                write: { bytes in events += String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { "out \($0)" } },
                onInputError: { events.append("error \($0.description)") }
            )
            return (events, summary)
        }
        let single = run(workers: 1)
        let parallel = run(workers: 4)
        #expect(parallel.events == single.events)
        #expect(parallel.summary == single.summary)
        #expect(single.summary.documents == 300)
        #expect(single.summary.inputErrors == 100)
        #expect(single.summary.outcomes == 300)
        #expect(single.events.prefix(3) == ["out disk 0/first", "out disk 0/second", "out cpu 1/-"])
        #expect(single.events[3].hasPrefix("error \(path):3:11: invalid JSON at byte"))
        #expect(single.events.filter { $0.hasPrefix("error ") }.count == 100)
    }

    @Test func deliveriesRunConcurrentlyButReportInInputOrder() async throws {
        let fake = try await InProcessJiraFake.start()
        defer { fake.stop() }
        let delivery = try LifecycleTests.delivery(fake)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("delivery-\(UUID().uuidString).ndjson").path
        try Data((0..<40).map { #"{"title":"alert \#($0)"}"# }.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        var outcomes: [Outcome] = []
        let summary = await DeliveryRunner(delivery: delivery, batchSize: 16).run(
            [.file(path)],
            onOutcome: { outcomes.append($0) },
            onInputError: { _ in }
        )
        #expect(summary.exitStatus == .success)
        #expect(outcomes.map { $0.alert?.title } == (0..<40).map { "alert \($0)" })
        #expect(Set(outcomes.compactMap(\.issueKey)).count == 40)
        let issues = await fake.fake.issues().arrayValue ?? []
        #expect(issues.count == 40)
        // Metadata is asked for once, whatever the concurrency: flavor, issue types, fields.
        let log = (await fake.fake.requestLog())["requests"]?.arrayValue ?? []
        let gets = log.filter { $0["method"] == "GET" }.compactMap { $0["path"]?.stringValue }.filter { !$0.hasSuffix("/search/jql") }
        #expect(
            gets == [
                "/rest/api/2/serverInfo", "/rest/api/3/issue/createmeta/FINOPS/issuetypes", "/rest/api/3/issue/createmeta/FINOPS/issuetypes/10002",
            ]
        )
    }
}

/// `JiraFake` from `samples/jira-fake.yaml`, served on a loopback port inside the test process.
typealias InProcessJiraFake = LoopbackJiraFake

extension LoopbackJiraFake {
    static func start() async throws -> LoopbackJiraFake {
        try await start(configurationPath: RunnerTests.repository.appendingPathComponent("samples/jira-fake.yaml").path)
    }
}
