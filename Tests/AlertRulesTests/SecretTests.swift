import Contracts
import Foundation
import Testing

@testable import AlertRules

@Suite struct SecretTests {
    static let value = "s3cr3t-T0ken-value"

    /// Every way a value ends up in a log line or a crash report.
    static func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return ["\(value)", String(describing: value), String(reflecting: value), dumped]
    }

    @Test func secretNeverPrintsItsValue() {
        let secret = Secret(Self.value)
        #expect(secret.description == "***")
        #expect(secret.debugDescription == "***")
        #expect("\(secret)" == "***")
        for text in Self.renderings(secret) {
            #expect(!text.contains(Self.value), "\(text)")
        }
        #expect(Mirror(reflecting: secret).children.isEmpty, "templates and dumps walk mirrors")
        #expect(secret.value == Self.value)
        #expect(!secret.isEmpty)
        #expect(Secret("").isEmpty)
    }

    @Test(arguments: [
        ConnectionConfig.Auth.cloudToken(email: "bot@example.com", apiToken: Secret(value)),
        .personalAccessToken(Secret(value)),
        .basic(username: "svc", password: Secret(value)),
        .oauthClientCredentials(clientID: "client", clientSecret: Secret(value)),
    ])
    func connectionNeverPrintsItsSecret(auth: ConnectionConfig.Auth) {
        let connection = ConnectionConfig(name: "cloud", url: "https://example.atlassian.net", auth: auth)
        for text in Self.renderings(connection) + Self.renderings(auth) + [auth.methodName] {
            #expect(!text.contains(Self.value), "\(text)")
        }
        #expect("\(connection)".contains("***"), "the dump still shows that a secret is there")
    }

    /// A secret file that other users can read loads, with a warning naming the file and the fix, as ssh does.
    @Test(arguments: [(0o644, true), (0o640, true), (0o600, false), (0o400, false)])
    func aSecretFileOthersCanReadIsWarnedAbout(mode: Int, warned: Bool) throws {
        try withTemporaryDirectory(["token": "s3cret-token\n"]) { directory in
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: directory + "/token")
            let config = try loadConfig(
                "connections:\n  j:\n    url: https://jira.example.com\n    auth: { personal_access_token_file: token }\n",
                baseDirectory: directory
            )
            let expected =
                "cfg.yaml:4:41: personal_access_token_file \(directory)/token can be read by other users (mode \(String(mode, radix: 8))); "
                + "run chmod 600 \(directory)/token"
            #expect(config.warnings == (warned ? [expected] : []))
            #expect(!config.warnings.joined().contains("s3cret"))
        }
    }

    @Test func loadedConfigNeverPrintsSecrets() throws {
        try withTemporaryDirectory(["pat": "pat-from-file-\(Self.value)\n"]) { directory in
            let config = try loadConfig(
                """
                connections:
                  cloud:
                    url: https://example.atlassian.net
                    auth: { email: bot@example.com, api_token: "${TOKEN}" }
                  dc:
                    url: https://jira.example.com
                    auth: { personal_access_token_file: pat }
                default_connection: cloud
                rules:
                  - { name: r, project: OPS }
                """,
                environment: ["TOKEN": Self.value],
                baseDirectory: directory
            )
            #expect(config.connections["dc"]?.auth == .personalAccessToken(Secret("pat-from-file-\(Self.value)")))
            for text in Self.renderings(config) + Self.renderings(config.connections) {
                #expect(!text.contains(Self.value))
            }
        }
    }

    @Test func configErrorsDoNotQuoteSecrets() {
        let problems = configProblems(
            """
            connections:
              c:
                url: https://example.atlassian.net
                auth: { username: svc, password: "pa${ss word" }
              d:
                url: https://example.atlassian.net
                auth: { username: svc, password: "pa${ss word}" }
            """
        )
        #expect(
            problems == [
                "cfg.yaml:4:39: unterminated \"${\"; write ${NAME}, or $${ for a literal ${",
                "cfg.yaml:7:39: invalid environment variable name; names are letters, digits and _, not starting with a digit, and $${ writes a literal ${",
            ]
        )
    }
}
