import Foundation
import TestSupport
import Testing

@testable import AlertRules

/// A matcher pasted from an Alertmanager route must mean the same here. Alertmanager itself is the judge:
/// `amtool config routes test` says which of its routes a label value reaches, one route per pattern, and
/// every answer must agree with ``Pattern``.
@Suite("regexes mean what Alertmanager means", .childProcessesStopped)
struct AlertmanagerRegexParityTests {
    static let amtool = "/usr/bin/amtool"

    static let patterns = [
        "prod", ".*prod.*", "prod|staging", "eu-.*", "(?i)PROD", "[a-z]+-\\d+", "\\d{1,3}(\\.\\d{1,3}){3}", ".*", "(?s).*",
        "\\pL+", "[[:alpha:]]+", "(a|aa)+", "(a+)+b?", "\\w+", "\\S+", "[^-]+", "a.b", "é.*", "(?P<env>prod)-\\d+", "\\Qa.b\\E",
        "x*", "(?U)a+", "[\\p{Greek}]+", "(?m)^prod$", "prod$",
    ]
    /// amtool trims the whitespace around a label value, so none starts or ends with it.
    static let values = [
        "prod", "preprod", "prod-1", "staging", "eu-prod", "PROD", "Prod", "10.0.0.1", "1.2.3", "été", "abc", "aaaa", "aaab",
        "a.b", "axb", "two\nlines", "prod\nx", "x\nprod", "eu prod", "x-y", "αβγ", "prod-42", "", "a,b", "{x}", "aab",
    ]

    @Test func everyPatternAgreesWithAlertmanagerOnEveryValue() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.amtool) else {
            Issue.record("\(Self.amtool) is missing: install Debian's prometheus-alertmanager (.ci/run does)")
            return
        }
        let directory = try TemporaryDirectory(prefix: "a2j-regex-parity")
        defer { directory.cleanUp() }
        var config = "route:\n  receiver: none\n  routes:\n"
        for (index, pattern) in Self.patterns.enumerated() {
            let quoted = pattern.replacingOccurrences(of: "'", with: "''")
            config += "    - receiver: r\(index)\n      match_re: {l: '\(quoted)'}\n      continue: true\n"
        }
        config += "receivers:\n  - name: none\n" + Self.patterns.indices.map { "  - name: r\($0)\n" }.joined()
        let file = try directory.write("alertmanager.yml", config)
        let compiled = try Self.patterns.map { try Pattern($0) }
        for value in Self.values {
            let child = try ChildProcess.start(Self.amtool, ["config", "routes", "test", "--config.file=\(file)", "l=\(value)"], stdout: .pipe)
            let answer = await child.readToEnd().trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(await child.waitForExit() == .exited(0), "amtool on \(value.debugDescription)")
            let reached = Set(answer.split(separator: ",").map(String.init)).subtracting(["none"])
            for (index, pattern) in compiled.enumerated() {
                let alertmanager = reached.contains("r\(index)")
                #expect(pattern.matches(value) == alertmanager, "\(pattern.source) on \(value.debugDescription): Alertmanager says \(alertmanager)")
            }
        }
    }
}
