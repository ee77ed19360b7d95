/// An OAuth 2.0 client (client credentials grant) whose tokens act as one user, like an Atlassian service
/// account's OAuth credentials.
public struct FakeOAuthClient: Sendable, Hashable {
    public var clientId: String
    public var clientSecret: String
    /// The user the tokens act as: an account id (Cloud) or a user name (Data Center).
    public var user: String
    public var scope: String

    public init(clientId: String, clientSecret: String, user: String, scope: String = "read:jira-work write:jira-work read:jira-user") {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.user = user
        self.scope = scope
    }
}
