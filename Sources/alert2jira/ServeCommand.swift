import Alert2Jira
import Alert2JiraServer
import AlertConfig
import AlertRules
import ArgumentParser
import Foundation

/// `alert2jira serve`: receives webhooks, spools them durably, and delivers them to Jira.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Receive alerts over HTTP, spool them durably, and deliver them to Jira.",
        discussion: """
            POST /alerts detects the payload's format; POST /alerts/FORMAT forces one; POST /alerts/src/SOURCE[/FORMAT] \
            names a configured source. 202 means the alerts are on disk and will reach Jira, whatever happens to Jira or \
            to this process. GET /healthz, /readyz and /metrics are for probes and Prometheus. SIGTERM or SIGINT stop it \
            gracefully; SIGHUP reloads the config.
            """
    )

    @OptionGroup var configOptions: ConfigOptions

    @Option(name: .long, help: "HOST:PORT to listen on (default: server.listen, else 127.0.0.1:9097).")
    var listen: String?

    @Option(name: .long, help: "Directory of the spool (default: server.data_dir, else ./alert2jira-data).")
    var dataDir: String?

    @Option(name: .long, help: "text or json (default: server.log_format, else text).")
    var logFormat: String?

    @Flag(name: .long, help: "Listen on a non-loopback address even though some senders need no credentials.")
    var allowUnauthenticated = false

    func validate() throws {
        if let listen, case .failure(let error) = ListenAddress.parse(listen) {
            throw ValidationError("--listen: \(error)")
        }
        if let logFormat, ServerConfig.LogFormat(rawValue: logFormat) == nil {
            throw ValidationError("--log-format must be text or json, found \"\(logFormat)\"")
        }
    }

    func run() async throws {
        let config = try configOptions.load()
        let path = ConfigLoader().resolvePath(configOptions.config)
        let options = ServeOptions(
            listen: listen.flatMap { try? ListenAddress.parse($0).get() },
            dataDirectory: dataDir,
            logFormat: logFormat.flatMap(ServerConfig.LogFormat.init(rawValue:)),
            allowUnauthenticated: allowUnauthenticated
        )
        let server: AlertServer
        do throws(ServeError) {
            server = try await AlertServer(config: config, options: options)
        } catch {
            throw Self.exit(error)
        }
        do {
            try await server.run(
                reloadConfig: { () throws(ConfigError) -> Config in try ConfigLoader().load(path: path) },
                onListening: { host, port in
                    // Scripts and tests read the address from here (port 0 picks a free one).
                    var stdout = Terminal.standardOutput
                    stdout.line("alert2jira serve listening on http://\(ListenAddress(host: host, port: port))")
                    stdout.flush()
                }
            )
        } catch let error as ServeError {
            throw Self.exit(error)
        }
    }

    /// Says why `serve` stops on stderr; the exit code a supervisor can act on.
    static func exit(_ error: ServeError) -> ExitCode {
        var stderr = Terminal.standardError
        stderr.line("alert2jira: \(error)")
        return ExitCode(error.exitStatus.rawValue)
    }
}
