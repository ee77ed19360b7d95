import AlertModel
import AlertRules

/// Streams input through the pipeline and delivers it in batches, handing outcomes to the caller in
/// input order.
///
/// Batches are what make delivery cheap: one search finds the issues of 50 dedup keys and one bulk
/// request creates 50 issues. Memory stays bounded by one batch, however long the input is.
public struct DeliveryRunner: Sendable {
    public let delivery: Delivery
    public let maximumDocumentSize: Int
    /// Stop before anything is written: previews with live metadata and dedup lookups (`--dry-run --online`).
    public let dryRun: Bool
    /// Alerts per batch.
    public let batchSize: Int

    public init(delivery: Delivery, maximumDocumentSize: Int = DocumentReader.defaultMaximumDocumentSize, dryRun: Bool = false, batchSize: Int = 200)
    {
        self.delivery = delivery
        self.maximumDocumentSize = maximumDocumentSize
        self.dryRun = dryRun
        self.batchSize = max(1, batchSize)
    }

    public func run(
        _ sources: [InputSource],
        onOutcome: (Outcome) -> Void,
        onInputError: (InputError) -> Void
    ) async -> RunSummary {
        var summary = RunSummary()
        let unmatchedIsError = delivery.pipeline.config.unmatched == .error
        var batch: [Pipeline.Plan] = []
        func flush() async {
            guard !batch.isEmpty else { return }
            for outcome in await delivery.deliver(batch, dryRun: dryRun) {
                summary.record(outcome, unmatchedIsError: unmatchedIsError)
                onOutcome(outcome)
            }
            batch.removeAll(keepingCapacity: true)
        }
        for source in sources {
            guard let input = summary.open(source, maximumDocumentSize: maximumDocumentSize, onInputError: onInputError) else { continue }
            while let document = input.reader.next() {
                summary.documents += 1
                switch delivery.pipeline.plan(document) {
                case .failure(let error):
                    summary.inputErrors += 1
                    onInputError(error)
                case .success(let plans):
                    batch += plans
                    if batch.count >= batchSize { await flush() }
                }
            }
        }
        await flush()
        return summary
    }
}
