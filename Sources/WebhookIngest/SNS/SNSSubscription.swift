import Foundation

/// An SNS `SubscriptionConfirmation`: confirmed by fetching its `SubscribeURL`, but only when that URL
/// is SNS's own endpoint in the topic's region, so a forged message cannot make the server fetch an
/// address of the forger's choosing.
public struct SNSSubscription: Sendable, Equatable {
    public var topicArn: String
    public var subscribeURL: String

    public init(topicArn: String, subscribeURL: String) {
        self.topicArn = topicArn
        self.subscribeURL = subscribeURL
    }

    /// The region of the topic (`arn:aws:sns:REGION:ACCOUNT:NAME`).
    public var region: String? {
        let parts = topicArn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[0] == "arn", parts[2] == "sns", !parts[3].isEmpty else { return nil }
        return String(parts[3])
    }

    /// Why the SubscribeURL must not be fetched, or `nil` when it is SNS's endpoint for the topic's region.
    public var urlProblem: String? {
        guard let region else { return "the topic ARN \"\(topicArn)\" is not an SNS topic ARN" }
        guard region.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
            return "the topic's region \"\(region)\" is not an AWS region"
        }
        let expectedHost = "sns.\(region).amazonaws.com" + (region.hasPrefix("cn-") ? ".cn" : "")
        guard let components = URLComponents(string: subscribeURL) else { return "the SubscribeURL is not a URL" }
        guard components.scheme == "https" else { return "the SubscribeURL is not https" }
        guard components.host?.lowercased() == expectedHost else {
            return "the SubscribeURL's host \"\(components.host ?? "")\" is not \(expectedHost), the SNS endpoint of the topic's region"
        }
        guard components.user == nil, components.password == nil, components.port == nil || components.port == 443 else {
            return "the SubscribeURL carries credentials or an unusual port"
        }
        return nil
    }
}

/// Fetches a SubscribeURL; the server uses libcurl, tests a recorder.
public protocol SNSSubscriptionConfirmer: Sendable {
    /// Returns normally once SNS answered 2xx.
    func confirm(_ subscription: SNSSubscription) async throws
}
