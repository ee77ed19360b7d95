import AlertConfig
import AlertModel
import Contracts
import Foundation
import Testing

@testable import AlertRules

/// `server:` and `sources:`: what `alert2jira serve` reads, with the same positioned diagnostics as
/// the rest of the config.
@Suite struct ServerConfigTests {
    @Test func defaultsWithoutAServerSection() throws {
        let config = try loadConfig("rules: []")
        #expect(config.server == ServerConfig())
        #expect(config.server.listen == ListenAddress(host: "127.0.0.1", port: 9097))
        #expect(config.server.bodyLimit == 1 << 20)
        #expect(config.server.dataDirectory == "alert2jira-data")
        #expect(config.sources.isEmpty)
    }

    @Test func everyServerKey() throws {
        let config = try loadConfig(
            """
            server:
              listen: "[::1]:8443"
              data_dir: spool
              body_limit: 512KiB
              spool_limit: 2GiB
              max_connections: 200
              header_timeout: 5s
              body_timeout: 1m
              idle_timeout: 2m
              worker_concurrency: 8
              retry_initial: 2s
              retry_max: 15m
              give_up_after: 3d
              retention: 14d
              allow_generic: false
              sns_topics: ["arn:aws:sns:eu-west-1:123456789012:alerts", "arn:aws:sns:*:123456789012:cost-*"]
              confirm_sns_subscriptions: false
              log_format: json
              log_level: debug
              health_check_interval: 30s
              shutdown_timeout: 45s
            """,
            baseDirectory: "/etc/alert2jira"
        )
        let server = config.server
        #expect(server.listen == ListenAddress(host: "::1", port: 8443))
        #expect(server.dataDirectory == "/etc/alert2jira/spool")
        #expect(server.bodyLimit == 512 << 10)
        #expect(server.spoolLimit == 2 << 30)
        #expect(server.maxConnections == 200)
        #expect(server.headerTimeout == .seconds(5))
        #expect(server.bodyTimeout == .seconds(60))
        #expect(server.idleTimeout == .seconds(120))
        #expect(server.workerConcurrency == 8)
        #expect(server.retryInitial == .seconds(2))
        #expect(server.retryMaximum == .seconds(900))
        #expect(server.giveUpAfter == .seconds(3 * 86400))
        #expect(server.retention == .seconds(14 * 86400))
        #expect(server.allowGeneric == false)
        #expect(server.snsTopics.count == 2)
        #expect(server.confirmSNSSubscriptions == false)
        #expect(server.logFormat == .json)
        #expect(server.logLevel == .debug)
        #expect(server.healthCheckInterval == .seconds(30))
        #expect(server.shutdownTimeout == .seconds(45))
    }

