/// The SNS topics a source accepts messages from, as ARNs or patterns where `*` matches any characters
/// (`arn:aws:sns:*:123456789012:alerts-*`).
///
/// SNS cannot send credentials of its own beyond basic auth in the subscription URL, so the topic is
/// what says an SNS message is one we subscribed to.
public struct SNSTopicAllowList: Sendable, Equatable {
    public let patterns: [String]

    public init(_ patterns: [String]) {
        self.patterns = patterns
    }

    public var isEmpty: Bool { patterns.isEmpty }

    public func allows(_ topicArn: String) -> Bool {
        patterns.contains { Self.matches(pattern: Array($0.utf8)[...], Array(topicArn.utf8)[...]) }
    }

    /// Glob matching with `*` only; ARNs have no other special characters worth supporting.
    static func matches(pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var pattern = pattern
        var text = text
        var starPattern: ArraySlice<UInt8>?
        var starText: ArraySlice<UInt8> = []
        while !text.isEmpty {
            if let next = pattern.first, next == UInt8(ascii: "*") {
                pattern = pattern.dropFirst()
                starPattern = pattern
                starText = text
            } else if let next = pattern.first, next == text.first {
                pattern = pattern.dropFirst()
                text = text.dropFirst()
            } else if let resume = starPattern {
                starText = starText.dropFirst()
                text = starText
                pattern = resume
            } else {
                return false
            }
        }
        return pattern.allSatisfy { $0 == UInt8(ascii: "*") }
    }
}
