import Foundation

/// An OAuth access token the fake handed out.
struct FakeIssuedToken: Sendable {
    var userAccountId: String
    var clientId: String
    var scope: String
    var expires: Date
}
