import AlertConfig
import Contracts
import Foundation

/// Decides which configured source a request comes from, if any: the checks of `sources:` in the
/// config, against the request's headers, exact body bytes and peer address.
///
/// Tokens and passwords are compared in constant time and signatures checked with
/// `Digest.isValidHMAC`, so response times reveal nothing about a secret.
public struct SourceAuthenticator: Sendable {
    /// What the checks decided.
    public enum Decision: Sendable, Equatable {
        /// The request comes from this source.
        case accepted(source: String)
        /// No `sources:` are configured: the server is open (loopback, or `--allow-unauthenticated`).
        case open
        /// No credentials matched (401, with no detail).
        case unauthorized
        /// The peer is not on the source's `allow_ips` (403).
        case forbidden
        /// `/alerts/src/NAME` names no configured source (404).
        case unknownSource
    }

    /// A source's checks, with secrets prepared once rather than per request.
    struct PreparedSource: Sendable {
        let config: SourceConfig
        let tokens: [[UInt8]]
        /// `user:password` as Basic auth carries it.
        let basicPairs: [[UInt8]]
        let hmacKeys: [[UInt8]]
        let pagerDutyKeys: [[UInt8]]
    }

    let sources: [PreparedSource]

    public init(sources: [SourceConfig]) {
        self.sources = sources.map { source in
            PreparedSource(
                config: source,
                tokens: source.bearerTokens.map { Array($0.value.utf8) },
                basicPairs: source.basicAuth.map { Array("\($0.username):\($0.password.value)".utf8) },
                hmacKeys: source.hmac?.secrets.map { Array($0.value.utf8) } ?? [],
                pagerDutyKeys: source.pagerDutySecrets.map { Array($0.value.utf8) }
            )
        }
    }

    public var isOpen: Bool { sources.isEmpty }

    public func source(named name: String) -> SourceConfig? {
        sources.first { $0.config.name == name }?.config
    }

    /// - Parameters:
    ///   - name: the source the path names (`/alerts/src/NAME`), or `nil` to try each in order.
    ///   - header: a request header by (case-insensitive) name.
    ///   - body: the body exactly as received, for signatures.
    ///   - peer: the peer's IP address, for `allow_ips`.
    public func authenticate(named name: String?, header: (String) -> String?, body: [UInt8], peer: String?) -> Decision {
        if let name {
            guard let source = sources.first(where: { $0.config.name == name }) else { return .unknownSource }
            guard Self.peerAllowed(source.config, peer: peer) else { return .forbidden }
            return Self.credentialsMatch(source, header: header, body: body) ? .accepted(source: name) : .unauthorized
        }
        if sources.isEmpty { return .open }
        for source in sources where Self.peerAllowed(source.config, peer: peer) && Self.credentialsMatch(source, header: header, body: body) {
            return .accepted(source: source.config.name)
        }
        return .unauthorized
    }

    /// What the head alone decides: the peer and the credentials headers carry (bearer, basic). A signature
    /// needs the body; anything the head settles is settled before one byte of the body is buffered, so a peer
    /// without credentials cannot make the server hold its megabytes.
    public enum HeadDecision: Sendable, Equatable {
        /// Settled: this answer, whatever the body.
        case decided(Decision)
        /// A source that checks a signature may take the request: the body decides.
        case needsBody
    }

    public func authenticateHead(named name: String?, header: (String) -> String?, peer: String?) -> HeadDecision {
        if let name {
            guard let source = sources.first(where: { $0.config.name == name }) else { return .decided(.unknownSource) }
            guard Self.peerAllowed(source.config, peer: peer) else { return .decided(.forbidden) }
            if Self.headerCredentialsMatch(source, header: header) { return .decided(.accepted(source: name)) }
            return Self.checksBody(source) ? .needsBody : .decided(.unauthorized)
        }
        if sources.isEmpty { return .decided(.open) }
        var bodyMayDecide = false
        for source in sources where Self.peerAllowed(source.config, peer: peer) {
            // Sources are tried in file order: a signature source before this one may still take the request.
            if Self.headerCredentialsMatch(source, header: header), !bodyMayDecide { return .decided(.accepted(source: source.config.name)) }
            if Self.checksBody(source) { bodyMayDecide = true }
        }
        return bodyMayDecide ? .needsBody : .decided(.unauthorized)
    }

    /// Whether the source proves itself with a signature over the body.
    static func checksBody(_ source: PreparedSource) -> Bool {
        source.config.hmac != nil || !source.pagerDutyKeys.isEmpty
    }

    /// A source without credentials (only `allow_ips`), or a matching bearer token or basic pair.
    static func headerCredentialsMatch(_ source: PreparedSource, header: (String) -> String?) -> Bool {
        guard source.config.hasCredentials else { return true }
        let authorization = header("Authorization")
        if !source.tokens.isEmpty, let token = credential(authorization, scheme: "Bearer"), ConstantTime.matchesAny(token, source.tokens) {
            return true
        }
        if !source.basicPairs.isEmpty, let encoded = credential(authorization, scheme: "Basic"),
            let decoded = Data(base64Encoded: encoded).map({ [UInt8]($0) })
        {
            var matched = false
            for pair in source.basicPairs where ConstantTime.equals(decoded, pair) {
                matched = true
            }
            if matched { return true }
        }
        return false
    }

    static func peerAllowed(_ source: SourceConfig, peer: String?) -> Bool {
        guard !source.allowIPs.isEmpty else { return true }
        guard let peer else { return false }
        return source.allowIPs.contains { $0.contains(peer) }
    }

    /// Any one configured credential is enough; a source without credentials accepts everyone its
    /// `allow_ips` lets through.
    static func credentialsMatch(_ source: PreparedSource, header: (String) -> String?, body: [UInt8]) -> Bool {
        if headerCredentialsMatch(source, header: header) { return true }
        if let hmac = source.config.hmac, let value = header(hmac.header), value.hasPrefix(hmac.prefix) {
            let digestText = HTTPWhitespace.trimmed(value.dropFirst(hmac.prefix.count))
            let digest = hmac.encoding == .hex ? SignatureEncoding.hex(digestText) : SignatureEncoding.base64(digestText)
            if let digest, source.hmacKeys.contains(where: { Digest.isValidHMAC(digest, of: body, key: $0) }) {
                return true
            }
        }
        if !source.pagerDutyKeys.isEmpty, let value = header("X-PagerDuty-Signature") {
            // `v1=<hex>`, several comma-separated while PagerDuty rotates the secret.
            for entry in value.split(separator: ",") {
                let trimmed = HTTPWhitespace.trimmed(entry)
                guard trimmed.hasPrefix("v1="), let digest = SignatureEncoding.hex(trimmed.dropFirst(3)) else { continue }
                if source.pagerDutyKeys.contains(where: { Digest.isValidHMAC(digest, of: body, key: $0) }) {
                    return true
                }
            }
        }
        return false
    }

    /// The credential after `scheme ` in an Authorization header (the scheme is case-insensitive).
    static func credential(_ authorization: String?, scheme: String) -> String? {
        guard let authorization else { return nil }
        let bytes = authorization.utf8
        let schemeBytes = scheme.utf8
        guard bytes.count > schemeBytes.count + 1,
            bytes.prefix(schemeBytes.count).elementsEqual(schemeBytes, by: { Self.lowercased($0) == Self.lowercased($1) }),
            bytes.dropFirst(schemeBytes.count).first == UInt8(ascii: " ")
        else { return nil }
        let value = HTTPWhitespace.trimmed(Substring(bytes.dropFirst(schemeBytes.count + 1)))
        return value.isEmpty ? nil : String(value)
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
