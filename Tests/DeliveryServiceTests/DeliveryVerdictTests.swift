import Alert2Jira
import AlertModel
import Foundation
import JSON
import Testing

@testable import DeliveryService

/// Which outcomes finish a spooled alert, which make it a dead letter, and which leave it pending.
@Suite("Delivery verdicts and backoff")
struct DeliveryVerdictTests {
    static func outcome(
        _ action: Outcome.Action,
        rule: String = "r",
        status: Alert2Jira.ExitStatus? = nil,
        retryAfter: Duration? = nil,
        problems: [String] = [],
        key: String? = nil
    ) -> Outcome {
        var outcome = Outcome(
            item: .alert(Alert(source: "generic", title: "t")),
            rule: rule,
            connection: "jira",
            project: "OPS",
            issueType: "Task",
            action: action,
            problems: problems,
            issueKey: key
        )
        outcome.failureStatus = status
        outcome.retryAfter = retryAfter
        return outcome
    }

    @Test func finishedActionsAreDone() {
        for action in [Outcome.Action.create, .comment, .transition, .skip, .unmatched] {
            let verdict = DeliveryVerdict.classify([Self.outcome(action, key: "OPS-1")], previouslyDelivered: [])
            #expect(verdict.kind == .done, "\(action)")
            #expect(verdict.deliveredRules == ["r"])
        }
    }

    @Test func refusalsAndPermanentFailuresAreDead() {
        let refused = DeliveryVerdict.classify([Self.outcome(.refused, problems: ["required field \"Environment\""])], previouslyDelivered: [])
        #expect(refused.kind == .dead(reason: "rule r: required field \"Environment\""))
        // A refused rule is not delivered: retrying the dead letter tries it again.
        #expect(refused.deliveredRules.isEmpty)
        let rejected = DeliveryVerdict.classify(
            [Self.outcome(.failed, status: .someFailed, problems: ["Jira rejected the request (400)"])],
            previouslyDelivered: []
        )
        #expect(rejected.kind == .dead(reason: "rule r: Jira rejected the request (400)"))
        let credentials = DeliveryVerdict.classify(
            [Self.outcome(.failed, status: .configError, problems: ["rejected the credentials"])],
            previouslyDelivered: []
        )
        #expect(credentials.kind == .dead(reason: "rule r: rejected the credentials"))
        #expect(credentials.failingConnections == ["jira": "rejected the credentials"])
    }

    @Test func refusedCredentialsAreRetriedWhileTheyMayRecover() {
        let refused = [Self.outcome(.failed, status: .configError, problems: ["rejected the credentials"])]
        let withinGrace = DeliveryVerdict.classify(refused, previouslyDelivered: []) { $0 == "jira" }
        #expect(withinGrace.kind == .retry(error: "rule r: rejected the credentials"))
        #expect(withinGrace.failingConnections == ["jira": "rejected the credentials"])
        // Only credentials get the grace: a rejected request stays dead, whatever the connection.
        let rejected = DeliveryVerdict.classify(
            [Self.outcome(.failed, status: .someFailed, problems: ["Jira rejected the request (400)"])],
            previouslyDelivered: []
        ) { _ in true }
        #expect(rejected.kind == .dead(reason: "rule r: Jira rejected the request (400)"))
    }

    @Test func jiraDownOrRateLimitingIsRetriedWithItsRetryAfter() {
        let verdict = DeliveryVerdict.classify(
            [
                Self.outcome(.failed, rule: "a", status: .temporaryFailure, retryAfter: .seconds(7), problems: ["429"]),
                Self.outcome(.failed, rule: "b", status: .unavailable, problems: ["connection refused"]),
            ],
            previouslyDelivered: []
        )
        #expect(verdict.kind == .retry(error: "rule a: 429\nrule b: connection refused"))
        #expect(verdict.retryAfter == .seconds(7))
        #expect(Set(verdict.failingConnections.keys) == ["jira"])
    }

    @Test func aPartialSuccessRemembersTheDeliveredRule() {
        let verdict = DeliveryVerdict.classify(
            [Self.outcome(.create, rule: "a", key: "OPS-1"), Self.outcome(.failed, rule: "b", status: .temporaryFailure, problems: ["503"])],
            previouslyDelivered: ["z"]
        )
        #expect(verdict.kind == .retry(error: "rule b: 503"))
        #expect(verdict.deliveredRules == ["z", "a"])
        #expect(verdict.workingConnections == ["jira"])
        #expect(verdict.result.arrayValue?.count == 2)
        #expect(verdict.result.arrayValue?.first?["key"] == "OPS-1")
    }

    @Test func backoffDoublesWithJitterUpToItsMaximumAndHonoursRetryAfter() {
        let backoff = Backoff(initial: .seconds(1), maximum: .seconds(8))
        for attempt in 1...6 {
            let ceiling = min(1 << (attempt - 1), 8) * 1000
            for _ in 0..<20 {
                let delay = Backoff.milliseconds(backoff.delay(afterAttempt: attempt, retryAfter: nil))
                #expect((Int64(ceiling / 2)...Int64(ceiling)).contains(delay), "attempt \(attempt): \(delay)")
            }
        }
        #expect(backoff.delay(afterAttempt: 1, retryAfter: .seconds(30)) == .seconds(30))
        #expect(backoff.delay(afterAttempt: 1, retryAfter: .seconds(86400)) == .seconds(3600))
    }

    @Test func connectionHealthPausesAndResumes() async {
        let health = ConnectionHealth()
        let now = Date()
        #expect(await health.allPaused(["jira"], now: now) == nil)
        await health.failed("jira", message: "503", pauseUntil: now.addingTimeInterval(5), at: now)
        #expect(await health.pausedUntil("jira", now: now) == now.addingTimeInterval(5))
        #expect(await health.allPaused(["jira"], now: now) == now.addingTimeInterval(5))
        #expect(await health.allPaused(["jira", "other"], now: now) == nil)
        #expect(await health.pausedUntil("jira", now: now.addingTimeInterval(6)) == nil)
        #expect(await health.consecutiveFailures("jira") == 1)
        await health.succeeded("jira", at: now)
        #expect(await health.pausedUntil("jira", now: now) == nil)
        #expect(await health.consecutiveFailures("jira") == 0)
    }
}
