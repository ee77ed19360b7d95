import Contracts

/// One sender of webhooks (`sources:` in the config): how the server recognises it and what it
/// accepts from it.
///
/// A request reaches a source by its path, `POST /alerts/src/NAME[/FORMAT]`, or, on `POST /alerts` and
/// `POST /alerts/FORMAT`, by being the first source (in file order) whose checks the request passes.
/// `allow_ips` must hold and, when the source has credentials, one of them must match: a bearer
/// token, a basic-auth user, an HMAC body signature or a PagerDuty signature.
public struct SourceConfig: Sendable, Equatable {
    /// A user name and password that Alertmanager's `http_config.basic_auth` (or an SNS
    /// subscription URL's `user:password@`) sends.
    public struct BasicCredential: Sendable, Equatable {
        public var username: String
        public var password: Secret

        public init(username: String, password: Secret) {
            self.username = username
            self.password = password
        }
    }

    /// An HMAC-SHA256 signature of the exact body bytes, in a header, GitHub style (`X-Hub-Signature-256: sha256=…`).
    public struct HMACSignature: Sendable, Equatable {
        /// How the digest is written after the prefix.
        public enum Encoding: String, Sendable, Equatable, CaseIterable {
            case hex
            case base64
        }

        public var header: String
        public var prefix: String
        public var encoding: Encoding
        /// Several during a rotation; any one signing the body is enough.
        public var secrets: [Secret]

        public init(header: String = "X-Hub-Signature-256", prefix: String = "sha256=", encoding: Encoding = .hex, secrets: [Secret]) {
            self.header = header
            self.prefix = prefix
            self.encoding = encoding
            self.secrets = secrets
        }
    }

    public var name: String
    /// `Authorization: Bearer …` values accepted; several, so a token can be rotated without downtime.
    public var bearerTokens: [Secret]
    public var basicAuth: [BasicCredential]
    public var hmac: HMACSignature?
    /// Webhook v3 signing secrets; PagerDuty sends `X-PagerDuty-Signature: v1=<hex HMAC-SHA256>`.
    public var pagerDutySecrets: [Secret]
    /// When not empty, only peers in these networks may use the source.
    public var allowIPs: [IPNetwork]
    /// A format id to decode every payload as, instead of detecting it.
    public var format: String?
    /// Overrides `server.allow_generic` for this source.
    public var allowGeneric: Bool?
    /// Overrides `server.sns_topics` for this source.
    public var snsTopics: [String]?
    public var location: SourceLocation

    public init(
        name: String,
        bearerTokens: [Secret] = [],
        basicAuth: [BasicCredential] = [],
        hmac: HMACSignature? = nil,
        pagerDutySecrets: [Secret] = [],
        allowIPs: [IPNetwork] = [],
        format: String? = nil,
        allowGeneric: Bool? = nil,
        snsTopics: [String]? = nil,
        location: SourceLocation = SourceLocation(file: "<defaults>", line: 1, column: 1)
    ) {
        self.name = name
        self.bearerTokens = bearerTokens
        self.basicAuth = basicAuth
        self.hmac = hmac
        self.pagerDutySecrets = pagerDutySecrets
        self.allowIPs = allowIPs
        self.format = format
        self.allowGeneric = allowGeneric
        self.snsTopics = snsTopics
        self.location = location
    }

    /// Whether the source proves who sends to it; an IP allow-list or SNS topic list alone does not.
    public var hasCredentials: Bool {
        !bearerTokens.isEmpty || !basicAuth.isEmpty || hmac != nil || !pagerDutySecrets.isEmpty
    }

    /// The credential kinds, for messages and logs (never the credentials).
    public var methodNames: [String] {
        var names: [String] = []
        if !bearerTokens.isEmpty { names.append("bearer token") }
        if !basicAuth.isEmpty { names.append("basic auth") }
        if hmac != nil { names.append("HMAC signature") }
        if !pagerDutySecrets.isEmpty { names.append("PagerDuty signature") }
        if !allowIPs.isEmpty { names.append("IP allow-list") }
        return names
    }
}
