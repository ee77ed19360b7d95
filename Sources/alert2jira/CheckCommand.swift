import Alert2Jira
import AlertModel
import AlertRules
import ArgumentParser
import Contracts
import Foundation
import JiraKit

/// `alert2jira check`: validates the config and renders every sample through the rules, so mistakes
/// show up before an alert does.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the config, rules and templates, and render the sample payloads through the rules."
    )

    @OptionGroup var configOptions: ConfigOptions

    @Flag(name: .long, help: "Also log in to every connection, check permissions, and preflight every target against live create metadata.")
    var online = false

    @Option(name: .long, parsing: .upToNextOption, help: "Sample payload files to render (default: the config's samples: list).")
    var samples: [String] = []

    func run() async throws {
        let config = try configOptions.load()
        var stdout = Terminal.standardOutput
        let pipeline = Pipeline(config: config, ingestor: try Ingestor())
        let report = ConfigCheck(pipeline: pipeline).run(samples: samples.isEmpty ? config.samples : samples)
        stdout.line(
            "config \(config.file): \(config.rules.count) rule\(config.rules.count == 1 ? "" : "s"), \(config.connections.count) connection\(config.connections.count == 1 ? "" : "s")"
        )
        for connection in config.connections.values.sorted(by: { $0.name < $1.name }) {
            stdout.line("  connection \(connection.name): \(connection.url) (\(connection.flavor.rawValue), auth: \(connection.auth.methodName))")
        }
        for finding in report.findings {
            let mark = finding.isProblem ? terminal(stdout, "✗", .red) : terminal(stdout, "✓", .green)
            stdout.line("\(mark) \(finding.subject): \(finding.message)")
        }
        stdout.line(
            "\(report.samples) sample\(report.samples == 1 ? "" : "s") rendered, \(report.problems) problem\(report.problems == 1 ? "" : "s")"
        )
        var status: ExitStatus = report.problems > 0 ? .someFailed : .success
        if online {
            var stderr = Terminal.standardError
            for warning in Delivery.startupWarnings(for: config) {
                stderr.line("alert2jira: warning: \(warning)")
            }
            let delivery = Delivery(pipeline: pipeline, clients: Delivery.curlClients(for: config, concurrency: 2))
            let (findings, onlineStatus) = await ConnectionDoctor(delivery: delivery, samples: samples.isEmpty ? config.samples : samples).run()
            var heading = ""
            for finding in findings {
                if finding.heading != heading {
                    heading = finding.heading
                    stdout.line(terminal(stdout, heading, .bold))
                }
                let mark: String
                switch finding.level {
                case .ok: mark = terminal(stdout, "✓", .green)
                case .warning: mark = terminal(stdout, "!", .yellow)
                case .problem: mark = terminal(stdout, "✗", .red)
                }
                stdout.line("  \(mark) \(finding.message)")
            }
            status = max(status, onlineStatus)
        }
        stdout.flush()
        if status != .success { throw ExitCode(status.rawValue) }
    }

    private func terminal(_ terminal: Terminal, _ text: String, _ style: Terminal.Style) -> String {
        terminal.style(text, style)
    }
}
