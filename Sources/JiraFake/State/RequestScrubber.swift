import JiraSpec

/// Keeps credentials out of the request log: `Authorization` keeps only its scheme, OAuth secrets and issued
/// tokens become `***`.
enum RequestScrubber {
    static let secretKeys: Set<String> = ["client_secret", "access_token", "password", "refresh_token"]

    static func headers(_ headers: [(name: String, value: String)]) -> [(String, String)] {
        headers.map { header in
            switch header.name {
            case "authorization", "proxy-authorization":
                let scheme = header.value.split(separator: " ").first.map(String.init) ?? ""
                return (header.name, scheme.isEmpty ? "***" : "\(scheme) ***")
            case "cookie":
                return (header.name, "***")
            default:
                return (header.name, header.value)
            }
        }
    }

    /// The request body as JSON when it is JSON, else as text with form secrets replaced.
    static func body(_ request: FakeRequest) -> SpecJSON? {
        guard !request.body.isEmpty else { return nil }
        if let value = try? SpecJSON.parse(request.body) { return json(value) }
        if request.contentType == "application/x-www-form-urlencoded" {
            let pairs = FormEncoding.decode(request.bodyText).map { pair in
                "\(pair.name)=\(secretKeys.contains(pair.name) ? "***" : pair.value)"
            }
            return .string(pairs.joined(separator: "&"))
        }
        return .string(request.bodyText)
    }

    static func json(_ value: SpecJSON) -> SpecJSON {
        switch value {
        case .object(let object):
            var scrubbed = SpecObject()
            for (key, element) in object { scrubbed[key] = secretKeys.contains(key) ? "***" : json(element) }
            return .object(scrubbed)
        case .array(let elements):
            return .array(elements.map(json))
        default:
            return value
        }
    }
}
