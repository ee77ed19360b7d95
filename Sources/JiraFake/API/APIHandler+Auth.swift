import Foundation
import JiraSpec

extension APIHandler {
    /// Resolves the caller from `Authorization`, the way the flavor and the entry point (site or gateway) allow.
    ///
    /// Cloud site URL: Basic `email:token` with a classic (unscoped) API token. Cloud API gateway
    /// (`/ex/jira/{cloudId}`): Basic with a scoped token, or an OAuth Bearer token. Data Center: Bearer personal
    /// access token, or Basic `name:password`.
    func authenticate() -> Result<FakeUser, AuthFailure> {
        guard let header = request.header("authorization"), !header.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .failure(authFailure(credentialsPresent: false))
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        let scheme = parts.first.map { $0.lowercased() } ?? ""
        let credentials = parts.count > 1 ? parts[1].trimmingSpaces : ""
        let viaGateway = request.gatewayCloudId != nil
        switch (flavor, scheme) {
        case (.cloud, "basic"):
            if let (email, token) = Self.decodeBasic(credentials),
                let user = configuration.users.first(where: { $0.email.lowercased() == email.lowercased() }),
                user.apiTokens.contains(where: { $0.value == token && $0.scoped == viaGateway })
            {
                return .success(user)
            }
        case (.cloud, "bearer") where viaGateway:
            if let issued = state.tokens[credentials], issued.expires > now,
                let user = configuration.users.first(where: { $0.accountId == issued.userAccountId })
            {
                return .success(user)
            }
        case (.datacenter, "basic"):
            if let (name, password) = Self.decodeBasic(credentials),
                let user = configuration.users.first(where: { $0.name.lowercased() == name.lowercased() }),
                let expected = user.password, expected == password
            {
                return .success(user)
            }
        case (.datacenter, "bearer"):
            if let user = configuration.users.first(where: { $0.personalAccessTokens.contains(credentials) }) {
                return .success(user)
            }
        default:
            break
        }
        return .failure(authFailure(credentialsPresent: true))
    }

    private func authFailure(credentialsPresent: Bool) -> AuthFailure {
        var response: FakeResponse
        switch flavor {
        case .cloud where request.gatewayCloudId != nil:
            response = .json(401, ["code": 401, "message": "Unauthorized"])
        case .cloud:
            response = FakeResponse(status: 401, body: .text(JiraMessages.clientMustAuthenticate, contentType: "text/plain;charset=UTF-8"))
        case .datacenter:
            response = .errors(401, messages: [JiraMessages.notAuthenticated])
        }
        if credentialsPresent, request.gatewayCloudId == nil {
            response = response.adding(header: "X-Seraph-LoginReason", "AUTHENTICATED_FAILED")
        }
        return AuthFailure(response: response, credentialsMissing: !credentialsPresent)
    }

    /// `dXNlcjpwdw==` → `("user", "pw")`; the password may contain colons.
    static func decodeBasic(_ credentials: String) -> (String, String)? {
        guard let data = Data(base64Encoded: credentials), let text = String(data: data, encoding: .utf8),
            let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// `POST /oauth/token` with the client credentials grant, as a form or JSON body (or client credentials in
    /// Basic auth), answering like Atlassian's authorization server.
    mutating func oauthToken() -> FakeResponse {
        var parameters: [String: String] = [:]
        if request.contentType == "application/json" {
            guard let object = (try? SpecJSON.parse(request.body))?.objectValue else {
                return .json(400, ["error": "invalid_request", "error_description": "The request body is not valid JSON"])
            }
            for (key, value) in object { if let text = value.scalarText { parameters[key] = text } }
        } else {
            for (name, value) in FormEncoding.decode(request.bodyText) { parameters[name] = value }
        }
        if let header = request.header("authorization"), header.lowercased().hasPrefix("basic "),
            let (id, secret) = Self.decodeBasic(String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces))
        {
            parameters["client_id"] = parameters["client_id"] ?? id
            parameters["client_secret"] = parameters["client_secret"] ?? secret
        }
        guard let grant = parameters["grant_type"] else {
            return .json(400, ["error": "invalid_request", "error_description": "Missing grant_type"])
        }
        guard grant == "client_credentials" else {
            return .json(400, ["error": "unsupported_grant_type", "error_description": .string("Unsupported grant type: \(grant)")])
        }
        guard let clientId = parameters["client_id"], let secret = parameters["client_secret"],
            let client = configuration.oauthClients.first(where: { $0.clientId == clientId && $0.clientSecret == secret }),
            let user = configuration.users.first(where: { $0.accountId == client.user || $0.name == client.user })
        else {
            return .json(401, ["error": "access_denied", "error_description": "Unauthorized"])
        }
        let token = "fake-" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        state.tokens[token] = FakeIssuedToken(
            userAccountId: user.accountId,
            clientId: client.clientId,
            scope: client.scope,
            expires: now.addingTimeInterval(TimeInterval(configuration.tokenLifetimeSeconds))
        )
        return .json(
            200,
            [
                "access_token": .string(token),
                "token_type": "Bearer",
                "expires_in": .number(SpecNumber(configuration.tokenLifetimeSeconds)),
                "scope": .string(client.scope),
            ]
        )
    }
}
