import AlertModel
import HTTPTypes
import Hummingbird
import JSON

/// JSON answers, written with the project's own JSON writer (no Codable round trip on the hot path).
enum JSONResponse {
    static func answer(_ status: HTTPResponse.Status, _ value: JSONValue, headers: HTTPFields = [:]) -> HTTPAnswer {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        JSONWriter.write(value, into: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        var fields = headers
        fields[.contentType] = "application/json"
        return HTTPAnswer(status: status, headers: fields, body: bytes)
    }

    /// `{"error": message}`.
    static func errorAnswer(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) -> HTTPAnswer {
        answer(status, ["error": .string(message)], headers: headers)
    }

    static func make(_ status: HTTPResponse.Status, _ value: JSONValue, headers: HTTPFields = [:]) -> Response {
        answer(status, value, headers: headers).response
    }

    static func text(_ status: HTTPResponse.Status, _ bytes: [UInt8], contentType: String) -> Response {
        HTTPAnswer(status: status, headers: [.contentType: contentType], body: bytes).response
    }

    /// 405 naming the methods the path takes; an OPTIONS request gets 204 with the same `Allow`.
    static func notAllowed(allow: String, options: Bool) -> Response {
        if options { return Response(status: .noContent, headers: [.allow: allow]) }
        return make(.methodNotAllowed, ["error": .string("this path takes \(allow)")], headers: [.allow: allow])
    }
}
