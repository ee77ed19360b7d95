import Foundation
import JiraSpec

/// Owns the fake's mutable state and serializes every change to it.
///
/// API requests run synchronously inside the actor (see ``APIHandler``), so concurrent clients observe Jira-like
/// atomicity: distinct issue keys, searches that see whole issues.
actor FakeStore {
    let configuration: FakeConfiguration
    private let clock: @Sendable () -> Date
    private var state: FakeState

    init(configuration: FakeConfiguration, clock: @escaping @Sendable () -> Date) {
        self.configuration = configuration
        self.clock = clock
        self.state = FakeState(faults: configuration.faults)
    }

    /// Answers an API request, changing state as the operation demands.
    /// `actingAs` skips authentication and answers as that user, for tests that play a person (`/_fake/as/…`).
    func handle(_ request: FakeRequest, actingAs: FakeUser? = nil) -> FakeResponse {
        var handler = APIHandler(configuration: configuration, request: request, now: state.clockOverride ?? clock(), state: FakeState())
        handler.actingAs = actingAs
        // Swapping instead of copying keeps the arrays uniquely referenced, so mutations don't copy them.
        swap(&handler.state, &state)
        let response = handler.handle()
        swap(&handler.state, &state)
        return response
    }

    /// Applies the fault rules to a request, advancing their counters.
    func faultDecision(method: String, path: String) -> FaultDecision {
        var decision = FaultDecision()
        for index in state.faults.indices {
            let rule = state.faults[index].rule
            guard !state.faults[index].isExhausted, rule.matches(method: method, path: path) else { continue }
            state.faults[index].matched += 1
            if let every = rule.everyNth, state.faults[index].matched % every != 0 { continue }
            if rule.kind != .latency, decision.action != nil { continue }
            state.faults[index].fired += 1
            decision.latencyMilliseconds += rule.latencyMilliseconds
            decision.fired.append(rule.kind.rawValue)
            if rule.kind != .latency { decision.action = rule }
        }
        return decision
    }

    /// Appends to the request log.
    func record(_ request: FakeRequest, response: FakeResponse?, fault: String?, durationMilliseconds: Int) {
        state.requestLog.append(
            RequestLogEntry(
                id: state.nextRequestId,
                timestamp: clock(),
                method: request.method,
                path: request.rawPath,
                query: request.rawQuery,
                status: response?.status,
                requestHeaders: RequestScrubber.headers(request.headers),
                requestBody: RequestScrubber.body(request),
                responseBody: response?.body.logValue.map(RequestScrubber.json),
                fault: fault,
                durationMilliseconds: durationMilliseconds
            )
        )
        state.nextRequestId += 1
        // Trimmed in batches of a tenth, so a full log costs an array shift every N/10 requests, not every one.
        let limit = configuration.requestLogLimit
        if state.requestLog.count > limit + max(1, limit / 10) {
            state.requestLog.removeFirst(state.requestLog.count - limit)
        }
    }

    /// Back to the configuration's initial state: no issues, tokens or log, the configured faults.
    func reset() {
        state = FakeState(faults: configuration.faults)
    }

    // MARK: - Control API

    func requestLog(after id: Int) -> SpecJSON {
        ["requests": .array(state.requestLog.filter { $0.id > id }.map(\.json))]
    }

    /// Sets the fake's clock (`nil`: back to real time), or moves a set clock forward; the time now.
    func setClock(to time: Date?, advancing seconds: TimeInterval = 0) -> Date {
        if let time { state.clockOverride = time }
        if seconds != 0 { state.clockOverride = (state.clockOverride ?? clock()).addingTimeInterval(seconds) }
        if time == nil, seconds == 0 { state.clockOverride = nil }
        return state.clockOverride ?? clock()
    }

    /// The user a test plays, by account id, name or email.
    func user(named name: String) -> FakeUser? {
        configuration.users.first { $0.accountId == name || $0.name == name || $0.email == name }
    }

    func clearRequestLog() {
        state.requestLog.removeAll()
    }

    func faultsJSON() -> SpecJSON {
        .array(
            state.faults.map { entry in
                guard case .object(var object) = entry.rule.json else { return .null }
                object = SpecObject([("id", .number(SpecNumber(entry.id)))] + Array(object))
                object["matched"] = .number(SpecNumber(entry.matched))
                object["fired"] = .number(SpecNumber(entry.fired))
                return .object(object)
            }
        )
    }

    func addFault(_ rule: FaultRule) -> Int {
        let id = state.nextFaultId
        state.nextFaultId += 1
        state.faults.append(FaultRuleState(id: id, rule: rule))
        return id
    }

    func removeFaults(id: Int?) -> Bool {
        guard let id else {
            state.faults.removeAll()
            return true
        }
        guard let index = state.faults.firstIndex(where: { $0.id == id }) else { return false }
        state.faults.remove(at: index)
        return true
    }

    /// Every issue with everything a test may want to check, in creation order.
    func issuesJSON() -> SpecJSON {
        .array(state.issues.map(issueJSON))
    }

    private func issueJSON(_ issue: FakeIssue) -> SpecJSON {
        let workflow = configuration.project(issue.projectKey)?.workflow
        let status = workflow?.status(issue.statusId)
        let links: [SpecJSON] = state.links.compactMap { link in
            guard link.inwardIssueKey == issue.key || link.outwardIssueKey == issue.key else { return nil }
            let type = configuration.linkTypes.first { $0.id == link.typeId }
            let outward = link.inwardIssueKey == issue.key
            return [
                "id": .string(link.id),
                "type": .string(type?.name ?? link.typeId),
                "direction": .string(outward ? (type?.outward ?? "outward") : (type?.inward ?? "inward")),
                "issue": .string(outward ? link.outwardIssueKey : link.inwardIssueKey),
            ]
        }
        return [
            "id": .string(issue.id),
            "key": .string(issue.key),
            "project": .string(issue.projectKey),
            "issueType": .string(configuration.project(issue.projectKey)?.issueType(id: issue.issueTypeId)?.name ?? issue.issueTypeId),
            "status": [
                "id": .string(issue.statusId),
                "name": .string(status?.name ?? ""),
                "category": .string(status?.category.rawValue ?? ""),
            ],
            "resolution": issue.resolution.map { .string($0.label) } ?? .null,
            "created": .string(JiraTime.format(issue.created)),
            "updated": .string(JiraTime.format(issue.updated)),
            "resolutiondate": issue.resolutionDate.map { .string(JiraTime.format($0)) } ?? .null,
            "creator": .string(issue.creatorAccountId),
            "fields": .object(issue.fields),
            "comments": .array(
                issue.comments.map { comment in
                    [
                        "id": .string(comment.id), "author": .string(comment.authorAccountId), "body": comment.body,
                        "created": .string(JiraTime.format(comment.created)),
                    ]
                }
            ),
            "links": .array(links),
            "remoteLinks": .array(
                issue.remoteLinks.map { link in
                    [
                        "id": .number(SpecNumber(link.id)), "globalId": link.globalId.map(SpecJSON.string) ?? .null, "object": .object(link.object),
                        "relationship": link.relationship.map(SpecJSON.string) ?? .null,
                    ]
                }
            ),
            "transitions": .array(
                issue.history.map { record in
                    [
                        "id": .string(record.transitionId), "name": .string(record.transitionName),
                        "from": .string(workflow?.status(record.fromStatusId)?.name ?? record.fromStatusId),
                        "to": .string(workflow?.status(record.toStatusId)?.name ?? record.toStatusId),
                        "at": .string(JiraTime.format(record.at)), "by": .string(record.byAccountId),
                    ]
                }
            ),
        ]
    }
}
