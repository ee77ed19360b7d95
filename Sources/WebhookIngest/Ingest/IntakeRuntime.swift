import AlertConfig
import AlertModel

/// What the intake derives from one version of the config: the server settings, the sources' checks and the
/// ingestors. A reload builds a new one and swaps it in whole, so a request is judged by one config from its
/// head to its answer. A class, so handing it to a request is one retain.
public final class IntakeRuntime: Sendable {
    public let server: ServerConfig
    public let authenticator: SourceAuthenticator
    let ingestors: FormatIngestors

    public init(server: ServerConfig, sources: [SourceConfig], ingestors: FormatIngestors) {
        self.server = server
        authenticator = SourceAuthenticator(sources: sources)
        self.ingestors = ingestors
    }

    /// The ingestor for a format id, or the detecting one for `nil`.
    func ingestor(format: String?) -> Ingestor? {
        ingestors.ingestor(format: format)
    }

    /// Whether a source (or the server, without one) accepts payloads of no known shape.
    func allowsGeneric(source: String?) -> Bool {
        source.flatMap { authenticator.source(named: $0)?.allowGeneric } ?? server.allowGeneric
    }

    /// The SNS topics a source accepts.
    func snsTopics(source: String?) -> SNSTopicAllowList {
        SNSTopicAllowList(source.flatMap { authenticator.source(named: $0)?.snsTopics } ?? server.snsTopics)
    }
}
