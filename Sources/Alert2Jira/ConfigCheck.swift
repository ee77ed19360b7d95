import AlertModel
import JSON
import JiraKit

/// The offline half of `alert2jira check`: renders sample payloads through the rules and reports
/// what a user would want to know before the first real alert: samples no rule takes, empty
/// summaries, refusals, unreadable samples.
public struct ConfigCheck: Sendable {
    /// One line of the report.
    public struct Finding: Sendable, Equatable {
        public var subject: String
        public var message: String
        public var isProblem: Bool
    }

    /// What the check found.
    public struct Report: Sendable, Equatable {
        public var findings: [Finding] = []
        public var samples = 0
        public var problems: Int { findings.filter(\.isProblem).count }
    }

    public let pipeline: Pipeline

    public init(pipeline: Pipeline) {
        self.pipeline = pipeline
    }

    public func run(samples: [String]) -> Report {
        var report = Report()
        let runner = PreviewRunner(pipeline: pipeline)
        for path in samples {
            report.samples += 1
            let name = path.split(separator: "/").suffix(2).joined(separator: "/")
            var results: [Outcome] = []
            var errors: [InputError] = []
            _ = runner.run([.file(path)], onOutcome: { results.append($0) }, onInputError: { errors.append($0) })
            for error in errors {
                report.findings.append(Finding(subject: name, message: "\(error)", isProblem: true))
            }
            for outcome in results {
                report.findings.append(finding(for: outcome, sample: name))
            }
        }
        return report
    }

    private func finding(for outcome: Outcome, sample: String) -> Finding {
        let title = outcome.alert.map { "\"\($0.title)\"" } ?? "notice"
        switch outcome.action {
        case .unmatched:
            return Finding(subject: sample, message: "\(title) matches no rule", isProblem: true)
        case .refused, .failed:
            return Finding(subject: sample, message: "\(title) → refused: \(outcome.problems.joined(separator: "; "))", isProblem: true)
        case .skip:
            return Finding(subject: sample, message: "skipped: \(outcome.problems.joined(separator: "; "))", isProblem: false)
        case .create, .comment, .update, .transition:
            let summary = outcome.request?.body["fields"]?["summary"]?.stringValue ?? ""
            let emptyNote = outcome.problems.first { $0.contains("summary template rendered empty") }
            if let emptyNote {
                return Finding(subject: sample, message: "rule \(outcome.rule ?? "?"): \(emptyNote)", isProblem: true)
            }
            return Finding(
                subject: sample,
                message: "rule \(outcome.rule ?? "?") → \(outcome.project ?? "?") / \(outcome.issueType ?? "?"): \"\(summary)\"",
                isProblem: false
            )
        }
    }
}
