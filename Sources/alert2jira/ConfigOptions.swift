import Alert2Jira
import AlertConfig
import AlertRules
import ArgumentParser

/// `--config`, shared by every command that needs the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "Config file (default: $ALERT2JIRA_CONFIG, else ./alert2jira.yaml).")
    var config: String?

    /// Loads the config or exits 78 with every problem on stderr.
    func load() throws -> Config {
        let loader = ConfigLoader()
        let path = loader.resolvePath(config)
        do {
            let config = try loader.load(path: path)
            var stderr = Terminal.standardError
            for warning in config.warnings {
                stderr.line("alert2jira: warning: \(warning)")
            }
            return config
        } catch {
            var stderr = Terminal.standardError
            for problem in error.problems {
                stderr.line("alert2jira: \(problem)")
            }
            if config == nil, error.problems.count == 1, error.problems[0].message.contains("no such file") {
                stderr.line("alert2jira: pass --config FILE or set ALERT2JIRA_CONFIG; samples/alert2jira.yaml is a starting point")
            }
            throw ExitCode(ExitStatus.configError.rawValue)
        }
    }
}
