import AlertModel
import AlertRules
import Dispatch
import Glibc

/// Streams every input source through the pipeline on all cores and hands the results to the caller,
/// in input order, so a 1 GB NDJSON file previews in constant memory at full speed.
///
/// Documents are framed into batches, which are parsed, planned, shaped and encoded in parallel while
/// the next batch is framed and the one before is handed over; results keep the input order. Memory is
/// bounded by three batches.
public struct PreviewRunner: Sendable {
    public let pipeline: Pipeline
    public let maximumDocumentSize: Int
    /// Threads that process documents; 1 processes everything on the calling thread.
    public let workers: Int
    /// Documents per batch and worker: large enough to amortise the hand-off, small enough for memory.
    static let documentsPerWorker = 128
    /// Slices each batch is cut into per worker, so a worker that finishes early takes another one.
    static let slicesPerWorker = 4

    public init(pipeline: Pipeline, maximumDocumentSize: Int = DocumentReader.defaultMaximumDocumentSize, workers: Int = 1) {
        self.pipeline = pipeline
        self.maximumDocumentSize = maximumDocumentSize
        self.workers = max(1, workers)
    }

    /// Encodes every outcome on the worker threads and writes the bytes in input order.
    ///
    /// Outcomes never leave the workers: each slice of a batch is encoded into one buffer and counted
    /// there, and no outcome is freed far from where it was made.
    ///
    /// - Parameters:
    ///   - encode: appends one outcome's bytes; runs on the worker threads.
    ///   - write: the bytes of many outcomes at once, in input order. Calls to it and to `onInputError`
    ///     never overlap, but may come from any of the threads, beside the processing of later documents.
    ///   - onInputError: called after the bytes of every document before it.
    public func run(
        _ sources: [InputSource],
        encode: @escaping @Sendable (Outcome, inout [UInt8]) -> Void,
        write: ([UInt8]) -> Void,
        onInputError: (InputError) -> Void
    ) -> RunSummary {
        let pipeline = self.pipeline
        let unmatchedIsError = pipeline.config.unmatched == .error
        return stream(
            sources,
            onInputError: onInputError,
            process: { documents in
                var bytes: [UInt8] = []
                // A record is about twice its input plus a request; room for that up front spares the
                // buffer its doublings, each a copy of everything written so far.
                bytes.reserveCapacity(documents.reduce(0) { $0 + $1.byteCount * 2 + 1024 })
                var summary = RunSummary()
                var errors: [(offset: Int, error: InputError)] = []
                for document in documents {
                    summary.count(
                        pipeline.preview(document.parsed()),
                        unmatchedIsError: unmatchedIsError,
                        outcome: { encode($0, &bytes) },
                        inputError: { errors.append((bytes.count, $0)) }
                    )
                }
                return EncodedSlice(bytes: bytes, summary: summary, errors: errors)
            },
            consume: { slice, summary in
                summary.merge(slice.summary)
                var written = 0
                for (offset, error) in slice.errors {
                    if offset > written { write(Array(slice.bytes[written..<offset])) }
                    written = offset
                    onInputError(error)
                }
                if written == 0 {
                    if !slice.bytes.isEmpty { write(slice.bytes) }
                } else if slice.bytes.count > written {
                    write(Array(slice.bytes[written...]))
                }
            }
        )
    }

    /// Hands every outcome itself to the caller, on the calling thread (`check` keeps its samples' outcomes).
    public func run(
        _ sources: [InputSource],
        onOutcome: (Outcome) -> Void,
        onInputError: (InputError) -> Void
    ) -> RunSummary {
        let pipeline = self.pipeline
        let unmatchedIsError = pipeline.config.unmatched == .error
        return stream(
            sources,
            onInputError: onInputError,
            process: { documents in documents.map { pipeline.preview($0.parsed()) } },
            consume: { results, summary in
                for result in results {
                    summary.count(result, unmatchedIsError: unmatchedIsError, outcome: onOutcome, inputError: onInputError)
                }
            }
        )
    }

