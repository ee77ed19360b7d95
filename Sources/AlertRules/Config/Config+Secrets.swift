import AlertConfig
import Contracts

extension Config {
    /// Every credential in the configuration, for log redaction: a secret that reaches a log line by
    /// any path (an error message quoting a URL, a header) is masked there too.
    public var secretValues: [String] {
        var values: [String] = []
        for connection in connections.values {
            switch connection.auth {
            case .cloudToken(_, let token): values.append(token.value)
            case .personalAccessToken(let token): values.append(token.value)
            case .basic(_, let password): values.append(password.value)
            case .oauthClientCredentials(_, let secret): values.append(secret.value)
            case .none: break
            }
        }
        for source in sources {
            values += source.bearerTokens.map(\.value)
            values += source.basicAuth.map(\.password.value)
            values += source.hmac?.secrets.map(\.value) ?? []
            values += source.pagerDutySecrets.map(\.value)
        }
        if let password = server.spoolURL?.password { values.append(password.value) }
        // Very short values would mask ordinary words; they are not plausible secrets anyway.
        return Array(Set(values.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
    }
}
