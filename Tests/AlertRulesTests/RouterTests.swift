import AlertModel
import Testing

@testable import AlertRules

@Suite struct RouterTests {
    static let config: Config = {
        let yaml = """
            rules:
              - name: payments-critical
                match: { labels.team: payments, severity: critical }
                project: PAY
                continue: true
              - name: never
                match: { labels.team: nobody }
                project: NONE
                continue: true
              - name: all-critical
                match: { severity: critical }
                project: OPS
              - name: payments
                match: { labels.team: payments }
                project: PAY
              - name: catch-all
                project: MISC
            """
        return try! loadConfig(yaml)
    }()

    func route(_ alert: Alert) -> [String] {
        Router(rules: Self.config.rules).route(alert).map { Self.config.rules[$0].name }
    }

    @Test func firstMatchWins() {
        #expect(route(paymentsAlert(severity: .warning)) == ["payments"])
        #expect(route(paymentsAlert(severity: .critical, labels: ["team": "ops"])) == ["all-critical"])
        #expect(route(paymentsAlert(severity: .info, labels: [:])) == ["catch-all"])
    }

    @Test func continueLetsLaterRulesMatch() {
        // `payments-critical` continues; `all-critical` does not, so `payments` and `catch-all` are not reached.
        #expect(route(paymentsAlert(severity: .critical)) == ["payments-critical", "all-critical"])
    }

    @Test func nothingMatched() throws {
        let config = try loadConfig("rules:\n  - { name: only, project: X, match: { source: grafana } }\n")
        #expect(Router(rules: config.rules).route(paymentsAlert()) == [])
        #expect(Router(rules: []).route(paymentsAlert()) == [])
    }

    @Test func everyRuleContinuing() throws {
        let config = try loadConfig(
            """
            rules:
              - { name: a, project: A, continue: true }
              - { name: b, project: B, continue: true, match: { severity: info } }
              - { name: c, project: C, continue: true }
            """
        )
        let router = Router(rules: config.rules)
        #expect(router.route(paymentsAlert(severity: .info)) == [0, 1, 2])
        #expect(router.route(paymentsAlert(severity: .high)) == [0, 2])
    }
}
