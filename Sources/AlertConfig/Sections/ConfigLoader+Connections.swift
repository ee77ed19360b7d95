import Contracts
import Foundation

extension ConfigLoader {
    package static let connectionKeys = [
        "url", "flavor", "auth", "scoped", "cloud_id", "gateway_url", "token_url", "ca_file", "insecure_skip_verify",
        "connect_timeout", "timeout", "metadata_ttl",
    ]
    package static let authKeys = [
        "email", "api_token", "api_token_file", "personal_access_token", "personal_access_token_file", "username", "password",
        "password_file", "client_id", "client_secret", "client_secret_file",
    ]

    package func connections(_ value: YAMLValue, baseDirectory: String, _ diagnostics: inout Diagnostics) -> [String: ConnectionConfig] {
        guard let mapping = value.mapping(&diagnostics, what: "connections") else { return [:] }
        var result: [String: ConnectionConfig] = [:]
        for entry in mapping.entries {
            if let connection = connection(named: entry.key, at: entry.keyLocation, entry.value, baseDirectory: baseDirectory, &diagnostics) {
                result[entry.key] = connection
            }
        }
        return result
    }

    /// One connection; `location` is where its name is, which is where problems of the whole
    /// connection are reported.
    private func connection(
        named name: String,
        at location: SourceLocation,
        _ value: YAMLValue,
        baseDirectory: String,
        _ diagnostics: inout Diagnostics
    ) -> ConnectionConfig? {
        let what = "connection \"\(name)\""
        guard var mapping = value.mapping(&diagnostics, what: what) else { return nil }
        let before = diagnostics.problems.count

        var url = ""
        if let urlValue = mapping.take("url") {
            let problems = diagnostics.problems.count
            url = (urlValue.string(&diagnostics, what: "url") ?? "").trimmingTrailingSlashes
            if diagnostics.problems.count == problems, Self.hasUserinfo(url) {
                // Refused rather than masked: a secret in the URL would reach every log line and preview that shows it.
                diagnostics.error(
                    urlValue.textLocation,
                    "url of \(what) has a user name or password in it; put credentials under auth: (email and api_token, "
                        + "personal_access_token, username and password, or client_id and client_secret) and give the url without them"
                )
                url = ""
            } else if diagnostics.problems.count == problems,
                !(url.hasPrefix("https://") || url.hasPrefix("http://")) || URL(string: url)?.host == nil
            {
                diagnostics.error(urlValue.textLocation, "url of \(what) must be an http(s) URL like https://example.atlassian.net, found \"\(url)\"")
            }
        } else {
            diagnostics.error(location, "\(what) has no url; add url: https://your-site.atlassian.net")
        }
        var connection = ConnectionConfig(name: name, url: url, location: location)
        if let flavor = mapping.take("flavor") {
            connection.flavor = enumeration(flavor, what: "flavor", &diagnostics) ?? .auto
        }
        if let auth = mapping.take("auth") {
            connection.auth = self.auth(auth, connection: name, baseDirectory: baseDirectory, &diagnostics)
        }
        if let scoped = mapping.take("scoped") {
            connection.scoped = scoped.bool(&diagnostics, what: "scoped") ?? false
        }
        if case .oauthClientCredentials = connection.auth {
            // OAuth tokens are only accepted through the API gateway.
            connection.scoped = true
        }
        if let cloudID = mapping.take("cloud_id") {
            connection.cloudID = cloudID.string(&diagnostics, what: "cloud_id")
        }
        if let gateway = mapping.take("gateway_url") {
            connection.gatewayURL = (gateway.string(&diagnostics, what: "gateway_url") ?? connection.gatewayURL).trimmingTrailingSlashes
        }
        if let token = mapping.take("token_url") {
            connection.tokenURL = token.string(&diagnostics, what: "token_url") ?? connection.tokenURL
        }
        if let caFile = mapping.take("ca_file"), let path = caFile.string(&diagnostics, what: "ca_file") {
            let resolved = path.hasPrefix("/") ? path : baseDirectory + "/" + path
            if !FileManager.default.isReadableFile(atPath: resolved) {
                diagnostics.error(caFile.location, "ca_file \(resolved) is not a readable file")
            }
            connection.caFile = resolved
        }
        if let insecure = mapping.take("insecure_skip_verify") {
            connection.insecureSkipVerify = insecure.bool(&diagnostics, what: "insecure_skip_verify") ?? false
        }
        if let timeout = mapping.take("connect_timeout") {
            connection.connectTimeout = timeout.duration(&diagnostics, what: "connect_timeout") ?? connection.connectTimeout
        }
        if let timeout = mapping.take("timeout") {
            connection.requestTimeout = timeout.duration(&diagnostics, what: "timeout") ?? connection.requestTimeout
        }
        if let ttl = mapping.take("metadata_ttl") {
            connection.metadataTTL = ttl.duration(&diagnostics, what: "metadata_ttl") ?? connection.metadataTTL
        }
        if connection.scoped, connection.flavor == .datacenter {
            diagnostics.error(location, "\(what) is scoped (API gateway) but flavor is datacenter; scoped tokens exist only on Jira Cloud")
        }
        mapping.reportUnknownKeys(&diagnostics, known: Self.connectionKeys)
        return diagnostics.problems.count == before ? connection : nil
    }

