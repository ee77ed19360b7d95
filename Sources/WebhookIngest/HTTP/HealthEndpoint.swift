import AlertModel
import AlertSpool
import Foundation
import HTTPTypes
import Hummingbird
import JSON

/// `GET /healthz`, `GET /readyz` and `GET /metrics`: whether the process lives, whether it can take
/// and deliver alerts right now (and why not), and its Prometheus metrics.
struct HealthEndpoint: Sendable {
    let spool: any SpoolStore
    let connections: any ConnectionReadiness
    let metrics: ServerMetrics

    /// Each probe's path and its answer.
    var probes: [(path: String, answer: @Sendable () async -> Response)] {
        [("/healthz", { alive() }), ("/readyz", { await ready() }), ("/metrics", { await prometheus() })]
    }

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
        var connections = JSONObject()
        for report in await self.connections.connectionReports() {
            var entry: JSONObject = ["ok": .bool(report.ok), "message": .string(report.message)]
            if let checkedAt = report.checkedAt { entry["checked_at"] = .string(checkedAt) }
            connections[report.name] = .object(entry)
            if !report.ok { problems.append(.string("connection \(report.name): \(report.message)")) }
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
        for report in await connections.connectionReports() where report.checkedAt != nil {
            metrics.connectionUp(report.name, up: report.ok)
        }
        return JSONResponse.text(.ok, metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
    }
}
