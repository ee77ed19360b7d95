import Alert2Jira
import ArgumentParser

/// The `alert2jira` command: parses the command line and hands over to the library.
@main
struct Alert2JiraCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alert2jira",
        abstract: "Turn monitoring, anomaly and cloud-cost alerts into Jira issues.",
        discussion: """
            Reads alerts from standard input or files (`cat alert.json | alert2jira --dry-run`), routes each with \
            the YAML rules in the config, and creates issues through a Jira service account. Exit codes: 0 all \
            done, 1 some alerts refused or failed, 64 usage, 65 input unreadable, 69 Jira unreachable, \
            75 temporary failure, 78 configuration invalid.
            """,
        version: "0.1.0",
        subcommands: [
            SendCommand.self, CheckCommand.self, FormatsCommand.self, ServeCommand.self, SpoolCommand.self, HealthCommand.self, ReportCommand.self,
            InitCommand.self,
        ],
        defaultSubcommand: SendCommand.self
    )
}
