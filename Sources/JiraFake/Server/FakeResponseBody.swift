import JiraSpec

/// The body of a ``FakeResponse``.
enum FakeResponseBody: Sendable {
    case empty
    case json(SpecJSON)
    case text(String, contentType: String)

    /// The body as the request log records it.
    var logValue: SpecJSON? {
        switch self {
        case .empty: nil
        case .json(let value): value
        case .text(let text, _): .string(text)
        }
    }
}
