import AlertModel
import AlertRules
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /healthz`, `GET /readyz` and `GET /metrics`: whether the process lives, whether it can take
/// and deliver alerts right now (and why not), and its Prometheus metrics.
struct HealthEndpoint: Sendable {
    let spool: Spool
    let health: ConnectionHealth
    let metrics: ServerMetrics
    let runtimes: RuntimeStore

    func alive() -> Response {
        JSONResponse.make(.ok, ["status": "alive"])
    }

    /// Ready when the spool takes a committed write and no connection's last check failed.
    func ready() async -> Response {
        var problems: [JSONValue] = []
        var spoolState: JSONValue = "writable"
        do {
            try await spool.checkWritable()
        } catch {
            spoolState = .string(error.description)
            problems.append(.string("spool: \(error.description)"))
        }
        let statuses = await health.snapshot()
        var connections = JSONObject()
        for name in runtimes.current.config.connections.keys.sorted() {
            guard let status = statuses[name] else {
                connections[name] = ["ok": true, "message": "not checked yet"]
                continue
            }
            connections[name] = [
                "ok": .bool(!status.failing), "message": .string(status.message), "checked_at": .string(LogLineHandler.timestamp(status.checkedAt)),
            ]
            if status.failing { problems.append(.string("connection \(name): \(status.message)")) }
        }
        let body: JSONValue = [
            "ready": .bool(problems.isEmpty), "spool": spoolState, "connections": .object(connections), "problems": .array(problems),
        ]
        return JSONResponse.make(problems.isEmpty ? .ok : .serviceUnavailable, body)
    }

    func prometheus() async -> Response {
        if let statistics = try? await spool.statistics() {
            metrics.spool(statistics)
        }
        for (name, status) in await health.snapshot() {
            metrics.connectionUp(name, up: !status.failing)
        }
        return JSONResponse.text(.ok, metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
    }
}
