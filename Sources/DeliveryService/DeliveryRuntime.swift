import Alert2Jira
import AlertModel
import AlertRules
import JiraKit

/// What the worker derives from one version of the config: the pipeline and its Jira clients, and the
/// ingestors that read spooled payloads. A reload builds a new one; an attempt keeps the one it started with.
public final class DeliveryRuntime: Sendable {
    public let delivery: Delivery
    public let ingestors: FormatIngestors

    public init(delivery: Delivery, ingestors: FormatIngestors) {
        self.delivery = delivery
        self.ingestors = ingestors
    }

    public var pipeline: Pipeline { delivery.pipeline }
    /// The connections the config defines, by name.
    public var connections: [String] { Array(delivery.pipeline.config.connections.keys) }
}
