import Alert2JiraServer
import AlertConfig
import ArgumentParser

/// `alert2jira health`: asks a running server's probe, for a container's HEALTHCHECK or a script.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Check that a running `alert2jira serve` is alive (or, with --ready, ready).",
        discussion: """
            Asks GET /healthz (or /readyz) of the server at ADDRESS and exits 0 when it answers 200, 1 otherwise, \
            saying why on stderr. A server listening on 0.0.0.0 or [::] is asked on loopback.
            """
    )

    @Argument(help: "The server's listen address, HOST:PORT.")
    var address: String = "\(ListenAddress.default)"

    @Flag(help: "Ask /readyz (the spool takes writes and Jira answers) instead of /healthz.")
    var ready = false

    @Option(help: "Seconds to wait for the answer.")
    var timeout: Int = 5

    func validate() throws {
        if case .failure(let error) = ListenAddress.parse(address) { throw ValidationError(error.description) }
        guard (1...300).contains(timeout) else { throw ValidationError("--timeout must be between 1 and 300 seconds") }
    }

    func run() async throws {
        guard case .success(let listen) = ListenAddress.parse(address) else { return }
        let probe = ServerProbe(address: listen, endpoint: ready ? .ready : .live)
        switch await probe.check(timeout: .seconds(timeout)) {
        case .success(let status):
            var stdout = Terminal.standardOutput
            stdout.line("ok: \(probe.url) answered \(status)")
            stdout.flush()
        case .failure(let failure):
            var stderr = Terminal.standardError
            stderr.line("alert2jira: \(failure)")
            throw ExitCode(1)
        }
    }
}
