import Alert2Jira
import Alert2JiraServer
import AlertModel
import AlertRules
import ArgumentParser
import Foundation

/// `alert2jira spool`: look into the server's spool and act on it — list, show, retry, drop. Safe while
/// the server runs: both use SQLite in WAL mode, and the worker re-reads the spool at least every second.
struct SpoolCommand: ParsableCommand {
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

        func open() throws -> Spool {
            var directory = dataDir ?? ServerConfig().dataDirectory
            if dataDir == nil, let config {
                var options = ConfigOptions()
                options.config = config
                directory = try options.load().server.dataDirectory
            }
            guard FileManager.default.fileExists(atPath: Spool.path(inDirectory: directory)) else {
                throw SpoolCommand.fail("no spool in \(directory) (pass --data-dir, or --config with server.data_dir)")
            }
            do throws(SpoolError) {
                return try Spool(directory: directory)
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

    struct List: ParsableCommand {
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

        func run() throws {
            let spool = try location.open()
            let records: [SpoolRecord]
            let statistics: SpoolStatistics
            do throws(SpoolError) {
                records = try spool.list(state: state.flatMap(SpoolState.init(rawValue:)), limit: limit)
                statistics = try spool.currentStatistics()
            } catch {
                throw SpoolCommand.fail(error.description)
            }
            var stdout = Terminal.standardOutput
            switch output {
            case .json:
                for record in records {
                    var bytes: [UInt8] = []
                    JSONWriter.write(SpoolPresentation.json(record), into: &bytes)
                    bytes.append(UInt8(ascii: "\n"))
                    stdout.write(bytes: bytes)
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

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one alert: its state, history and payload.")

        @OptionGroup var location: Location

        @Argument(help: "The alert's id (from spool list).")
        var id: String

        @Option(name: .long, help: "text, or json.")
        var output: SendCommand.OutputFormat = .text

        func run() throws {
            let id = try SpoolCommand.id(id)
            let spool = try location.open()
            let record: SpoolRecord
            do throws(SpoolError) {
                record = try spool.record(id)
            } catch {
                throw SpoolCommand.fail(error.description)
            }
            var stdout = Terminal.standardOutput
            switch output {
            case .json:
                var bytes: [UInt8] = []
                JSONWriter.write(SpoolPresentation.json(record), into: &bytes)
                bytes.append(UInt8(ascii: "\n"))
                stdout.write(bytes: bytes)
            case .text:
                stdout.write(SpoolPresentation.card(record))
            }
            stdout.flush()
        }
    }

    struct Retry: ParsableCommand {
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

        func run() throws {
            let spool = try location.open()
            let number = try id.map(SpoolCommand.id)
            var stdout = Terminal.standardOutput
            do throws(SpoolError) {
                if let number {
                    try spool.retry(number)
                    let record = try spool.record(number)
                    stdout.line(
                        record.state == .done ? "alert \(number) is already delivered; nothing to retry" : "alert \(number) is pending and due now"
                    )
                } else {
                    let count = try spool.retryAllDead()
                    stdout.line("\(count) dead alert\(count == 1 ? "" : "s") pending and due now")
                }
            } catch {
                throw SpoolCommand.fail(error.description)
            }
            stdout.flush()
        }
    }

    struct Drop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an alert from the spool: it will not be delivered.")

        @OptionGroup var location: Location

        @Argument(help: "The alert's id.")
        var id: String

        func run() throws {
            let number = try SpoolCommand.id(id)
            let spool = try location.open()
            do throws(SpoolError) {
                try spool.drop(number)
            } catch {
                throw SpoolCommand.fail(error.description)
            }
            var stdout = Terminal.standardOutput
            stdout.line("alert \(number) dropped")
            stdout.flush()
        }
    }
}
