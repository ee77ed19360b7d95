import AlertModel
import AlertRules

#if canImport(Glibc)
import Glibc
#endif

/// Streams input through the pipeline and delivers each planned issue, several at a time, handing
/// outcomes to the caller in input order.
///
/// At most `concurrency` deliveries are in flight, so memory stays bounded however long the input is.
public struct DeliveryRunner: Sendable {
    public let delivery: Delivery
    public let concurrency: Int
    public let maximumDocumentSize: Int
    /// Stop after preflight: previews with live metadata (`--dry-run --online`).
    public let dryRun: Bool

    public init(delivery: Delivery, concurrency: Int = 4, maximumDocumentSize: Int = DocumentReader.defaultMaximumDocumentSize, dryRun: Bool = false)
    {
        self.delivery = delivery
        self.concurrency = max(1, concurrency)
        self.maximumDocumentSize = maximumDocumentSize
        self.dryRun = dryRun
    }

    public func run(
        _ sources: [InputSource],
        onOutcome: (Outcome) -> Void,
        onInputError: (InputError) -> Void
    ) async -> RunSummary {
        var summary = RunSummary()
        let unmatchedIsError = delivery.pipeline.config.unmatched == .error
        let delivery = self.delivery
        let dryRun = self.dryRun
        await withTaskGroup(of: (Int, Outcome).self) { group in
            var nextIndex = 0
            var nextToEmit = 0
            var inFlight = 0
            var finished: [Int: Outcome] = [:]
            func emitReady() {
                while let outcome = finished.removeValue(forKey: nextToEmit) {
                    summary.record(outcome, unmatchedIsError: unmatchedIsError)
                    onOutcome(outcome)
                    nextToEmit += 1
                }
            }
            func collectOne() async {
                guard let (index, outcome) = await group.next() else { return }
                inFlight -= 1
                finished[index] = outcome
                emitReady()
            }
            for source in sources {
                switch source.open(maximumDocumentSize: maximumDocumentSize) {
                case .failure(let error):
                    summary.inputErrors += 1
                    onInputError(error)
                case .success(let opened):
                    var reader = opened.reader
                    defer { if opened.fileDescriptor != 0 { close(opened.fileDescriptor) } }
                    while let document = reader.next() {
                        summary.documents += 1
                        switch delivery.pipeline.plan(document) {
                        case .failure(let error):
                            summary.inputErrors += 1
                            onInputError(error)
                        case .success(let plans):
                            for plan in plans {
                                while inFlight >= concurrency { await collectOne() }
                                let index = nextIndex
                                nextIndex += 1
                                inFlight += 1
                                group.addTask { (index, await delivery.deliver(plan, dryRun: dryRun)) }
                            }
                        }
                    }
                }
            }
            while inFlight > 0 { await collectOne() }
        }
        return summary
    }
}
