import JiraSpec

/// An answer of the fake before it becomes a Hummingbird `Response`.
struct FakeResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)] = []
    var body: FakeResponseBody

    init(status: Int, headers: [(name: String, value: String)] = [], body: FakeResponseBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    static func json(_ status: Int, _ value: SpecJSON) -> FakeResponse {
        FakeResponse(status: status, body: .json(value))
    }

    static func empty(_ status: Int) -> FakeResponse {
        FakeResponse(status: status, body: .empty)
    }

    /// Jira's error body: `{"errorMessages": […], "errors": {…}}`.
    static func errors(_ status: Int, messages: [String] = [], fields: SpecObject = SpecObject()) -> FakeResponse {
        .json(status, ["errorMessages": .array(messages.map(SpecJSON.string)), "errors": .object(fields)])
    }

    func adding(header name: String, _ value: String) -> FakeResponse {
        var copy = self
        copy.headers.append((name, value))
        return copy
    }
}
