import Foundation

/// p50, p90 and mean of a set of durations in seconds; `nil` figures when there are none.
public struct DurationStatistics: Sendable, Equatable {
    public var count: Int
    public var p50: Double?
    public var p90: Double?
    public var mean: Double?

    /// Percentiles by nearest rank, so every figure is a duration some issue really had.
    public init(_ values: [Double]) {
        let sorted = values.sorted()
        count = sorted.count
        guard !sorted.isEmpty else { return }
        func rank(_ percent: Double) -> Double { sorted[max(0, Int((percent / 100 * Double(sorted.count)).rounded(.up)) - 1)] }
        p50 = rank(50)
        p90 = rank(90)
        mean = sorted.reduce(0, +) / Double(sorted.count)
    }
}
