import Alert2Jira
import AlertModel
import AlertRules
import DeliveryService
import JiraKit
import Synchronization
import WebhookIngest

/// Everything the server derives from one version of the config: the intake's checks and the worker's
/// pipeline and Jira clients. SIGHUP builds a new one and swaps it in whole, so a request or a delivery
/// always sees one consistent config.
public final class ServerRuntime: Sendable {
    public let config: Config
    public let intake: IntakeRuntime
    public let delivery: DeliveryRuntime

    /// How hard the server retries a Jira request before leaving the alert to the spool's backoff:
    /// briefly, so a Jira outage parks alerts in the spool instead of holding delivery slots.
    public static let retryPolicy = RetryPolicy(
        maximumAttempts: 3,
        maximumTotal: .seconds(10),
        baseDelay: .milliseconds(250),
        maximumDelay: .seconds(2)
    )

    public init(
        config: Config,
        clients: [String: JiraClient],
        coordinator: any DeliveryCoordinator = ProcessCoordinator()
    ) throws(IngestorError) {
        self.config = config
        let ingestors = try FormatIngestors()
        intake = IntakeRuntime(server: config.server, sources: config.sources, ingestors: ingestors)
        let pipeline = Pipeline(config: config, ingestor: ingestors.detecting)
        delivery = DeliveryRuntime(delivery: Delivery(pipeline: pipeline, clients: clients, coordinator: coordinator), ingestors: ingestors)
    }

    /// A client per connection over libcurl, reporting every exchange to `metrics`.
    public static func makeClients(for config: Config, concurrency: Int, metrics: ServerMetrics) async -> [String: JiraClient] {
        var clients: [String: JiraClient] = [:]
        for (name, connection) in config.connections {
            let transport = Delivery.curlTransport(for: connection, concurrency: concurrency)
            let client = JiraClient(connection: connection, transport: transport, retryPolicy: retryPolicy)
            await client.setObserver { record in
                metrics.jiraRequest(
                    connection: record.connection,
                    method: record.method,
                    path: record.path,
                    status: record.status,
                    duration: record.duration
                )
            }
            clients[name] = client
        }
        return clients
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
