import Contracts
import Foundation
import JSON

/// Produces the `Authorization` header for a connection's service account, fetching and caching an
/// OAuth access token when the connection uses client credentials.
actor JiraCredentials {
    private let connection: ConnectionConfig
    private let transport: any HTTPTransport
    private var accessToken: (value: Secret, expires: ContinuousClock.Instant)?
    private let clock = ContinuousClock()

    init(connection: ConnectionConfig, transport: any HTTPTransport) {
        self.connection = connection
        self.transport = transport
    }

    /// The header value; `nil` for a connection without credentials.
    func authorization() async throws(JiraError) -> String? {
        switch connection.auth {
        case .cloudToken(let email, let token):
            try requireNonEmpty(token, "api_token")
            return "Basic " + Data("\(email):\(token.value)".utf8).base64EncodedString()
        case .basic(let username, let password):
            try requireNonEmpty(password, "password")
            return "Basic " + Data("\(username):\(password.value)".utf8).base64EncodedString()
        case .personalAccessToken(let token):
            try requireNonEmpty(token, "personal_access_token")
            return "Bearer " + token.value
        case .oauthClientCredentials(let clientID, let secret):
            return "Bearer " + (try await oauthToken(clientID: clientID, secret: secret)).value
        case .none:
            return nil
        }
    }

    /// Forgets a cached OAuth token after Jira refused it, so the next call fetches a new one.
    func invalidate() {
        accessToken = nil
    }

    private func requireNonEmpty(_ secret: Secret, _ key: String) throws(JiraError) {
        if secret.isEmpty {
            throw .unauthenticated(connection: connection.name, message: "\(key) is empty (is its environment variable set?)")
        }
    }

    private func oauthToken(clientID: String, secret: Secret) async throws(JiraError) -> Secret {
        // Refresh a minute early so a token never expires between fetching the header and Jira reading it.
        if let accessToken, clock.now < accessToken.expires { return accessToken.value }
        let body: JSONValue = ["grant_type": "client_credentials", "client_id": .string(clientID), "client_secret": .string(secret.value)]
        let request = HTTPRequest(
            method: "POST",
            url: connection.tokenURL,
            headers: [("Content-Type", "application/json"), ("Accept", "application/json")],
            body: body.jsonBytes
        )
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw .unreachable(connection: connection.name, reason: "token endpoint \(connection.tokenURL): \(error)")
        }
        guard response.status == 200, let json = try? JSONParser.parse(response.body), let token = json["access_token"]?.stringValue else {
            throw .unauthenticated(
                connection: connection.name,
                message: "the OAuth token endpoint answered \(response.status) for client \(clientID) (check client_id and client_secret)"
            )
        }
        let lifetime = json["expires_in"]?.numericValue ?? 3600
        let value = Secret(token)
        accessToken = (value, clock.now + .seconds(max(0, lifetime - 60)))
        return value
    }
}
