/// Which Jira the fake pretends to be; one instance serves exactly one, as a real site does.
public enum FakeFlavor: String, Sendable, CaseIterable {
    /// Jira Cloud: REST v3, Atlassian Document Format, users by `accountId`.
    case cloud
    /// Jira Data Center: REST v2, wiki-markup strings, users by `name`.
    case datacenter
}
