import Foundation
import JiraSpec

/// One request the fake received, as `GET /_fake/requests` shows it (credentials scrubbed).
struct RequestLogEntry: Sendable {
    var id: Int
    var timestamp: Date
    var method: String
    /// The path as received, including an API gateway prefix.
    var path: String
    var query: String
    /// `nil` when the connection was dropped before an answer.
    var status: Int?
    var requestHeaders: [(String, String)]
    var requestBody: SpecJSON?
    var responseBody: SpecJSON?
    /// The fault that hit the request (`status`, `drop`, `drop_after_commit`, `latency`, …).
    var fault: String?
    var durationMilliseconds: Int

    var json: SpecJSON {
        var headers = SpecObject()
        for (name, value) in requestHeaders { headers[name] = .string(value) }
        var object: SpecObject = [
            "id": .number(SpecNumber(id)),
            "timestamp": .string(JiraTime.format(timestamp)),
            "method": .string(method),
            "path": .string(path),
            "query": .string(query),
            "status": status.map { .number(SpecNumber($0)) } ?? .null,
            "requestHeaders": .object(headers),
            "requestBody": requestBody ?? .null,
            "responseBody": responseBody ?? .null,
            "durationMs": .number(SpecNumber(durationMilliseconds)),
        ]
        object["fault"] = fault.map(SpecJSON.string) ?? .null
        return .object(object)
    }
}
