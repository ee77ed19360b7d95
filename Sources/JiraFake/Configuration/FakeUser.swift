/// A person or service account that can authenticate against the fake.
public struct FakeUser: Sendable, Hashable {
    /// Cloud account id; Data Center users get one too (unused there) so every user has a stable id.
    public var accountId: String
    /// Data Center user name (login); on Cloud an informational alias.
    public var name: String
    /// Data Center user key (`JIRAUSER10100`).
    public var key: String
    public var email: String
    public var displayName: String
    /// `atlassian` for people, `app` for service accounts (Cloud).
    public var accountType: String
    /// Cloud API tokens (Basic `email:token`).
    public var apiTokens: [FakeToken]
    /// Data Center password (Basic `name:password`); `nil` disables password login.
    public var password: String?
    /// Data Center personal access tokens (`Authorization: Bearer`).
    public var personalAccessTokens: [String]
    public var permissions: FakePermissionGrants
    public var timeZone: String

    public init(
        accountId: String,
        name: String,
        key: String? = nil,
        email: String,
        displayName: String,
        accountType: String = "atlassian",
        apiTokens: [FakeToken] = [],
        password: String? = nil,
        personalAccessTokens: [String] = [],
        permissions: FakePermissionGrants = .all,
        timeZone: String = "Etc/UTC"
    ) {
        self.accountId = accountId
        self.name = name
        self.key = key ?? name
        self.email = email
        self.displayName = displayName
        self.accountType = accountType
        self.apiTokens = apiTokens
        self.password = password
        self.personalAccessTokens = personalAccessTokens
        self.permissions = permissions
        self.timeZone = timeZone
    }
}
