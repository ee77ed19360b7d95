import Alert2Jira
import AlertReport
import ArgumentParser
import Foundation

/// `alert2jira report`: how fast the issues alert2jira made were acknowledged and resolved.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report time to acknowledge and resolve, reopens and repeats of the issues alert2jira made.",
        discussion: """
            Read-only: finds the issues carrying the label "alert2jira" created in the window, reads their changelogs and \
            comments, and counts. An issue is acknowledged by the first status change out of the "new" category, assignee \
            set, or comment by anyone but the connection's service account; resolved at its resolution date.
            """
    )

    @OptionGroup var configOptions: ConfigOptions

    @Option(name: .long, help: "Start of the window: a duration back from --until (30d, 12h) or a date (2026-11-01).")
    var since = "30d"

    @Option(name: .long, help: "End of the window: a date or an RFC 3339 time (default: now).")
    var until: String?

    @Option(name: .long, help: "Only this project (repeatable).")
    var project: [String] = []

    @Option(name: .long, help: "Only issues this rule made (repeatable).")
    var rule: [String] = []

    @Option(name: .long, help: "Group by any of rule, project, issue-type, priority, source, comma-separated.")
    var groupBy = "rule"

    @Option(name: .long, help: "text, json, csv or html.")
    var output: ReportFormat = .text

    @Option(name: .long, help: "Write the report to this file instead of standard output.")
    var out: String?

    func run() async throws {
        var stderr = Terminal.standardError
        let job: ReportJob
        do {
            job = ReportJob(
                window: try ReportWindow.parse(since: since, until: until, now: Date()),
                projects: project.map { $0.uppercased() },
                rules: rule,
                groupBy: try ReportDimension.parseList(groupBy)
            )
        } catch {
            stderr.line("alert2jira: \(error.description)")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let config = try configOptions.load()
        let showProgress = stderr.isTTY
        let report: Report
        do {
            report = try await job.run(config: config, clients: Delivery.curlClients(for: config, concurrency: 2)) { message in
                guard showProgress else { return }
                FileHandle.standardError.write(Data(("\r\u{1B}[K" + message).utf8))
            }
        } catch {
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            stderr.line("alert2jira: \(error.description)")
            switch error {
            case .badOption: throw ExitCode(ExitStatus.usage.rawValue)
            case .nothingToReport, .credentials: throw ExitCode(ExitStatus.configError.rawValue)
            case .jira: throw ExitCode(ExitStatus.unavailable.rawValue)
            }
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let text = output.render(report)
        if let out {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: out))
            } catch {
                stderr.line("alert2jira: cannot write the report to \(out): \(error.localizedDescription)")
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            stderr.line("alert2jira: wrote the \(output.rawValue) report of \(report.issues.count) issues to \(out)")
        } else {
            var stdout = Terminal.standardOutput
            stdout.write(text)
            stdout.flush()
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}
