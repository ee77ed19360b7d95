import HTTPTypes
import JiraSpec

/// An answer of the fake, with its body parsed when it is JSON.
struct FakeReply: Sendable {
    let status: Int
    let headers: HTTPFields
    let text: String

    var json: SpecJSON {
        (try? SpecJSON.parse(text)) ?? .null
    }

    func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }
    }
}
