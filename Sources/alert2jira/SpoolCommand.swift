import Alert2Jira
import Alert2JiraServer
import AlertConfig
import AlertModel
import AlertRules
import AlertSpool
import ArgumentParser
import Foundation
import JSON

/// `alert2jira spool`: look into the server's spool and act on it — list, show, retry, drop. Safe while
/// the server runs: both use SQLite in WAL mode, and the worker re-reads the spool at least every second.
struct SpoolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spool",
        abstract: "List, show, retry or drop alerts in the server's spool (safe while the server runs).",
        subcommands: [List.self, Show.self, Retry.self, Drop.self]
    )

    /// Which spool: `--data-dir`, else the config's `server.data_dir` when `--config` is given, else ./alert2jira-data.
    struct Location: ParsableArguments {
        @Option(name: .long, help: "The server's data directory (default: server.data_dir of --config, else ./alert2jira-data).")
        var dataDir: String?

        @Option(name: .long, help: "Config file whose server.data_dir names the spool.")
        var config: String?

        /// Opens the spool and runs `body` on it; a spool error ends the command with its message.
        func with<T>(_ body: (any SpoolStore) async throws(SpoolError) -> T) async throws -> T {
            let spool = try await open()
            do throws(SpoolError) {
                return try await body(spool)
            } catch {
                throw SpoolCommand.fail(error.description)
            }
        }

        func open() async throws -> any SpoolStore {
            var server: ServerConfig?
            if dataDir == nil, let config {
                var options = ConfigOptions()
                options.config = config
                server = try options.load().server
            }
            do throws(SpoolError) {
                return try await SpoolLocation.open(dataDirectory: dataDir, server: server)
            } catch {
                throw SpoolCommand.fail(error.description)
            }
        }
    }

    static func fail(_ message: String, status: ExitStatus = .dataError) -> ExitCode {
        var stderr = Terminal.standardError
        stderr.line("alert2jira: \(message)")
        return ExitCode(status.rawValue)
    }

    static func id(_ text: String) throws -> Int64 {
        guard let id = Int64(text), id > 0 else { throw ValidationError("an alert id is a positive number, found \"\(text)\"") }
        return id
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List alerts, newest first.")

        @OptionGroup var location: Location

        @Option(name: .long, help: "Only alerts in this state: pending, dead or done.")
        var state: String?

        @Option(name: .long, help: "At most this many.")
        var limit: Int = 100

        @Option(name: .long, help: "text, or json (one object per line).")
        var output: SendCommand.OutputFormat = .text

        func validate() throws {
            if let state, SpoolState(rawValue: state) == nil {
                throw ValidationError("--state must be pending, dead or done, found \"\(state)\"")
            }
        }

        func run() async throws {
            let state = state.flatMap(SpoolState.init(rawValue:))
            let limit = limit
            let (records, statistics) = try await location.with { spool throws(SpoolError) in
                (try await spool.list(state: state, limit: limit), try await spool.statistics())
            }
            var stdout = Terminal.standardOutput
            switch output {
            case .json:
                for record in records {
                    stdout.write(bytes: SpoolPresentation.json(record).jsonLine)
                }
            case .text:
                stdout.line("ID        STATE    TRIES  RECEIVED              FORMAT          TITLE")
                for record in records {
                    stdout.line(SpoolPresentation.line(record, terminal: stdout))
                }
                stdout.line("\(statistics.pending) pending, \(statistics.dead) dead, \(statistics.done) done")
            }
            stdout.flush()
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one alert: its state, history and payload.")

        @OptionGroup var location: Location

        @Argument(help: "The alert's id (from spool list).")
        var id: String

        @Option(name: .long, help: "text, or json.")
        var output: SendCommand.OutputFormat = .text

        func run() async throws {
            let id = try SpoolCommand.id(id)
            let record = try await location.with { spool throws(SpoolError) in try await spool.record(id) }
            var stdout = Terminal.standardOutput
            switch output {
            case .json:
                stdout.write(bytes: SpoolPresentation.json(record).jsonLine)
            case .text:
                stdout.write(SpoolPresentation.card(record))
            }
            stdout.flush()
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a dead (or waiting) alert due now; --all-dead for every dead letter.")

        @OptionGroup var location: Location

        @Argument(help: "The alert's id.")
        var id: String?

        @Flag(name: .long, help: "Retry every dead alert.")
        var allDead = false

        func validate() throws {
            guard (id == nil) != !allDead else { throw ValidationError("give an alert id or --all-dead (not both)") }
            if let id { _ = try SpoolCommand.id(id) }
        }

        func run() async throws {
            let number = try id.map(SpoolCommand.id)
            let message = try await location.with { spool throws(SpoolError) -> String in
                guard let number else {
                    let count = try await spool.retryAllDead()
                    return "\(count) dead alert\(count == 1 ? "" : "s") pending and due now"
                }
                try await spool.retry(number)
                let delivered = try await spool.record(number).state == .done
                return delivered ? "alert \(number) is already delivered; nothing to retry" : "alert \(number) is pending and due now"
            }
            var stdout = Terminal.standardOutput
            stdout.line(message)
            stdout.flush()
        }
    }

    struct Drop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an alert from the spool: it will not be delivered.")

        @OptionGroup var location: Location

        @Argument(help: "The alert's id.")
        var id: String

        func run() async throws {
            let number = try SpoolCommand.id(id)
            try await location.with { spool throws(SpoolError) in try await spool.drop(number) }
            var stdout = Terminal.standardOutput
            stdout.line("alert \(number) dropped")
            stdout.flush()
        }
    }
}
