import Alert2Jira
import ArgumentParser
import Foundation
import JiraKit
import Onboarding

/// `alert2jira init`: a working config from a live Jira project, or converted from jiralert or Alertmanager.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a config from a live Jira project's create screens, or convert a jiralert or Alertmanager config.",
        discussion: """
            From a project: alert2jira init --url URL --project KEY [--issue-type NAME]… [--out DIR]. Credentials come from \
            JIRA_EMAIL and JIRA_API_TOKEN (Cloud), JIRA_PAT or JIRA_USERNAME and JIRA_PASSWORD (Data Center), or --auth-file. \
            Without --out the config is printed. Converting: alert2jira init --from-jiralert jiralert.yml [--out DIR], or \
            --from-alertmanager alertmanager.yml; what cannot be converted is kept as a comment, listed, and exits 1.
            """
    )

    @Option(name: .long, help: "The Jira site, e.g. https://example.atlassian.net.")
    var url: String?

    @Option(name: .long, help: "The project key.")
    var project: String?

    @Option(name: .long, help: "An issue type to write a rule for (repeatable; default Task, else Bug).")
    var issueType: [String] = []

    @Option(name: .long, help: "cloud, datacenter or auto (ask the site).")
    var flavor = "auto"

    @Option(name: .long, help: "A YAML file holding an auth: mapping, instead of the environment.")
    var authFile: String?

    @Option(name: .long, help: "Write alert2jira.yaml and rules/ into this directory instead of printing.")
    var out: String?

    @Flag(name: .long, help: "Replace files that exist in --out.")
    var force = false

    @Option(name: .long, help: "Convert this jiralert config (jiralert.yml).")
    var fromJiralert: String?

    @Option(name: .long, help: "Convert the jira_configs of this Alertmanager config (alertmanager.yml, 0.28 and later).")
    var fromAlertmanager: String?

    func validate() throws {
        let modes = [url != nil || project != nil, fromJiralert != nil, fromAlertmanager != nil].filter { $0 }.count
        guard modes == 1 else {
            throw ValidationError("give --url and --project (a live project), or --from-jiralert FILE, or --from-alertmanager FILE; exactly one")
        }
        if url != nil || project != nil {
            guard url != nil, project != nil else { throw ValidationError("--url and --project go together") }
        }
        guard ["auto", "cloud", "datacenter"].contains(flavor) else {
            throw ValidationError("--flavor must be cloud, datacenter or auto, found \"\(flavor)\"")
        }
    }

    func run() async throws {
        if let path = fromJiralert ?? fromAlertmanager {
            try convert(path, jiralert: fromJiralert != nil)
        } else if let url, let project {
            try await scaffold(url: url, project: project)
        }
    }

    private func convert(_ path: String, jiralert: Bool) throws {
        var stderr = Terminal.standardError
        let converted: ConvertedConfig
        do {
            converted = try jiralert ? ConfigMigration.fromJiralert(configPath: path) : ConfigMigration.fromAlertmanager(configPath: path)
        } catch {
            stderr.line("alert2jira: \(error.description)")
            throw ExitCode(ExitStatus.dataError.rawValue)
        }
        let directory = out ?? "."
        try write(converted, to: directory)
        for problem in converted.problems { stderr.line("alert2jira: \(problem.description)") }
        if !converted.environmentVariables.isEmpty {
            stderr.line(
                "alert2jira: set \(converted.environmentVariables.joined(separator: ", ")) in the environment, then run alert2jira check --config \(directory)/alert2jira.yaml --online"
            )
        }
        if converted.hasUnconverted { throw ExitCode(ExitStatus.someFailed.rawValue) }
    }

    /// Writes both modes' files the same way: nothing replaced without `--force`, every path said.
    private func write(_ converted: ConvertedConfig, to directory: String) throws {
        var stderr = Terminal.standardError
        do {
            let written = try converted.write(to: directory, overwrite: force)
            stderr.line("alert2jira: wrote \(written.joined(separator: " and "))")
        } catch {
            if case .outputExists(let path) = error {
                stderr.line("alert2jira: \(InitError.exists(path).description)")
            } else {
                stderr.line("alert2jira: \(error.description)")
            }
            throw ExitCode(ExitStatus.usage.rawValue)
        }
    }

    private func scaffold(url: String, project: String) async throws {
        var stderr = Terminal.standardError
        let environment = ProcessInfo.processInfo.environment
        let job: ProjectInit
        do {
            var auth = ScaffoldAuth.fromEnvironment(environment)
            var secrets: [String: String] = [:]
            if let authFile {
                (auth, secrets) = try ProjectInit.auth(fromFile: authFile)
            }
            guard let auth else { throw InitError.noCredentials }
            job = ProjectInit(
                url: url,
                project: project,
                issueTypes: issueType,
                flavor: JiraFlavor(rawValue: flavor),
                auth: auth,
                environment: environment.merging(secrets) { _, secret in secret }
            )
        } catch let error as InitError {
            stderr.line("alert2jira: \(error.description)")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let result: ProjectInit.Result
        do {
            result = try await job.run()
        } catch {
            stderr.line("alert2jira: \(error.description)")
            switch error {
            case .credentials, .noCredentials, .authFile, .connection: throw ExitCode(ExitStatus.configError.rawValue)
            case .noProject, .unknownIssueType: throw ExitCode(ExitStatus.usage.rawValue)
            default: throw ExitCode(ExitStatus.unavailable.rawValue)
            }
        }
        let scaffold = result.scaffold
        if let out {
            try write(ConvertedConfig(files: scaffold.files, problems: [], environmentVariables: scaffold.auth.variables), to: out)
        } else {
            var stdout = Terminal.standardOutput
            stdout.write(scaffold.mainFile(includeRules: false))
            stdout.flush()
        }
        stderr.line(
            "alert2jira: project \(scaffold.project) on \(scaffold.url) (\(scaffold.flavor.rawValue)): "
                + "rules for \(scaffold.screens.map(\.issueType.name).joined(separator: ", ")); checked online:"
        )
        for finding in result.findings {
            let mark = finding.level == .ok ? "✓" : finding.level == .warning ? "!" : "✗"
            stderr.line("  \(mark) \(finding.heading): \(finding.message)")
        }
        let left = scaffold.placeholders
        if left.isEmpty {
            stderr.line("alert2jira: nothing left to fill in")
        } else {
            stderr.line("alert2jira: \(left.count) left to fill in (marked \(ProjectScaffold.marker)):")
            for placeholder in left { stderr.line("  - \(placeholder.description)") }
        }
        if result.status != .success { throw ExitCode(result.status.rawValue) }
    }
}