    /// Frames batches of documents, runs `process` over slices of each batch on the workers, and
    /// consumes the slices' results in input order.
    ///
    /// Three stages overlap: while the workers process one batch, one task frames the next and another
    /// consumes (writes) the one before, so no core waits for the reading or the writing.
    private func stream<Output: Sendable>(
        _ sources: [InputSource],
        onInputError: (InputError) -> Void,
        process: @escaping @Sendable (ArraySlice<UnparsedDocument>) -> Output,
        consume: (Output, inout RunSummary) -> Void
    ) -> RunSummary {
        var summary = RunSummary()
        for source in sources {
            guard let input = summary.open(source, maximumDocumentSize: maximumDocumentSize, onInputError: onInputError) else { continue }
            let framer = BatchFramer(input: input, batchSize: workers * Self.documentsPerWorker)
            var batch = framer.frame()
            var processed: [Output] = []
            while !batch.isEmpty {
                let previous = processed
                processed = processFramingNext(batch, framer: framer, process) {
                    for output in previous { consume(output, &summary) }
                }
                batch = framer.takeFramed()
            }
            for output in processed { consume(output, &summary) }
        }
        return summary
    }

    /// Processes `batch` in slices, and beside them frames the next batch and runs `alongside`, each as
    /// one task. There are several slices per worker, so that a worker that finishes early takes
    /// another slice instead of waiting for the slowest one.
    private func processFramingNext<Output: Sendable>(
        _ batch: [UnparsedDocument],
        framer: BatchFramer,
        _ process: @escaping @Sendable (ArraySlice<UnparsedDocument>) -> Output,
        alongside: () -> Void
    ) -> [Output] {
        guard workers > 1, batch.count > 1 else {
            alongside()
            framer.frameNext()
            return [process(batch[...])]
        }
        let slices = min(workers * Self.slicesPerWorker, batch.count)
        let slots = Slots<Output>(count: slices)
        withoutActuallyEscaping(alongside) { alongside in
            let alongside = SingleTask(run: alongside)
            DispatchQueue.concurrentPerform(iterations: slices + 2) { task in
                switch task {
                case 0: framer.frameNext()
                case 1: alongside.run()
                default:
                    let slice = task - 2
                    slots.set(slice, process(batch[(batch.count * slice / slices)..<(batch.count * (slice + 1) / slices)]))
                }
            }
        }
        return slots.values
    }
}

/// Work that runs as exactly one task of a `concurrentPerform`, on whichever thread takes it.
///
/// `@unchecked Sendable` because nothing else runs it meanwhile: the calling thread is inside the same
/// `concurrentPerform`, whose start and end order the task's accesses before and after everything else.
private struct SingleTask: @unchecked Sendable {
    let run: () -> Void
}

/// Reads batches of documents from one input, one batch ahead of the one being processed.
///
/// `@unchecked Sendable` because only one task at a time touches it: `frameNext` runs as a single task
/// of a `concurrentPerform`, and `takeFramed` and `frame` run on the calling thread outside it.
private final class BatchFramer: @unchecked Sendable {
    private let input: OpenedInput
    private let batchSize: Int
    private var framed: [UnparsedDocument] = []

    init(input: OpenedInput, batchSize: Int) {
        self.input = input
        self.batchSize = batchSize
    }

    /// The next batch; empty at the end of the input.
    func frame() -> [UnparsedDocument] {
        var batch: [UnparsedDocument] = []
        batch.reserveCapacity(batchSize)
        while batch.count < batchSize, let document = input.reader.nextUnparsed() {
            batch.append(document)
        }
        return batch
    }

    func frameNext() {
        framed = frame()
    }

    func takeFramed() -> [UnparsedDocument] {
        defer { framed = [] }
        return framed
    }
}

/// What a worker made of one slice of a batch: the bytes of its outcomes, what they count for, and
/// the input errors with the byte offset they come after.
private struct EncodedSlice: Sendable {
    var bytes: [UInt8]
    var summary: RunSummary
    var errors: [(offset: Int, error: InputError)]
}

/// Result slots written by several threads at once.
///
/// `@unchecked Sendable` because the threads never share an index: each writes its own slot, and
/// the values are read only after `concurrentPerform` returns, which orders those writes before.
private final class Slots<Value: Sendable>: @unchecked Sendable {
    // A raw buffer rather than an array property: concurrent writes to an array stored in a class
    // would be concurrent `modify` accesses to that property, which exclusivity checking forbids.
    private let storage: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func set(_ index: Int, _ value: Value) {
        storage[index] = value
    }

    var values: [Value] { storage.map { $0! } }
}
