import Foundation
import TestSupport
import Testing

/// The command line itself: subcommands, usage errors, config errors and their exit statuses.
@Suite("alert2jira commands end to end", .childProcessesStopped)
struct CommandTests {
    static let config = CommandLineRunner.samplePath("alert2jira.yaml")

    @Test func formatsListsEveryFormat() async throws {
        let result = try await CommandLineRunner.run(["formats"])
        #expect(result.status == 0)
        for id in [
            "alertmanager", "grafana", "aws-cost-anomaly", "aws-cloudwatch", "aws-sns", "azure-monitor", "azure-budget", "gcp-budget",
            "gcp-monitoring", "pagerduty", "datadog", "generic",
        ] {
            #expect(result.stdout.contains("\n\(id) ") || result.stdout.hasPrefix("\(id) "), "\(id) missing")
        }
    }

    @Test func checkRendersEverySampleWithoutProblems() async throws {
        let result = try await CommandLineRunner.run(["check", "--config", Self.config])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("✓ aws-cost-anomaly/mashiike-reactor_testdata_anomaly.json: rule aws-cost-anomaly → FINOPS / Task"))
        #expect(result.stdout.contains(" problems") || result.stdout.contains(" 0 problem"))
    }

    @Test func checkReportsUnmatchedSamples() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("a2j-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(#"{"title":"orphan"}"#.utf8).write(to: directory.appendingPathComponent("orphan.json"))
        let config = """
            rules:
              - name: only-cost
                match: { source: aws-cost-anomaly }
                project: FINOPS
            samples: ["*.json"]
            """
        try Data(config.utf8).write(to: directory.appendingPathComponent("alert2jira.yaml"))
        let result = try await CommandLineRunner.run(["check", "--config", directory.appendingPathComponent("alert2jira.yaml").path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("✗ \(directory.lastPathComponent)/orphan.json: \"orphan\" matches no rule"))
    }

    @Test func configErrorsExit78WithPositions() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("a2j-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.yaml")
        try Data("rules:\n  - name: x\n    project: OPS\n    sumary: \"{{title}}\"\n".utf8).write(to: file)
        let result = try await CommandLineRunner.run(["--config", file.path, "--dry-run"], stdin: Data("{}".utf8))
        #expect(result.status == 78)
        #expect(result.stderr.contains("\(file.path):4:5: unknown key \"sumary\" in rule \"x\"; did you mean \"summary\"?"), "\(result.stderr)")
    }

    @Test func aMissingConfigExits78WithWhatToDo() async throws {
        let result = try await CommandLineRunner.run(["--dry-run"], stdin: Data("{}".utf8), currentDirectory: FileManager.default.temporaryDirectory)
        #expect(result.status == 78)
        #expect(result.stderr.contains("cannot read configuration file alert2jira.yaml: no such file"))
        #expect(result.stderr.contains("pass --config FILE or set ALERT2JIRA_CONFIG"))
    }

    @Test func theConfigComesFromTheEnvironmentWhenNotGiven() async throws {
        let result = try await CommandLineRunner.run(
            ["--dry-run", "--output", "json"],
            stdin: Data(#"{"title":"x"}"#.utf8),
            environment: ["ALERT2JIRA_CONFIG": Self.config],
            currentDirectory: FileManager.default.temporaryDirectory
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try result.jsonLines().first?["rule"] as? String == "infra")
    }

    @Test(arguments: [
        (["--format", "nagios", "--dry-run"], "unknown format \"nagios\""),
        (["--output", "xml", "--dry-run"], "--output"),
        (["--online"], "--online only makes sense with --dry-run"),
        (["--max-document-size", "lots", "--dry-run"], "--max-document-size must be a size"),
    ])
    func usageErrorsExit64(arguments: [String], message: String) async throws {
        let result = try await CommandLineRunner.run(["--config", Self.config] + arguments, stdin: Data("{}".utf8))
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func aForcedFormatThatDoesNotFitIsAnInputError() async throws {
        let result = try await CommandLineRunner.run(
            ["--config", Self.config, "--dry-run", "--format", "alertmanager"],
            stdin: Data(#"{"title":"x"}"#.utf8)
        )
        #expect(result.status == 65)
        #expect(result.stderr.contains("stdin:1: the document is not in the alertmanager format"), "\(result.stderr)")
    }

    @Test func unreadableFilesAreInputErrors() async throws {
        let result = try await CommandLineRunner.run(["--config", Self.config, "--dry-run", "/nonexistent/alert.json"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("/nonexistent/alert.json: cannot read input: No such file or directory"))
    }
}
