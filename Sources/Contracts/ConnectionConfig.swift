/// One Jira site alert2jira may write to, and the service account it writes as.
public struct ConnectionConfig: Sendable, Equatable {
    /// Which REST dialect to speak: Cloud (v3, ADF) or Data Center (v2, wiki markup).
    public enum Flavor: String, Sendable, Equatable, CaseIterable {
        /// Ask `GET /rest/api/2/serverInfo` once and use its `deploymentType`.
        case auto
        case cloud
        case datacenter
    }

    /// How the service account proves who it is.
    public enum Auth: Sendable, Equatable {
        /// Jira Cloud: Atlassian account email + API token, sent as basic auth.
        case cloudToken(email: String, apiToken: Secret)
        /// Data Center: personal access token, sent as `Authorization: Bearer`.
        case personalAccessToken(Secret)
        /// Data Center (or a Cloud site's legacy basic auth): username + password.
        case basic(username: String, password: Secret)
        /// OAuth 2.0 client credentials of an Atlassian service account; tokens go through the API gateway.
        case oauthClientCredentials(clientID: String, clientSecret: Secret)
        /// No credentials: only previews (`--dry-run`) can use this connection.
        case none

        /// Name of the method for messages: never includes the secret.
        public var methodName: String {
            switch self {
            case .cloudToken: "email + API token"
            case .personalAccessToken: "personal access token"
            case .basic: "username + password"
            case .oauthClientCredentials: "OAuth client credentials"
            case .none: "none"
            }
        }
    }

    public var name: String
    /// The site's base URL as users know it, e.g. `https://example.atlassian.net`.
    public var url: String
    public var flavor: Flavor
    public var auth: Auth
    /// Scoped API tokens and OAuth only work through `gatewayURL/ex/jira/{cloudId}`.
    public var scoped: Bool
    public var cloudID: String?
    public var gatewayURL: String
    public var tokenURL: String
    /// PEM bundle to trust instead of the system's (a private CA).
    public var caFile: String?
    public var insecureSkipVerify: Bool
    public var connectTimeout: Duration
    public var requestTimeout: Duration
    /// How long create metadata is trusted before it is fetched again.
    public var metadataTTL: Duration
    public var location: SourceLocation

    public init(
        name: String,
        url: String,
        flavor: Flavor = .auto,
        auth: Auth = .none,
        scoped: Bool = false,
        cloudID: String? = nil,
        gatewayURL: String = "https://api.atlassian.com",
        tokenURL: String = "https://auth.atlassian.com/oauth/token",
        caFile: String? = nil,
        insecureSkipVerify: Bool = false,
        connectTimeout: Duration = .seconds(10),
        requestTimeout: Duration = .seconds(30),
        metadataTTL: Duration = .seconds(600),
        location: SourceLocation = SourceLocation(file: "<defaults>", line: 1, column: 1)
    ) {
        self.name = name
        self.url = url
        self.flavor = flavor
        self.auth = auth
        self.scoped = scoped
        self.cloudID = cloudID
        self.gatewayURL = gatewayURL
        self.tokenURL = tokenURL
        self.caFile = caFile
        self.insecureSkipVerify = insecureSkipVerify
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.metadataTTL = metadataTTL
        self.location = location
    }

    /// The flavor to assume when Jira can't be asked (offline previews): Cloud unless configured.
    public var offlineFlavor: Flavor {
        flavor == .auto ? .cloud : flavor
    }
}
