import JiraSpec

/// A request as the fake's logic sees it: decoded path without the API gateway prefix, query pairs, headers and
/// the whole body. Free of Hummingbird types so the logic can be exercised without a server.
struct FakeRequest: Sendable {
    var method: String
    /// The path as received (percent-encoded, with any gateway prefix), for the request log.
    var rawPath: String
    /// Percent-decoded path segments without the gateway prefix (`["rest", "api", "3", "issue"]`).
    var segments: [String]
    /// The cloud id of an `/ex/jira/{cloudId}` prefix, when the request came through the API gateway.
    var gatewayCloudId: String?
    var rawQuery: String
    var query: [(name: String, value: String)]
    /// Header names lower-cased.
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(method: String, target: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method.uppercased()
        let pathEnd = target.firstIndex(of: "?") ?? target.endIndex
        rawPath = String(target[..<pathEnd])
        rawQuery = pathEnd < target.endIndex ? String(target[target.index(after: pathEnd)...]) : ""
        query = FormEncoding.decode(rawQuery)
        self.headers = headers.map { ($0.name.lowercased(), $0.value) }
        self.body = body
        var parts = rawPath.split(separator: "/", omittingEmptySubsequences: true).map { FormEncoding.percentDecode(String($0), plusIsSpace: false) }
        if parts.count >= 3, parts[0] == "ex", parts[1] == "jira" {
            gatewayCloudId = parts[2]
            parts.removeFirst(3)
        }
        segments = parts
    }

    /// The path without the gateway prefix, as fault rules match it.
    var path: String { "/" + segments.joined(separator: "/") }

    func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.last { $0.name == lowered }?.value
    }

    /// The first value of a query parameter.
    func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// Every value of a repeatable parameter, comma-separated lists split (`fields=a,b&fields=c`).
    func queryList(_ name: String) -> [String]? {
        let values = query.filter { $0.name == name }.map(\.value)
        guard !values.isEmpty else { return nil }
        return values.flatMap { $0.split(separator: ",").map { $0.trimmingSpaces } }.filter { !$0.isEmpty }
    }

    /// The media type of the body, lower-cased, without parameters.
    var contentType: String? {
        header("content-type")?.split(separator: ";").first.map { $0.trimmingSpaces.lowercased() }
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }
}
