import AlertModel
import AlertRules
import Dispatch
import Glibc

/// Streams every input source through the pipeline on all cores and hands each outcome to the caller,
/// in input order, so a 1 GB NDJSON file previews in constant memory at full speed.
///
/// One thread frames documents; batches of them are parsed, planned, shaped and encoded in parallel;
/// results come back in order. Memory is bounded by one batch.
public struct PreviewRunner: Sendable {
    public let pipeline: Pipeline
    public let maximumDocumentSize: Int
    /// Threads that process documents; 1 processes everything on the calling thread.
    public let workers: Int
    /// Documents per batch and worker: large enough to amortise the hand-off, small enough for memory.
    static let documentsPerWorker = 128

    public init(pipeline: Pipeline, maximumDocumentSize: Int = DocumentReader.defaultMaximumDocumentSize, workers: Int = 1) {
        self.pipeline = pipeline
        self.maximumDocumentSize = maximumDocumentSize
        self.workers = max(1, workers)
    }

    /// - Parameters:
    ///   - encode: runs on the worker threads; what it returns is handed to `onOutcome` with the outcome.
    ///   - onOutcome: called on the calling thread, in input order.
    public func run(
        _ sources: [InputSource],
        encode: @escaping @Sendable (Outcome) -> [UInt8] = { _ in [] },
        onOutcome: (Outcome, [UInt8]) -> Void,
        onInputError: (InputError) -> Void
    ) -> RunSummary {
        var summary = RunSummary()
        let unmatchedIsError = pipeline.config.unmatched == .error
        let batchSize = workers * Self.documentsPerWorker
        for source in sources {
            guard let input = summary.open(source, maximumDocumentSize: maximumDocumentSize, onInputError: onInputError) else { continue }
            var batch: [UnparsedDocument] = []
            batch.reserveCapacity(batchSize)
            var exhausted = false
            while !exhausted {
                batch.removeAll(keepingCapacity: true)
                while batch.count < batchSize, let document = input.reader.nextUnparsed() {
                    batch.append(document)
                }
                exhausted = batch.count < batchSize
                for result in process(batch, encode: encode) {
                    summary.documents += 1
                    switch result {
                    case .success(let outcomes):
                        for (outcome, bytes) in outcomes {
                            summary.record(outcome, unmatchedIsError: unmatchedIsError)
                            onOutcome(outcome, bytes)
                        }
                    case .failure(let error):
                        summary.inputErrors += 1
                        onInputError(error)
                    }
                }
            }
        }
        return summary
    }

    private typealias DocumentResult = Result<[(Outcome, [UInt8])], InputError>

    /// Each worker takes a contiguous slice of the batch; results keep the batch's order.
    private func process(_ batch: [UnparsedDocument], encode: @escaping @Sendable (Outcome) -> [UInt8]) -> [DocumentResult] {
        let pipeline = self.pipeline
        @Sendable func handle(_ document: UnparsedDocument) -> DocumentResult {
            pipeline.preview(document.parsed()).map { outcomes in outcomes.map { ($0, encode($0)) } }
        }
        guard workers > 1, batch.count > 1 else { return batch.map(handle) }
        let slots = Slots(count: batch.count)
        let slices = min(workers, batch.count)
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            for index in (batch.count * slice / slices)..<(batch.count * (slice + 1) / slices) {
                slots.set(index, handle(batch[index]))
            }
        }
        return slots.values
    }
}

/// Result slots written by several threads at once.
///
/// `@unchecked Sendable` because the threads never share an index: each writes its own slice, and
/// the values are read only after `concurrentPerform` returns, which orders those writes before.
private final class Slots: @unchecked Sendable {
    private typealias Value = Result<[(Outcome, [UInt8])], InputError>
    // A raw buffer rather than an array property: concurrent writes to an array stored in a class
    // would be concurrent `modify` accesses to that property, which exclusivity checking forbids.
    private let storage: UnsafeMutableBufferPointer<Value>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: .success([]))
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func set(_ index: Int, _ value: Result<[(Outcome, [UInt8])], InputError>) {
        storage[index] = value
    }

    var values: [Result<[(Outcome, [UInt8])], InputError>] { Array(storage) }
}
