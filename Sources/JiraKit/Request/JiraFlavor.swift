/// The two REST dialects of Jira that alert2jira speaks.
///
/// Cloud is REST v3 with Atlassian Document Format and users by `accountId`; Data Center is REST v2
/// with wiki markup and users by `name`. Everything that differs between them hangs off this type.
public enum JiraFlavor: String, Sendable, Equatable, CaseIterable {
    case cloud
    case datacenter

    /// `/rest/api/3` on Cloud, `/rest/api/2` on Data Center.
    public var apiPath: String {
        switch self {
        case .cloud: "/rest/api/3"
        case .datacenter: "/rest/api/2"
        }
    }

    /// The key a user reference is given by.
    public var userKey: String {
        switch self {
        case .cloud: "accountId"
        case .datacenter: "name"
        }
    }

    /// Cloud removed `/rest/api/3/search` (it answers 410); `/search/jql` replaces it.
    public var searchPath: String {
        switch self {
        case .cloud: "/rest/api/3/search/jql"
        case .datacenter: "/rest/api/2/search"
        }
    }
}
