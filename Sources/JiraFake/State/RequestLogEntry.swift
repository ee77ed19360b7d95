import AlertModel
import Foundation

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
    var requestBody: JSONValue?
    var responseBody: JSONValue?
    /// The fault that hit the request (`status`, `drop`, `drop_after_commit`, `latency`, …).
    var fault: String?
    var durationMilliseconds: Int

    var json: JSONValue {
        var headers = JSONObject()
        for (name, value) in requestHeaders { headers[name] = .string(value) }
        var object: JSONObject = [
            "id": .number(JSONNumber(id)),
            "timestamp": .string(JiraTime.format(timestamp)),
            "method": .string(method),
            "path": .string(path),
            "query": .string(query),
            "status": status.map { .number(JSONNumber($0)) } ?? .null,
            "requestHeaders": .object(headers),
            "requestBody": requestBody ?? .null,
            "responseBody": responseBody ?? .null,
            "durationMs": .number(JSONNumber(durationMilliseconds)),
        ]
        object["fault"] = fault.map(JSONValue.string) ?? .null
        return .object(object)
    }
}
