/// AWS region codes from the display names some AWS payloads carry instead.
///
/// CloudWatch's SNS alarm message says `"Region": "EU (Ireland)"`, not `eu-west-1`, and an alarm
/// message may have no ARN to read the code from. Rules match `resource.region` against codes, so the
/// display name is mapped here; an unknown name is kept as written rather than guessed.
enum AWSRegions {
    /// The region code for a display name (`"EU (Ireland)"`, `"Europe (Ireland)"`) or a code itself;
    /// `nil` when the text is neither.
    static func code(for text: String) -> String? {
        let text = text.trimmingWhitespace
        if isCode(text) { return text }
        var name = text
        // CloudWatch still writes the old "EU (…)" names; the console now says "Europe (…)".
        if name.hasPrefix("EU (") { name = "Europe (" + name.dropFirst(4) }
        return codes[name]
    }

    /// Whether the text has the shape of a region code (`us-east-1`, `us-gov-west-1`, `cn-north-1`).
    static func isCode(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let number = parts.last, !number.isEmpty, number.allSatisfy(\.isASCIIDigit) else { return false }
        return parts.dropLast().allSatisfy { part in !part.isEmpty && part.allSatisfy { $0 >= "a" && $0 <= "z" } }
    }

    private static let codes: [String: String] = [
        "US East (N. Virginia)": "us-east-1",
        "US East (Ohio)": "us-east-2",
        "US West (N. California)": "us-west-1",
        "US West (Oregon)": "us-west-2",
        "Africa (Cape Town)": "af-south-1",
        "Asia Pacific (Hong Kong)": "ap-east-1",
        "Asia Pacific (Taipei)": "ap-east-2",
        "Asia Pacific (Tokyo)": "ap-northeast-1",
        "Asia Pacific (Seoul)": "ap-northeast-2",
        "Asia Pacific (Osaka)": "ap-northeast-3",
        "Asia Pacific (Mumbai)": "ap-south-1",
        "Asia Pacific (Hyderabad)": "ap-south-2",
        "Asia Pacific (Singapore)": "ap-southeast-1",
        "Asia Pacific (Sydney)": "ap-southeast-2",
        "Asia Pacific (Jakarta)": "ap-southeast-3",
        "Asia Pacific (Melbourne)": "ap-southeast-4",
        "Asia Pacific (Malaysia)": "ap-southeast-5",
        "Asia Pacific (Thailand)": "ap-southeast-7",
        "Canada (Central)": "ca-central-1",
        "Canada West (Calgary)": "ca-west-1",
        "China (Beijing)": "cn-north-1",
        "China (Ningxia)": "cn-northwest-1",
        "Europe (Frankfurt)": "eu-central-1",
        "Europe (Zurich)": "eu-central-2",
        "Europe (Stockholm)": "eu-north-1",
        "Europe (Milan)": "eu-south-1",
        "Europe (Spain)": "eu-south-2",
        "Europe (Ireland)": "eu-west-1",
        "Europe (London)": "eu-west-2",
        "Europe (Paris)": "eu-west-3",
        "Israel (Tel Aviv)": "il-central-1",
        "Mexico (Central)": "mx-central-1",
        "Middle East (UAE)": "me-central-1",
        "Middle East (Bahrain)": "me-south-1",
        "South America (Sao Paulo)": "sa-east-1",
        "South America (São Paulo)": "sa-east-1",
        "AWS GovCloud (US-East)": "us-gov-east-1",
        "AWS GovCloud (US-West)": "us-gov-west-1",
    ]
}

/// The parts of an Amazon Resource Name (`arn:aws:cloudwatch:us-east-1:123456789012:alarm:Name`).
struct AmazonResourceName: Sendable, Equatable {
    var partition: String
    var service: String
    var region: String
    var account: String
    /// Everything after the account, colons included (`alarm:Name`).
    var resource: String

    /// `nil` unless the text starts with `arn:` and has all six parts. Spaces around parts are dropped:
    /// AWS's own Lambda alarm-action sample has `us-east-1: 444455556666`.
    init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map { String($0).trimmingWhitespace }
        guard parts.count == 6, parts[0] == "arn" else { return nil }
        self.partition = parts[1]
        self.service = parts[2]
        self.region = parts[3]
        self.account = parts[4]
        self.resource = parts[5]
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { self >= "0" && self <= "9" }
}
