import Foundation
import JiraFake
import JiraSpec

/// Who a test request claims to be.
enum Credentials: Sendable {
    case none
    case basic(String, String)
    case bearer(String)
    case raw(String)

    /// The sample service account the way the flavor logs in (classic API token / personal access token).
    static func service(_ flavor: JiraDeployment) -> Credentials {
        flavor == .cloud ? .basic(Fixture.serviceEmail, "fake-api-token") : .bearer("fake-pat")
    }

    var header: String? {
        switch self {
        case .none: nil
        case .basic(let user, let secret): "Basic " + Data("\(user):\(secret)".utf8).base64EncodedString()
        case .bearer(let token): "Bearer \(token)"
        case .raw(let value): value
        }
    }
}
