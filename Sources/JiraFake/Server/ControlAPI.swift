import Foundation
import JiraSpec

/// The unauthenticated `/_fake/…` endpoints tests and scripts use to inspect and steer the fake.
///
/// - `GET /_fake/requests[?after=ID]`, `DELETE /_fake/requests`: the request log.
/// - `GET /_fake/faults`, `POST /_fake/faults` (one rule or a list), `DELETE /_fake/faults[/ID]`.
/// - `GET /_fake/issues`: every issue with fields, status, comments, links and transition history.
/// - `POST /_fake/reset`: back to the configuration's initial state.
/// - `GET /_fake/clock`, `POST /_fake/clock` (`{"now": RFC 3339}` and/or `{"advance_seconds": N}`), `DELETE /_fake/clock`:
///   the time the fake stamps on issues, comments and changelogs, so a test can build a history it knows.
/// - `ANY /_fake/as/{user}/rest/…`: the REST API as that user (account id, name or email), without credentials, so a
///   test can act as a person does: transition, assign, comment.
struct ControlAPI {
    let store: FakeStore

    func handle(_ request: FakeRequest) async -> FakeResponse {
        let path = Array(request.segments.dropFirst())
        switch (request.method, path) {
        case ("GET", ["requests"]):
            let after = request.queryValue("after").flatMap(Int.init) ?? 0
            return .json(200, await store.requestLog(after: after))
        case ("DELETE", ["requests"]):
            await store.clearRequestLog()
            return .empty(204)
        case ("GET", ["faults"]):
            return .json(200, ["faults": await store.faultsJSON()])
        case ("POST", ["faults"]):
            return await addFaults(request)
        case ("DELETE", ["faults"]):
            _ = await store.removeFaults(id: nil)
            return .empty(204)
        case ("DELETE", let parts) where parts.count == 2 && parts[0] == "faults":
            guard let id = Int(parts[1]), await store.removeFaults(id: id) else { return Self.error(404, "no fault rule \(parts[1])") }
            return .empty(204)
        case ("GET", ["issues"]):
            return .json(200, ["issues": await store.issuesJSON()])
        case ("GET", ["clock"]):
            return Self.clockJSON(await store.setClock(to: nil, advancing: 0), set: false)
        case ("POST", ["clock"]):
            return await setClock(request)
        case ("DELETE", ["clock"]):
            return Self.clockJSON(await store.setClock(to: nil), set: false)
        case (_, let parts) where parts.count >= 3 && parts[0] == "as":
            guard let user = await store.user(named: parts[1]) else { return Self.error(404, "no user \(parts[1]) in the fake's configuration") }
            var acting = request
            acting.segments = Array(parts.dropFirst(2))
            return await store.handle(acting, actingAs: user)
        case ("POST", ["reset"]):
            await store.reset()
            return .empty(204)
        default:
            return Self.error(404, "unknown control endpoint \(request.method) \(request.path)")
        }
    }

    private func setClock(_ request: FakeRequest) async -> FakeResponse {
        guard let body = try? SpecJSON.parse(request.body), let object = body.objectValue else {
            return Self.error(400, "the body must be {\"now\": \"2026-01-02T03:04:05Z\"} and/or {\"advance_seconds\": 60}")
        }
        var time: Date?
        if let text = object["now"]?.stringValue {
            guard let parsed = JiraTime.parseDateTime(text) else { return Self.error(400, "now: \(text) is not an RFC 3339 time") }
            time = parsed
        }
        let advance = object["advance_seconds"]?.numericValue ?? 0
        guard time != nil || advance != 0 else { return Self.error(400, "give now, advance_seconds, or both") }
        return Self.clockJSON(await store.setClock(to: time, advancing: advance), set: true)
    }

    private static func clockJSON(_ now: Date, set: Bool) -> FakeResponse {
        .json(200, ["now": .string(JiraTime.format(now))])
    }

    private func addFaults(_ request: FakeRequest) async -> FakeResponse {
        let body: SpecJSON
        do {
            body = try SpecJSON.parse(request.body)
        } catch {
            return Self.error(400, "the body must be a JSON fault rule: \(error.description)")
        }
        var rules: [FaultRule] = []
        for element in body.arrayValue ?? [body] {
            do {
                rules.append(try FaultRule(json: element))
            } catch {
                return Self.error(400, error.description)
            }
        }
        var ids: [SpecJSON] = []
        for rule in rules { ids.append(.number(SpecNumber(await store.addFault(rule)))) }
        return .json(201, body.arrayValue == nil ? ["id": ids[0]] : ["ids": .array(ids)])
    }

    private static func error(_ status: Int, _ message: String) -> FakeResponse {
        .json(status, ["error": .string(message)])
    }
}
