import Foundation

/// Sends one HTTP request and returns the response: the seam between Jira logic and the network, so
/// the client can be tested against a fake and run over libcurl for real.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}

/// An HTTP request, fully formed.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    /// In order; names as they should go on the wire.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// Whether sending it twice is harmless. A non-idempotent request (a create) goes on a fresh
    /// connection: libcurl silently resends a request whose reused connection dies before any
    /// answer, which for a create means two issues.
    public var idempotent: Bool

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil, idempotent: Bool = true) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.idempotent = idempotent
    }

    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body && lhs.idempotent == rhs.idempotent
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}

/// An HTTP response as received.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Names lowercased, in order.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers.map { (name: $0.name.lowercased(), value: $0.value) }
        self.body = body
    }

    /// The first header with this (case-insensitive) name.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name == lowered }?.value
    }

    /// `Retry-After` in seconds (Jira sends seconds; an HTTP date is not used by Jira and is ignored).
    public var retryAfter: Duration? {
        guard let text = header("retry-after")?.trimmingCharacters(in: .whitespaces), let seconds = Double(text), seconds >= 0 else {
            return nil
        }
        return .milliseconds(Int64(seconds * 1000))
    }
}

/// Why a request got no HTTP response.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// DNS, refused connection, unreachable network or proxy: nothing was sent.
    case connectionFailed(String)
    /// No complete response within the timeout; the request may or may not have been processed.
    case timedOut(String)
    /// TLS handshake or certificate verification failed.
    case tls(String)
    /// The connection broke after the request was sent: the server may have acted on it.
    case connectionLost(String)
    /// The response was larger than the transport accepts.
    case responseTooLarge(limit: Int)
    /// The HTTP library could not be loaded: no request can go out until it is installed.
    case libraryMissing(String)
    case other(String)

    /// Whether the server may have processed the request (matters for non-idempotent creates).
    public var mayHaveReachedServer: Bool {
        switch self {
        case .timedOut, .connectionLost: true
        case .connectionFailed, .tls, .responseTooLarge, .libraryMissing, .other: false
        }
    }

    public var description: String {
        switch self {
        case .connectionFailed(let message): "cannot connect: \(message)"
        case .timedOut(let message): "timed out: \(message)"
        case .tls(let message): "TLS failed: \(message)"
        case .connectionLost(let message): "connection lost before the response: \(message)"
        case .responseTooLarge(let limit): "response larger than \(limit) bytes"
        case .libraryMissing(let message): message
        case .other(let message): message
        }
    }
}
