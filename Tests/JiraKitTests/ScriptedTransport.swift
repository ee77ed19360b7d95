import Foundation
import JSON
import JiraKit

/// An ``HTTPTransport`` that answers from a closure and records every request, for client tests
/// that need exact control over statuses, headers and failures.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [HTTPRequest] = []
    private let handler: @Sendable (HTTPRequest, Int) -> Result<HTTPResponse, TransportError>

    /// `handler` gets each request and its 0-based position among all requests.
    init(_ handler: @escaping @Sendable (HTTPRequest, Int) -> Result<HTTPResponse, TransportError>) {
        self.handler = handler
    }

    var requests: [HTTPRequest] { lock.withLock { recorded } }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let position = lock.withLock {
            recorded.append(request)
            return recorded.count - 1
        }
        return try handler(request, position).get()
    }

    static func json(_ status: Int, _ body: JSONValue, headers: [(name: String, value: String)] = []) -> Result<HTTPResponse, TransportError> {
        .success(HTTPResponse(status: status, headers: headers, body: body.jsonBytes))
    }
}

extension HTTPRequest {
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var path: String {
        URL(string: url).map { $0.path + ($0.query.map { "?" + $0 } ?? "") } ?? url
    }
}
