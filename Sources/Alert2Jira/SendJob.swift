import AlertModel
import AlertRules
import Foundation

/// `alert2jira send` as a library call: the right runner for the options (a parallel offline preview,
/// or delivery in batches, with or without writing), so the executable only parses and prints.
public struct SendJob: Sendable {
    public struct Options: Sendable {
        /// Show what would be sent; send nothing.
        public var dryRun = false
        /// With `dryRun`: ask Jira for metadata and existing issues, so the preview is exact.
        public var online = false
        /// Requests to Jira in flight at once.
        public var concurrency = 4
        /// Decode every document as this format instead of detecting it.
        public var forcedFormat: String?
        public var maximumDocumentSize = DocumentReader.defaultMaximumDocumentSize

        public init() {}
    }

    public let config: Config
    public let options: Options
    let pipeline: Pipeline

    public init(config: Config, options: Options) throws(IngestorError) {
        self.config = config
        self.options = options
        pipeline = Pipeline(config: config, ingestor: try Ingestor(forcedFormat: options.forcedFormat))
    }

    /// Whether the job talks to Jira (it delivers, or previews online).
    public var usesJira: Bool { !options.dryRun || options.online }

    /// What the operator should hear before the job starts (insecure TLS and the like).
    public var warnings: [String] { usesJira ? Delivery.startupWarnings(for: config) : [] }

    /// Runs every source through the pipeline.
    ///
    /// - Parameters:
    ///   - encode: appends an outcome's output bytes; an offline preview runs it on worker threads.
    ///   - write: the output bytes of one or more outcomes, in input order.
    public func run(
        _ sources: [InputSource],
        encode: @escaping @Sendable (Outcome, inout [UInt8]) -> Void,
        write: ([UInt8]) -> Void,
        onInputError: (InputError) -> Void
    ) async -> RunSummary {
        guard usesJira else {
            let runner = PreviewRunner(
                pipeline: pipeline,
                maximumDocumentSize: options.maximumDocumentSize,
                workers: ProcessInfo.processInfo.activeProcessorCount
            )
            return runner.run(sources, encode: encode, write: write, onInputError: onInputError)
        }
        let delivery = Delivery(
            pipeline: pipeline,
            clients: Delivery.curlClients(for: config, concurrency: options.concurrency),
            concurrency: options.concurrency
        )
        let runner = DeliveryRunner(delivery: delivery, maximumDocumentSize: options.maximumDocumentSize, dryRun: options.dryRun)
        return await runner.run(
            sources,
            onOutcome: { outcome in
                var bytes: [UInt8] = []
                encode(outcome, &bytes)
                write(bytes)
            },
            onInputError: onInputError
        )
    }
}
