import AlertConfig
import Foundation
import JiraKit

/// Asks a running `serve` whether it is alive or ready, for container health checks and scripts: an
/// image with only the binary in it needs no shell, curl or wget to be checked.
public struct ServerProbe: Sendable {
    /// Which probe to ask.
    public enum Endpoint: String, Sendable {
        /// `/healthz`: the process lives and answers.
        case live = "/healthz"
        /// `/readyz`: the spool takes writes and Jira answers.
        case ready = "/readyz"
    }

    /// Why the server is not healthy, in words for the person reading the container's health log.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// Nothing answered at the address.
        case unreachable(url: String, reason: String)
        /// The server answered, with a status other than 200.
        case unhealthy(url: String, status: Int, body: String)

        public var description: String {
            switch self {
            case .unreachable(let url, let reason):
                "\(url): no answer (\(reason)); is `alert2jira serve` running and listening there?"
            case .unhealthy(let url, let status, let body):
                "\(url) answered \(status)" + (body.isEmpty ? "" : ": \(body)")
            }
        }
    }

    public let url: String

    /// The probe of a server listening on `address`; one listening on every address is asked on loopback.
    public init(address: ListenAddress, endpoint: Endpoint) {
        let host =
            switch address.host {
            case "0.0.0.0", "": "127.0.0.1"
            case "::": "::1"
            default: address.host
            }
        url = "http://\(ListenAddress(host: host, port: address.port))\(endpoint.rawValue)"
    }

    /// Asks once; the status (200) or why not.
    public func check(timeout: Duration) async -> Result<Int, Failure> {
        let transport = CurlTransport(
            options: CurlTransport.Options(
                connectTimeout: timeout,
                requestTimeout: timeout,
                maximumConnections: 1,
                maximumResponseSize: 1 << 20
            )
        )
        defer { transport.shutdown() }
        do {
            let response = try await transport.send(HTTPRequest(method: "GET", url: url))
            guard response.status == 200 else {
                let body = String(decoding: response.body.prefix(1024), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                return .failure(.unhealthy(url: url, status: response.status, body: body))
            }
            return .success(response.status)
        } catch {
            return .failure(.unreachable(url: url, reason: error.description))
        }
    }
}
