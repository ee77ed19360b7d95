import Foundation

/// Turns the Jira URLs and credentials of the original config into alert2jira connections, one per distinct
/// site and kind of login, with credentials read from environment variables (or the original's secret files)
/// so no secret is ever copied into the output.
struct ConnectionPlanner {
    /// How the original logged in.
    enum Login: Equatable {
        /// User and password (on Cloud: email and API token); `passwordFile` when the original read it from a file.
        case basic(passwordFile: String?)
        /// A bearer token: a Data Center personal access token.
        case token(file: String?)
        case none
    }

    private(set) var connections: [MigratedConnection] = []
    private var keys: [String] = []

    /// The name of the connection for `url` and `login`, made on first use.
    mutating func connection(
        url rawURL: String,
        flavor requested: String?,
        login: Login,
        comments: [String],
        extra: [(key: String, value: String)] = []
    ) -> String {
        let url = Self.siteURL(rawURL)
        let flavor = requested ?? Self.flavor(of: url, login: login)
        let key = "\(url)|\(flavor)|\(login)"
        if let index = keys.firstIndex(of: key) { return connections[index].name }
        let suffix = connections.isEmpty ? "" : "_\(connections.count + 1)"
        let name = connections.isEmpty ? "jira" : "jira-\(connections.count + 1)"
        var auth: [(key: String, value: String)] = []
        var variables: [String] = []
        func variable(_ base: String) -> String {
            variables.append(base + suffix)
            return "\"${\(base + suffix)}\""
        }
        if flavor == "cloud" {
            auth.append(("email", variable("JIRA_EMAIL")))
            switch login {
            case .basic(let file?), .token(let file?): auth.append(("api_token_file", MigrationWriter.quoted(file)))
            default: auth.append(("api_token", variable("JIRA_API_TOKEN")))
            }
        } else if case .token(let file) = login {
            if let file {
                auth.append(("personal_access_token_file", MigrationWriter.quoted(file)))
            } else {
                auth.append(("personal_access_token", variable("JIRA_PAT")))
            }
        } else {
            auth.append(("username", variable("JIRA_USERNAME")))
            if case .basic(let file?) = login {
                auth.append(("password_file", MigrationWriter.quoted(file)))
            } else {
                auth.append(("password", variable("JIRA_PASSWORD")))
            }
        }
        var allComments = comments
        if !variables.isEmpty {
            allComments.append(
                "Set \(variables.joined(separator: " and ")) before running alert2jira"
                    + (flavor == "cloud"
                        ? " (the service account's email and an API token from https://id.atlassian.com/manage-profile/security/api-tokens)."
                        : ".")
            )
        }
        connections.append(
            MigratedConnection(name: name, url: url, flavor: flavor, auth: auth, extra: extra, comments: allComments, variables: variables)
        )
        keys.append(key)
        return name
    }

    /// The site's base URL: Alertmanager's `api_url` includes the REST path, which alert2jira adds itself.
    static func siteURL(_ url: String) -> String {
        var site = url.trimmingCharacters(in: .whitespaces)
        if let range = site.range(of: "/rest/api/") { site = String(site[..<range.lowerBound]) }
        while site.hasSuffix("/") { site.removeLast() }
        return site
    }

    /// Cloud sites live under atlassian.net; elsewhere a token is a Data Center PAT, and a password is best
    /// left to alert2jira's own check of the server.
    static func flavor(of url: String, login: Login) -> String {
        let host = URL(string: url)?.host?.lowercased() ?? ""
        if host.hasSuffix(".atlassian.net") || host.hasSuffix(".jira.com") { return "cloud" }
        if case .token = login { return "datacenter" }
        return "auto"
    }
}
