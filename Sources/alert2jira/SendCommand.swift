import Alert2Jira
import AlertConfig
import AlertModel
import AlertRules
import ArgumentParser
import Foundation
import JSON

/// `alert2jira [send]`: alerts in, issues out (or, with `--dry-run`, the exact issues that would be sent).
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Read alerts from stdin or files and create (or preview) Jira issues.",
        discussion: "Input may be one JSON document, a JSON array of documents, or NDJSON (one per line)."
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @OptionGroup var configOptions: ConfigOptions

    @Flag(name: .long, help: "Show what would be sent to Jira; send nothing.")
    var dryRun = false

    @Flag(name: .long, help: "With --dry-run: read create metadata from Jira, so the preview is the exact body, refusals included.")
    var online = false

    @Option(name: .long, help: "Deliveries in flight at once.")
    var concurrency: Int = 4

    @Option(name: .long, help: "Decode every document as this format instead of detecting it (see `alert2jira formats`).")
    var format: String?

    @Option(name: .long, help: "text: a card per alert; json: one JSON object per alert (NDJSON).")
    var output: OutputFormat = .text

    @Option(name: .long, help: "Skip (and report) documents larger than this, e.g. 32MiB or 512KiB.")
    var maxDocumentSize: String = "32MiB"

    @Argument(help: "Files to read; none or - reads standard input.")
    var files: [String] = []

    func validate() throws {
        // `alert2jira chek` would otherwise be read as an input file that does not exist.
        if let first = files.first, !FileManager.default.fileExists(atPath: first), first.first?.isLetter == true,
            first.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
        {
            let commands = Alert2JiraCommand.configuration.subcommands.compactMap { $0.configuration.commandName }
            let hint = Suggestion.closest(to: first, in: commands).map { ", did you mean \($0)?" } ?? "."
            throw ValidationError(
                "unknown command \"\(first)\"\(hint) Commands: \(commands.joined(separator: ", ")). (To read a file named \(first), write ./\(first).)"
            )
        }
        guard ByteSizeParser.parse(maxDocumentSize) != nil else {
            throw ValidationError("--max-document-size must be a size like 32MiB, 512KiB or 1048576, found \"\(maxDocumentSize)\"")
        }
        if online, !dryRun {
            throw ValidationError("--online only makes sense with --dry-run (without --dry-run, Jira is always asked)")
        }
        guard (1...64).contains(concurrency) else {
            throw ValidationError("--concurrency must be between 1 and 64")
        }
        if let format, !AlertFormats.ids.contains(format) {
            throw ValidationError("unknown format \"\(format)\"; known formats: \(AlertFormats.ids.joined(separator: ", "))")
        }
    }

    func run() async throws {
        var options = SendJob.Options()
        options.dryRun = dryRun
        options.online = online
        options.concurrency = concurrency
        options.forcedFormat = format
        options.maximumDocumentSize = ByteSizeParser.parse(maxDocumentSize)!
        let job = try SendJob(config: try configOptions.load(), options: options)
        var stdout = Terminal.standardOutput
        var stderr = Terminal.standardError
        for warning in job.warnings {
            stderr.line("alert2jira: warning: \(warning)")
        }
        let preview = TextPreview(terminal: stdout)
        let dryRun = self.dryRun
        let output = self.output
        let summary = await job.run(
            InputSource.from(paths: files),
            encode: { outcome, bytes in
                switch output {
                case .json: outcome.writeJSONLine(into: &bytes)
                case .text: bytes.append(contentsOf: (dryRun ? preview.card(for: outcome) : preview.line(for: outcome)).utf8)
                }
            },
            write: { bytes in stdout.write(bytes: bytes) },
            onInputError: { error in
                stdout.flush()
                stderr.line("alert2jira: \(error)")
            }
        )
        stdout.flush()
        if output == .text || stderr.isTTY {
            stderr.line("alert2jira: \(summary.description)")
        }
        let status = summary.exitStatus
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
