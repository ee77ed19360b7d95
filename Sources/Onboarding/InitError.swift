/// Why `alert2jira init` could not write a config from a live project, in words that say what to do.
public enum InitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No credentials in the environment and no `--auth-file`.
    case noCredentials
    /// The `--auth-file` could not be read or is not an `auth:` mapping.
    case authFile(path: String, String)
    /// The connection the options describe is not valid (a bad URL, say).
    case connection(String)
    /// Jira could not be reached or refused.
    case jira(String)
    /// Jira refused the credentials.
    case credentials(String)
    /// The project does not exist or the account cannot see it.
    case noProject(String, url: String)
    /// An `--issue-type` the project does not have.
    case unknownIssueType(String, available: [String])
    /// The output files exist already.
    case exists(String)

    public var description: String {
        switch self {
        case .noCredentials:
            "no credentials: set JIRA_EMAIL and JIRA_API_TOKEN (Jira Cloud), JIRA_PAT, or JIRA_USERNAME and JIRA_PASSWORD (Data Center), "
                + "or pass --auth-file FILE holding an auth: mapping"
        case .authFile(let path, let problem): "--auth-file \(path): \(problem)"
        case .connection(let problem): problem
        case .jira(let problem): problem
        case .credentials(let problem): "\(problem) — check the credentials in the environment or --auth-file"
        case .noProject(let key, let url): "project \(key) does not exist on \(url), or the account cannot browse it"
        case .unknownIssueType(let name, let available):
            "the project has no issue type \"\(name)\"; it has: \(available.joined(separator: ", "))"
        case .exists(let path): "\(path) exists already; pass --force to replace it, or another --out"
        }
    }
}
