import Alert2Jira
import AlertModel
import AlertRules
import JiraKit
import Synchronization

/// Everything the server derives from one version of the config: the pipeline, one Jira client per
/// connection, the sources' checks. SIGHUP builds a new one and swaps it in whole, so a request or a
/// delivery always sees one consistent config. A class, so handing it to a request is one retain.
public final class ServerRuntime: Sendable {
    public let config: Config
    public let pipeline: Pipeline
    public let delivery: Delivery
    public let authenticator: SourceAuthenticator
    /// Detects formats (`POST /alerts`).
    let detecting: Ingestor
    /// One per format id, for forced formats and for reading spooled payloads the way they were read.
    let forced: [String: Ingestor]

    /// How hard the server retries a Jira request before leaving the alert to the spool's backoff:
    /// briefly, so a Jira outage parks alerts in the spool instead of holding delivery slots.
    public static let retryPolicy = RetryPolicy(
        maximumAttempts: 3,
        maximumTotal: .seconds(10),
        baseDelay: .milliseconds(250),
        maximumDelay: .seconds(2)
    )

    public init(config: Config, clients: [String: JiraClient]) throws(IngestorError) {
        self.config = config
        let ingestor = try Ingestor()
        pipeline = Pipeline(config: config, ingestor: ingestor)
        delivery = Delivery(pipeline: pipeline, clients: clients)
        authenticator = SourceAuthenticator(sources: config.sources)
        detecting = ingestor
        var forced: [String: Ingestor] = [:]
        for format in AlertFormats.all {
            forced[format.id] = try Ingestor(forcedFormat: format.id)
        }
        self.forced = forced
    }

    /// A client per connection over libcurl, reporting every exchange to `metrics`.
    public static func makeClients(for config: Config, concurrency: Int, metrics: ServerMetrics) async -> [String: JiraClient] {
        var clients: [String: JiraClient] = [:]
        for (name, connection) in config.connections {
            let transport = Delivery.curlTransport(for: connection, concurrency: concurrency)
            let client = JiraClient(connection: connection, transport: transport, retryPolicy: retryPolicy)
            await client.setObserver { record in metrics.jiraRequest(record) }
            clients[name] = client
        }
        return clients
    }

    /// The ingestor for a format id, or the detecting one for `nil`.
    func ingestor(format: String?) -> Ingestor? {
        guard let format else { return detecting }
        return forced[format]
    }

    /// Whether a source (or the server, without one) accepts payloads of no known shape.
    func allowsGeneric(source: String?) -> Bool {
        source.flatMap { authenticator.source(named: $0)?.allowGeneric } ?? config.server.allowGeneric
    }

    /// The SNS topics a source accepts.
    func snsTopics(source: String?) -> SNSTopicAllowList {
        SNSTopicAllowList(source.flatMap { authenticator.source(named: $0)?.snsTopics } ?? config.server.snsTopics)
    }
}

/// The runtime in force, replaced whole on reload; reads take a lock for a pointer's worth of time.
public final class RuntimeStore: Sendable {
    private let runtime: Mutex<ServerRuntime>

    public init(_ runtime: ServerRuntime) {
        self.runtime = Mutex(runtime)
    }

    public var current: ServerRuntime { runtime.withLock { $0 } }

    public func replace(_ new: ServerRuntime) {
        runtime.withLock { $0 = new }
    }
}
