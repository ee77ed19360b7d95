import JSON

/// One HTTP request to Jira exactly as it will be sent: what `--dry-run` shows and what delivery posts.
public struct IssueRequest: Sendable, Equatable {
    public var method: String
    /// Path below the connection's base URL, e.g. `/rest/api/3/issue`.
    public var path: String
    public var body: JSONValue

    public init(method: String, path: String, body: JSONValue) {
        self.method = method
        self.path = path
        self.body = body
    }

    public var json: JSONValue {
        var object = JSONObject()
        writeMembers(to: &object)
        return .object(object)
    }

    /// The members of ``json``, in order, to any sink.
    public func writeMembers(to sink: inout some JSONMemberSink) {
        sink.member("method", .string(method))
        sink.member("path", .string(path))
        sink.member("body", body)
    }
}

extension JSONValue {
    /// Compact UTF-8 JSON, as request bodies are sent.
    public var jsonBytes: [UInt8] {
        var output: [UInt8] = []
        JSONWriter.write(self, into: &output)
        return output
    }
}
