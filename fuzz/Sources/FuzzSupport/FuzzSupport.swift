import AlertModel
import Glibc
import JSON

/// Stops the fuzz target with `message` when an invariant does not hold, so libFuzzer records the input
/// as a crash (`fatalError` traps, which libFuzzer's signal handler reports with the input).
public func require(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fatalError(message(), file: file, line: line) }
}

/// Splits a fuzz input into the parts a target needs.
///
/// Parts are separated by NUL bytes, which no seed (the JSON and YAML under `samples/`) contains: a seed is
/// one part, the whole file, and the fuzzer discovers the separator by mutation.
public struct FuzzInput {
    public let bytes: [UInt8]

    public init(_ data: UnsafePointer<UInt8>, _ size: Int) {
        bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    }

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The NUL-separated parts; always at least one, and at most 16: the last holds the rest of the input, NULs and
    /// all. The fuzzer inserts runs of NULs freely, and hundreds of tiny parts cost the targets milliseconds per
    /// input (each part is a string, a literal and a label of its own) without reaching code 16 parts don't.
    public var parts: [ArraySlice<UInt8>] {
        bytes.split(separator: 0, maxSplits: 15, omittingEmptySubsequences: false)
    }

    /// The parts as text, invalid UTF-8 repaired as `String(decoding:)` does.
    public var textParts: [String] {
        parts.map { String(decoding: $0, as: UTF8.self) }
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// An alert filled with `text` (cut in pieces) everywhere a template can reach, including `raw`.
public func alert(from parts: [String], raw: JSONValue = .null) -> Alert {
    func part(_ index: Int) -> String { parts.isEmpty ? "" : parts[index % parts.count] }
    var labels: [String: String] = [:]
    var annotations: [String: String] = [:]
    for (index, text) in parts.enumerated() {
        labels["l\(index)"] = text
        annotations["a\(index)"] = text
    }
    labels["team"] = part(1)
    labels["severity"] = part(2)
    annotations["runbook"] = part(3)
    return Alert(
        source: "fuzz",
        id: part(0),
        fingerprint: part(1),
        severityRaw: part(2),
        title: part(0),
        summary: part(1),
        labels: labels,
        annotations: annotations,
        startsAt: part(2),
        url: part(3),
        cost: Cost(amount: 1.5, currency: part(0)),
        resource: Resource(service: part(1), account: part(2), region: part(3)),
        raw: raw
    )
}

/// Runs `body` with LeakSanitizer off for what it allocates, for values a target builds once and keeps.
///
/// LeakSanitizer reports a global that holds Swift enums with payloads, as it can't see pointers that carry an
/// enum's tag in their spare bits.
public func withoutLeakChecks<T>(_ body: () -> T) -> T {
    lsanDisable()
    defer { lsanEnable() }
    return body()
}

@_silgen_name("__lsan_disable") private func lsanDisable()
@_silgen_name("__lsan_enable") private func lsanEnable()

/// Runs `body` once more on the input repeated to about 32 KiB, for some inputs (chosen by the input's bytes, so a
/// reproducer repeats it), and requires that to take under 3 seconds of this thread's CPU time: linear work on
/// 32 KiB takes milliseconds, so only a quadratic (or worse) blow-up can fail. CPU time, not wall time, so a busy
/// machine (or a stopped process) is no finding. Inputs of at most a few KiB would never show one within
/// libFuzzer's `-timeout`.
///
/// The repeated run costs about as much as `copies` runs of the input, so it is made for one input in
/// 8 × `copies` (one in 256 at 1 KiB, one in 4,096 at 64 bytes): the check then takes at most about an eighth of the
/// target's time whatever its inputs' sizes. At a fixed one in 64 it took up to a third of fuzz-template's time. The
/// price: a 30-second run tiles a few dozen inputs per target where it tiled a few hundred; longer runs tile more.
public func requireLinear(_ input: FuzzInput, _ body: ([UInt8]) -> Void) {
    guard !input.bytes.isEmpty else { return }
    let copies = max(1, 32_768 / input.bytes.count)
    var hash: UInt32 = 2_166_136_261
    for byte in input.bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
    guard hash % UInt32(8 * copies) == 0 else { return }
    var tiled: [UInt8] = []
    tiled.reserveCapacity(copies * input.bytes.count)
    for _ in 0..<copies { tiled += input.bytes }
    let start = threadCPUTime()
    body(tiled)
    let elapsed = threadCPUTime() - start
    require(elapsed < .seconds(3), "\(copies) copies of the input took \(elapsed) of CPU: quadratic?")
}

/// The CPU time the calling thread has used.
private func threadCPUTime() -> Duration {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return .seconds(now.tv_sec) + .nanoseconds(now.tv_nsec)
}
