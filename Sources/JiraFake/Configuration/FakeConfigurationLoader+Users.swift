extension FakeConfigurationLoader {
    static func users(_ node: ConfigNode) throws(FakeConfigurationError) -> [FakeUser] {
        var users: [FakeUser] = []
        for element in try node.sequence() {
            let mapping = try element.mapping(allowed: [
                "account_id", "name", "key", "email", "display_name", "account_type", "api_tokens", "password",
                "personal_access_tokens", "permissions", "time_zone",
            ])
            let accountId = try mapping.string("account_id")
            let email = try mapping.string("email")
            guard let name = try mapping.string("name") ?? email?.split(separator: "@").first.map(String.init) ?? accountId else {
                throw element.error("a user needs at least one of account_id, name or email")
            }
            let accountType = try mapping.string("account_type") ?? "atlassian"
            guard ["atlassian", "app", "customer"].contains(accountType) else {
                throw (mapping["account_type"] ?? element).error("account_type must be 'atlassian', 'app' or 'customer'")
            }
            var user = FakeUser(
                accountId: accountId ?? name,
                name: name,
                key: try mapping.string("key"),
                email: email ?? "\(name)@example.com",
                displayName: try mapping.string("display_name") ?? name,
                accountType: accountType,
                password: try mapping.string("password"),
                personalAccessTokens: try mapping["personal_access_tokens"]?.strings() ?? []
            )
            if let time = try mapping.string("time_zone") { user.timeZone = time }
            if let tokens = mapping["api_tokens"] { user.apiTokens = try apiTokens(tokens) }
            if let permissions = mapping["permissions"] { user.permissions = try permissionGrants(permissions) }
            if users.contains(where: { $0.accountId == user.accountId || $0.name == user.name }) {
                throw element.error("duplicate user '\(user.name)' (\(user.accountId))")
            }
            users.append(user)
        }
        return users
    }

    /// `[classic-token, {token: scoped-token, scoped: true}]`
    private static func apiTokens(_ node: ConfigNode) throws(FakeConfigurationError) -> [FakeToken] {
        var tokens: [FakeToken] = []
        for element in try node.sequence() {
            if element.isScalar {
                tokens.append(FakeToken(try element.string()))
            } else {
                let mapping = try element.mapping(allowed: ["token", "scoped"])
                tokens.append(FakeToken(try mapping.required("token").string(), scoped: try mapping.bool("scoped") ?? false))
            }
        }
        return tokens
    }

    /// `{global: [BROWSE_PROJECTS], projects: {OPS: [CREATE_ISSUES]}}`
    private static func permissionGrants(_ node: ConfigNode) throws(FakeConfigurationError) -> FakePermissionGrants {
        let mapping = try node.mapping(allowed: ["global", "projects"])
        var grants = FakePermissionGrants(global: [])
        if let global = mapping["global"] { grants.global = try permissions(global) }
        if let projects = mapping["projects"] {
            for (key, value) in try projects.pairs() {
                grants.projects[try key.string().uppercased()] = try permissions(value)
            }
        }
        return grants
    }

    private static func permissions(_ node: ConfigNode) throws(FakeConfigurationError) -> Set<FakePermission> {
        var set: Set<FakePermission> = []
        for element in try node.sequence() {
            let text = try element.string()
            guard let permission = FakePermission(rawValue: text) else {
                throw element.error("unknown permission '\(text)'; known: \(FakePermission.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            set.insert(permission)
        }
        return set
    }

    static func oauthClients(_ node: ConfigNode) throws(FakeConfigurationError) -> [FakeOAuthClient] {
        var clients: [FakeOAuthClient] = []
        for element in try node.sequence() {
            let mapping = try element.mapping(allowed: ["client_id", "client_secret", "user", "scope"])
            var client = FakeOAuthClient(
                clientId: try mapping.required("client_id").string(),
                clientSecret: try mapping.required("client_secret").string(),
                user: try mapping.required("user").string()
            )
            if let scope = try mapping.string("scope") { client.scope = scope }
            clients.append(client)
        }
        return clients
    }
}
