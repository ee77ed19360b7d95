import AlertConfig
import Contracts
import Testing

@testable import AlertRules

@Suite struct EnvironmentExpansionTests {
    static let environment = ["A": "alpha", "B": "beta", "EMPTY": "", "_UNDER_1": "u"]

    /// The expansion, or the messages it was refused with.
    func expand(_ text: String) -> Result<String, ConfigError> {
        var diagnostics = Diagnostics()
        let location = Contracts.SourceLocation(file: "cfg.yaml", line: 3, column: 9)
        if let result = EnvironmentExpansion.expand(text, environment: Self.environment, at: location, &diagnostics) {
            return .success(result)
        }
        return .failure(diagnostics.configError)
    }

    @Test(arguments: [
        ("${A}", "alpha"),
        ("x-${A}-${B}-y", "x-alpha-beta-y"),
        ("${_UNDER_1}", "u"),
        ("${A:-fallback}", "alpha"),
        ("${MISSING:-fallback}", "fallback"),
        ("${MISSING:-}", ""),
        ("${MISSING:-with spaces and :-}", "with spaces and :-"),
        ("${EMPTY:-fallback}", "fallback"),
        ("${EMPTY}", ""),
        ("$${A}", "${A}"),
        ("$${A} and ${A}", "${A} and alpha"),
        ("$", "$"),
        ("costs $5", "costs $5"),
        ("a$b", "a$b"),
        ("$$", "$$"),
        ("ends with $", "ends with $"),
        ("$A", "$A"),
        ("no dollars", "no dollars"),
        ("{{title}} ${A}", "{{title}} alpha"),
    ])
    func expands(text: String, expected: String) throws {
        #expect(try expand(text).get() == expected)
    }

    @Test(arguments: [
        ("${MISSING}", ["cfg.yaml:3:9: environment variable MISSING is not set; set it, or write ${MISSING:-default}"]),
        ("${A", ["cfg.yaml:3:9: unterminated \"${\" in \"${A\"; write ${NAME}, or $${ for a literal ${"]),
        ("x ${A:-y", ["cfg.yaml:3:9: unterminated \"${\" in \"x ${A:-y\"; write ${NAME}, or $${ for a literal ${"]),
        (
            "${}",
            [
                "cfg.yaml:3:9: invalid environment variable name \"\" in \"${}\"; names are letters, digits and _, not starting with a digit, and $${ writes a literal ${"
            ]
        ),
        (
            "${1A}",
            [
                "cfg.yaml:3:9: invalid environment variable name \"1A\" in \"${1A}\"; names are letters, digits and _, not starting with a digit, and $${ writes a literal ${"
            ]
        ),
        (
            "${A-B}",
            [
                "cfg.yaml:3:9: invalid environment variable name \"A-B\" in \"${A-B}\"; names are letters, digits and _, not starting with a digit, and $${ writes a literal ${"
            ]
        ),
        (
            "${ÄRGER}",
            [
                "cfg.yaml:3:9: invalid environment variable name \"ÄRGER\" in \"${ÄRGER}\"; names are letters, digits and _, not starting with a digit, and $${ writes a literal ${"
            ]
        ),
        ("${A:-${B}}", ["cfg.yaml:3:9: nested ${…} in the default of ${A} is not supported"]),
        (
            "${X} and ${Y}",
            [
                "cfg.yaml:3:9: environment variable X is not set; set it, or write ${X:-default}",
                "cfg.yaml:3:9: environment variable Y is not set; set it, or write ${Y:-default}",
            ]
        ),
    ])
    func refuses(text: String, expected: [String]) {
        guard case .failure(let error) = expand(text) else {
            Issue.record("\(text) should be refused")
            return
        }
        #expect(error.problems.map(\.description) == expected)
    }

    @Test func expandsEverywhereAConfigHasText() throws {
        let config = try loadConfig(
            """
            connections:
              cloud:
                url: ${URL}
                auth: { email: "${USER}@example.com", api_token: "${TOKEN:-none}" }
            default_connection: ${CONNECTION:-cloud}
            rules:
              - name: ${RULE}
                project: ${PROJECT:-OPS}
                summary: "{{title}} ($${NOT_EXPANDED})"
                match: { labels.env: "${ENV}" }
            """,
            environment: ["URL": "https://example.atlassian.net", "USER": "bot", "RULE": "prod-pages", "ENV": "prod"]
        )
        #expect(config.connections["cloud"]?.url == "https://example.atlassian.net")
        #expect(config.connections["cloud"]?.auth == .cloudToken(email: "bot@example.com", apiToken: Secret("none")))
        #expect(config.defaultConnection == "cloud")
        #expect(config.rules[0].name == "prod-pages")
        #expect(config.rules[0].project.source == "OPS")
        #expect(config.rules[0].summary.source == "{{title}} (${NOT_EXPANDED})")
        #expect(config.rules[0].matcher.matches(paymentsAlert()))
        #expect(!config.rules[0].matcher.matches(paymentsAlert(labels: ["env": "staging"])))
    }
}
