import AlertModel
import HTTPTypes

/// An answer of the fake, with its body parsed when it is JSON.
struct FakeReply: Sendable {
    let status: Int
    let headers: HTTPFields
    let text: String

    var json: JSONValue {
        (try? JSONParser.parse(text)) ?? .null
    }

    func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }
    }
}
