/// An API token (Cloud) or personal access token (Data Center).
///
/// Cloud has two kinds: classic tokens work on the site URL only, scoped tokens only through the API gateway
/// (`/ex/jira/{cloudId}`); `scoped` says which.
public struct FakeToken: Sendable, Hashable {
    public var value: String
    public var scoped: Bool

    public init(_ value: String, scoped: Bool = false) {
        self.value = value
        self.scoped = scoped
    }
}
