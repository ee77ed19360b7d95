import Foundation

/// Everything that changes while the fake runs. A value type owned by ``FakeStore``; resetting is replacing it.
struct FakeState: Sendable {
    var issues: [FakeIssue] = []
    var nextIssueId = 10_000
    /// Last issue number per project key.
    var issueCounters: [String: Int] = [:]
    var nextCommentId = 10_000
    var links: [FakeIssueLink] = []
    var nextLinkId = 10_000
    var nextRemoteLinkId = 10_000
    var tokens: [String: FakeIssuedToken] = [:]
    var requestLog: [RequestLogEntry] = []
    var nextRequestId = 1
    var faults: [FaultRuleState] = []
    var nextFaultId = 1
    var nextChangeGroupId = 10_000
    /// The time the fake reports and stamps, when a test has set it (`POST /_fake/clock`); else the real clock.
    var clockOverride: Date?

    init(faults: [FaultRule] = []) {
        for rule in faults {
            self.faults.append(FaultRuleState(id: nextFaultId, rule: rule))
            nextFaultId += 1
        }
    }

    func issueIndex(_ keyOrId: String) -> Int? {
        let upper = keyOrId.uppercased()
        return issues.firstIndex { $0.key == upper || $0.id == keyOrId }
    }
}