    private func auth(_ value: YAMLValue, connection: String, baseDirectory: String, _ diagnostics: inout Diagnostics) -> ConnectionConfig.Auth {
        let what = "auth of connection \"\(connection)\""
        guard var mapping = value.mapping(&diagnostics, what: what) else { return .none }
        // A key that is present but unusable (unreadable file, wrong type) has been reported already;
        // it still counts as given, so its partner is not also reported as missing.
        var given: Set<String> = []
        func plain(_ key: String) -> String? {
            guard let value = mapping.take(key) else { return nil }
            given.insert(key)
            return value.string(&diagnostics, what: key)
        }
        /// A secret given inline or as `<key>_file`, never both.
        func secret(_ key: String) -> Secret? {
            let inline = mapping.take(key)
            let file = mapping.take(key + "_file")
            if inline != nil || file != nil { given.insert(key) }
            if inline != nil, let file {
                diagnostics.error(file.location, "give either \(key) or \(key)_file in \(what), not both")
                return nil
            }
            if let inline {
                // An empty value (`${JIRA_API_TOKEN:-}`) is allowed: previews work without credentials.
                return inline.string(&diagnostics, what: key, secret: true).map(Secret.init)
            }
            guard let file else { return nil }
            return self.secret(fromFile: file, what: key + "_file", baseDirectory: baseDirectory, &diagnostics)
        }
        let email = plain("email")
        let apiToken = secret("api_token")
        let pat = secret("personal_access_token")
        let username = plain("username")
        let password = secret("password")
        let clientID = plain("client_id")
        let clientSecret = secret("client_secret")
        mapping.reportUnknownKeys(&diagnostics, known: Self.authKeys)

        var methods: [ConnectionConfig.Auth] = []
        var names: [String] = []
        var incomplete: [String] = []
        /// Records one method when both of its parts are given, or what is missing when one is.
        func pair(_ first: String, _ second: String, named name: String, method: ConnectionConfig.Auth?) {
            switch (given.contains(first), given.contains(second)) {
            case (true, true):
                names.append(name)
                if let method { methods.append(method) }
            case (true, false): incomplete.append("\(first) needs \(second) or \(second)_file")
            case (false, true): incomplete.append("\(second) needs \(first)")
            case (false, false): break
            }
        }
        pair(
            "email",
            "api_token",
            named: "email + API token",
            method: email.flatMap { email in apiToken.map { .cloudToken(email: email, apiToken: $0) } }
        )
        if given.contains("personal_access_token") {
            names.append("personal access token")
            if let pat { methods.append(.personalAccessToken(pat)) }
        }
        pair(
            "username",
            "password",
            named: "username + password",
            method: username.flatMap { username in password.map { .basic(username: username, password: $0) } }
        )
        pair(
            "client_id",
            "client_secret",
            named: "OAuth client credentials",
            method: clientID.flatMap { id in clientSecret.map { .oauthClientCredentials(clientID: id, clientSecret: $0) } }
        )
        for problem in incomplete {
            diagnostics.error(value.location, "\(what): \(problem)")
        }
        if names.count > 1 {
            diagnostics.error(
                value.location,
                "\(what) mixes \(names.joined(separator: " and ")); use one: email + api_token (Cloud), personal_access_token (Data Center), username + password, or client_id + client_secret"
            )
        }
        return methods.first ?? .none
    }
}

extension String {
    package var trimmingTrailingSlashes: String {
        var text = self
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

extension ConfigLoader {
    /// The secret in the file a `*_file` key names (relative to the config's directory), without the newline
    /// such files end with; an empty or unreadable file is reported.
    package func secret(fromFile value: YAMLValue, what: String, baseDirectory: String, _ diagnostics: inout Diagnostics) -> Secret? {
        guard let path = value.string(&diagnostics, what: what) else { return nil }
        let resolved = path.hasPrefix("/") ? path : baseDirectory + "/" + path
        guard let contents = readFile(resolved, what: what, &diagnostics, at: value.textLocation, secret: true) else { return nil }
        let secret = contents.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !secret.isEmpty else {
            diagnostics.error(value.textLocation, "\(what) \(resolved) is empty")
            return nil
        }
        return Secret(secret)
    }

    /// Whether the authority part of `url` (between `scheme://` and the path) has `user@` or `user:password@`.
    static func hasUserinfo(_ url: String) -> Bool {
        guard let schemeEnd = url.range(of: "://") else { return url.contains("@") }
        let authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return authority.contains("@")
    }
}
