/// Which Jira answers: Cloud and Data Center differ in API version, markup, users and wording.
public enum JiraDeployment: String, Sendable, CaseIterable {
    /// Jira Cloud: REST v3, Atlassian Document Format, users by `accountId`.
    case cloud
    /// Jira Data Center: REST v2, wiki-markup strings, users by `name`.
    case datacenter
}