    @Test func serverMistakesAreReportedWithTheirPositions() {
        let problems = configProblems(
            """
            server:
              listen: 9097
              body_limit: huge
              worker_concurrency: 0
              log_format: xml
              retry_initial: 1h
              retry_max: 1m
              sns_topics: [my-topic]
              listne: 1
              spool_limit: 10KiB
              max_connections: 0
            """
        )
        #expect(
            problems == [
                "cfg.yaml:2:11: server.listen: listen address \"9097\" is not valid: it has no port; write HOST:PORT, e.g. 127.0.0.1:9097",
                "cfg.yaml:3:15: server.body_limit must be a size between 1KiB and 64MiB like 1MiB or 512KiB, found \"huge\"",
                "cfg.yaml:4:23: server.worker_concurrency must be a whole number in 1...64, found \"0\"",
                "cfg.yaml:5:15: server.log_format must be one of text, json, found \"xml\"",
                "cfg.yaml:7:14: server.retry_initial is longer than server.retry_max; the first wait cannot exceed the longest",
                "cfg.yaml:8:16: server.sns_topics entries are topic ARNs like arn:aws:sns:eu-west-1:123456789012:alerts, found \"my-topic\"",
                "cfg.yaml:9:3: unknown key \"listne\" in server; did you mean \"listen\"?",
                "cfg.yaml:10:16: server.spool_limit must be a size between 64KiB and 1TiB like 1GiB or 500MiB, found \"10KiB\"",
                "cfg.yaml:11:20: server.max_connections must be a whole number in 1...1000000, found \"0\"",
            ]
        )
    }

    @Test func sourcesKeepTheirOrderAndEveryKindOfCredential() throws {
        try withTemporaryDirectory(["secrets/tokens": "rotated-token\nold-token\n", "secrets/pd": "pd-secret\n", "secrets/pw": "am-password\n"]) {
            directory in
            let config = try loadConfig(
                """
                sources:
                  alertmanager:
                    bearer_token: ["${AM_TOKEN}", second-token]
                    basic_auth: { username: am, password_file: secrets/pw }
                    format: alertmanager
                    allow_generic: false
                  rotated:
                    bearer_token_file: secrets/tokens
                  pagerduty:
                    pagerduty_signature: { secret_file: secrets/pd }
                  github:
                    hmac: { header: X-Hub-Signature-256, prefix: "sha256=", secret: [new-secret, old-secret] }
                  sns:
                    basic_auth:
                      - { username: sns, password: sns-password }
                    allow_ips: [10.0.0.0/8, "::1"]
                    sns_topics: ["arn:aws:sns:eu-west-1:123456789012:alerts"]
                  local: {}
                """,
                environment: ["AM_TOKEN": "am-token"],
                baseDirectory: directory
            )
            #expect(config.sources.map(\.name) == ["alertmanager", "rotated", "pagerduty", "github", "sns", "local"])
            let alertmanager = config.sources[0]
            #expect(alertmanager.bearerTokens == [Secret("am-token"), Secret("second-token")])
            #expect(alertmanager.basicAuth == [SourceConfig.BasicCredential(username: "am", password: Secret("am-password"))])
            #expect(alertmanager.format == "alertmanager")
            #expect(alertmanager.allowGeneric == false)
            #expect(config.sources[1].bearerTokens == [Secret("rotated-token"), Secret("old-token")])
            #expect(config.sources[2].pagerDutySecrets == [Secret("pd-secret")])
            #expect(config.sources[3].hmac == SourceConfig.HMACSignature(secrets: [Secret("new-secret"), Secret("old-secret")]))
            let sns = config.sources[4]
            #expect(sns.allowIPs.map(\.description) == ["10.0.0.0/8", "0:0:0:0:0:0:0:1"])
            #expect(sns.snsTopics == ["arn:aws:sns:eu-west-1:123456789012:alerts"])
            #expect(sns.hasCredentials)
            #expect(config.sources[5].hasCredentials == false)
            #expect(
                Set(config.secretValues) == [
                    "am-token", "second-token", "am-password", "rotated-token", "old-token", "pd-secret", "new-secret", "old-secret", "sns-password",
                ]
            )
        }
    }

    @Test func sourceMistakesAreReportedWithTheirPositions() {
        let problems = configProblems(
            """
            sources:
              "bad name":
                bearer_token: x
              empty-token:
                bearer_token: "${EMPTY:-}"
              broken:
                basic_auth: { username: am }
                hmac: { header: "X Sig" }
                allow_ips: [10.0.0.300/8]
                format: alertmanagr
                bearer_token: a
                bearer_token_file: /nonexistent
                token: b
            """
        )
        #expect(
            problems == [
                "cfg.yaml:2:3: source \"bad name\": a source name is used in the path /alerts/src/NAME, so it may hold only letters, digits, - _ and .",
                "cfg.yaml:5:20: bearer_token of source \"empty-token\" is empty; an empty secret would let anyone in",
                "cfg.yaml:7:17: basic_auth of source \"broken\" needs password or password_file",
                "cfg.yaml:8:11: hmac of source \"broken\" needs secret or secret_file (the key the sender signs bodies with)",
                "cfg.yaml:8:22: header of hmac of source \"broken\" must be an HTTP header name like X-Hub-Signature-256, found \"X Sig\"",
                "cfg.yaml:9:17: allow_ips of source \"broken\": \"10.0.0.300/8\" is not an IP address or network; write 10.0.0.0/8, 192.0.2.7, ::1 or fd00::/8",
                "cfg.yaml:10:13: format of source \"broken\": unknown format \"alertmanagr\"; did you mean \"alertmanager\"?",
                "cfg.yaml:12:24: give either bearer_token or bearer_token_file in source \"broken\", not both",
                "cfg.yaml:13:5: unknown key \"token\" in source \"broken\"; known keys: bearer_token, bearer_token_file, basic_auth, hmac, pagerduty_signature, allow_ips, format, allow_generic, sns_topics",
            ]
        )
    }

    /// The README's rotation form: the old token's variable is unset outside a rotation, and its empty slot is skipped.
    @Test func anUnsetRotationSlotIsSkippedButAListOfOnlyEmptySlotsIsRefused() throws {
        let yaml = "sources:\n  am:\n    bearer_token: [\"${AM_TOKEN:-}\", \"${AM_TOKEN_OLD:-}\"]\n"
        let config = try loadConfig(yaml, environment: ["AM_TOKEN": "am-token"])
        #expect(config.sources.first?.bearerTokens == [Secret("am-token")])
        #expect(
            configProblems(yaml) == [
                "cfg.yaml:3:19: every bearer_token of source \"am\" is empty; an empty secret would let anyone in (are their variables set?)"
            ]
        )
    }

    @Test func secretsOfSourcesNeverAppearInMessages() {
        let problems = configProblems(
            """
            sources:
              a:
                bearer_token: "super-secret-${NOT_SET}"
            """
        )
        #expect(problems.count == 1)
        #expect(problems.allSatisfy { !$0.contains("super-secret") })
    }

    @Test func listenAddresses() throws {
        #expect(try ListenAddress.parse("0.0.0.0:9097").get() == ListenAddress(host: "0.0.0.0", port: 9097))
        #expect(try ListenAddress.parse("[::]:80").get() == ListenAddress(host: "::", port: 80))
        #expect(try ListenAddress.parse("localhost:0").get().isLoopback)
        #expect(try ListenAddress.parse("127.0.0.2:1").get().isLoopback)
        #expect(try ListenAddress.parse("[::1]:1").get().isLoopback)
        #expect(try ListenAddress.parse("0.0.0.0:1").get().isLoopback == false)
        #expect(try ListenAddress.parse("192.0.2.1:1").get().isLoopback == false)
        #expect(throws: ListenAddressError.self) { try ListenAddress.parse("::1:80").get() }
        #expect(throws: ListenAddressError.self) { try ListenAddress.parse(":80").get() }
        #expect(throws: ListenAddressError.self) { try ListenAddress.parse("host:65536").get() }
        #expect(ListenAddress(host: "::1", port: 9).description == "[::1]:9")
    }

    @Test func ipNetworksMatchPeersOfEitherFamily() throws {
        let private10 = try #require(IPNetwork("10.0.0.0/8"))
        #expect(private10.contains("10.200.3.4"))
        #expect(private10.contains("::ffff:10.1.2.3"))
        #expect(!private10.contains("11.0.0.1"))
        #expect(!private10.contains("fd00::1"))
        let host = try #require(IPNetwork("192.0.2.7"))
        #expect(host.contains("192.0.2.7"))
        #expect(!host.contains("192.0.2.8"))
        let ula = try #require(IPNetwork("fd00::/8"))
        #expect(ula.contains("fd12:3456::1"))
        #expect(!ula.contains("fe80::1"))
        let odd = try #require(IPNetwork("172.16.0.0/12"))
        #expect(odd.contains("172.31.255.255"))
        #expect(!odd.contains("172.32.0.0"))
        #expect(IPNetwork("10.0.0.0/33") == nil)
        #expect(IPNetwork("example.com") == nil)
        #expect(!private10.contains("not an address"))
    }

    @Test func byteSizes() {
        #expect(ByteSizeParser.parse("1MiB") == 1 << 20)
        #expect(ByteSizeParser.parse("512KiB") == 512 << 10)
        #expect(ByteSizeParser.parse("2048") == 2048)
        #expect(ByteSizeParser.parse("1 MB") == 1 << 20)
        #expect(ByteSizeParser.parse("0") == nil)
        #expect(ByteSizeParser.parse("MiB") == nil)
    }
}
