import Alert2Jira
import AlertModel
import AlertRules
import ArgumentParser
import Foundation

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
        guard ByteSize.parse(maxDocumentSize) != nil else {
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
        let config = try configOptions.load()
        let pipeline = Pipeline(config: config, ingestor: try Ingestor(forcedFormat: format))
        var stdout = Terminal.standardOutput
        var stderr = Terminal.standardError
        let preview = TextPreview(terminal: stdout)
        let sources = InputSource.from(paths: files)
        let maximumDocumentSize = ByteSize.parse(maxDocumentSize)!
        let dryRun = self.dryRun
        let output = self.output
        /// Runs on worker threads for previews, so formatting is spread over the cores too.
        let encode: @Sendable (Outcome) -> [UInt8] = { outcome in
            switch output {
            case .json:
                var bytes: [UInt8] = []
                bytes.reserveCapacity(4096)
                JSONWriter.write(outcome.json, into: &bytes)
                bytes.append(UInt8(ascii: "\n"))
                return bytes
            case .text:
                return Array((dryRun ? preview.card(for: outcome) : preview.line(for: outcome)).utf8)
            }
        }
        func emit(_ outcome: Outcome, _ bytes: [UInt8]) {
            stdout.write(bytes: bytes)
        }
        func report(_ error: InputError) {
            stdout.flush()
            stderr.line("alert2jira: \(error)")
        }

        let summary: RunSummary
        if dryRun, !online {
            let runner = PreviewRunner(
                pipeline: pipeline,
                maximumDocumentSize: maximumDocumentSize,
                workers: ProcessInfo.processInfo.activeProcessorCount
            )
            summary = runner.run(sources, encode: encode, onOutcome: emit, onInputError: report)
        } else {
            for warning in Delivery.startupWarnings(for: config) {
                stderr.line("alert2jira: warning: \(warning)")
            }
            let delivery = Delivery(
                pipeline: pipeline,
                clients: Delivery.curlClients(for: config, concurrency: concurrency),
                concurrency: concurrency
            )
            let runner = DeliveryRunner(delivery: delivery, maximumDocumentSize: maximumDocumentSize, dryRun: dryRun)
            summary = await runner.run(sources, onOutcome: { emit($0, encode($0)) }, onInputError: report)
        }
        stdout.flush()
        if output == .text || stderr.isTTY {
            stderr.line("alert2jira: \(summary.description)")
        }
        let status = summary.exitStatus
        if status != .success { throw ExitCode(status.rawValue) }
    }
}

/// Sizes on the command line: `1048576`, `512KiB`, `32MiB`, `1GiB` (K/M/G and KB/MB/GB read as binary too).
enum ByteSize {
    static func parse(_ text: String) -> Int? {
        let units: [(String, Int)] = [
            ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("G", 1 << 30), ("M", 1 << 20),
            ("K", 1 << 10), ("B", 1),
        ]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let value = Int(text.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), value > 0 else { return nil }
            return value * factor
        }
        guard let value = Int(text), value > 0 else { return nil }
        return value
    }
}
