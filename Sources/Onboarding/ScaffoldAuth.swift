/// How the written config logs in: the `auth:` mapping it gets, and the environment variables it reads.
///
/// Never a secret itself: secrets become `${VARIABLE}` references (or stay `*_file` paths), so the config can be
/// committed and printed.
public struct ScaffoldAuth: Sendable, Equatable {
    /// `(key, value)` pairs of the `auth:` mapping, in order, values as written in YAML.
    public var entries: [(key: String, value: String)]
    /// The variables the config expects in the environment.
    public var variables: [String]

    public init(entries: [(key: String, value: String)], variables: [String]) {
        self.entries = entries
        self.variables = variables
    }

    public static func == (lhs: ScaffoldAuth, rhs: ScaffoldAuth) -> Bool {
        lhs.entries.map(\.key) == rhs.entries.map(\.key) && lhs.entries.map(\.value) == rhs.entries.map(\.value) && lhs.variables == rhs.variables
    }

    /// From the environment, as the README documents: Cloud `JIRA_EMAIL` + `JIRA_API_TOKEN`; Data Center `JIRA_PAT`,
    /// or `JIRA_USERNAME` + `JIRA_PASSWORD`. `nil` when none of them is set.
    public static func fromEnvironment(_ environment: [String: String]) -> ScaffoldAuth? {
        func has(_ name: String) -> Bool { !(environment[name] ?? "").isEmpty }
        if has("JIRA_EMAIL"), has("JIRA_API_TOKEN") {
            return ScaffoldAuth(
                entries: [("email", "${JIRA_EMAIL}"), ("api_token", "${JIRA_API_TOKEN}")],
                variables: ["JIRA_EMAIL", "JIRA_API_TOKEN"]
            )
        }
        if has("JIRA_PAT") { return ScaffoldAuth(entries: [("personal_access_token", "${JIRA_PAT}")], variables: ["JIRA_PAT"]) }
        if has("JIRA_USERNAME"), has("JIRA_PASSWORD") {
            return ScaffoldAuth(
                entries: [("username", "${JIRA_USERNAME}"), ("password", "${JIRA_PASSWORD}")],
                variables: ["JIRA_USERNAME", "JIRA_PASSWORD"]
            )
        }
        return nil
    }

    /// The variable each secret key of an `--auth-file` mapping is read from in the written config.
    static let secretVariables = [
        "api_token": "JIRA_API_TOKEN", "personal_access_token": "JIRA_PAT", "password": "JIRA_PASSWORD", "client_secret": "JIRA_CLIENT_SECRET",
    ]
}
