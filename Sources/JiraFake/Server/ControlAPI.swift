import JiraSpec

/// The unauthenticated `/_fake/…` endpoints tests and scripts use to inspect and steer the fake.
///
/// - `GET /_fake/requests[?after=ID]`, `DELETE /_fake/requests`: the request log.
/// - `GET /_fake/faults`, `POST /_fake/faults` (one rule or a list), `DELETE /_fake/faults[/ID]`.
/// - `GET /_fake/issues`: every issue with fields, status, comments, links and transition history.
/// - `POST /_fake/reset`: back to the configuration's initial state.
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
        case ("POST", ["reset"]):
            await store.reset()
            return .empty(204)
        default:
            return Self.error(404, "unknown control endpoint \(request.method) \(request.path)")
        }
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
