import JiraKit
import WebhookIngest

/// Confirms SNS subscriptions over the same libcurl transport Jira requests use (proxies from the
/// environment, system CA bundle).
public struct CurlSubscriptionConfirmer: SNSSubscriptionConfirmer {
    /// SNS answered the confirmation with something other than 2xx.
    public struct Refused: Error, CustomStringConvertible {
        public var status: Int
        public var description: String { "SNS answered the confirmation with HTTP \(status)" }
    }

    public init() {}

    public func confirm(_ subscription: SNSSubscription) async throws {
        // Confirmations are rare: a transport (and its thread) exists only while one is under way.
        let transport = CurlTransport(
            options: CurlTransport.Options(connectTimeout: .seconds(10), requestTimeout: .seconds(20), maximumConnections: 1)
        )
        defer { transport.shutdown() }
        let response = try await transport.send(HTTPRequest(method: "GET", url: subscription.subscribeURL))
        guard (200..<300).contains(response.status) else { throw Refused(status: response.status) }
    }
}
