/// The issues that share the values of the `--group-by` dimensions, counted.
public struct ReportGroup: Sendable, Equatable {
    /// The dimension values, in `--group-by` order.
    public var key: [(dimension: ReportDimension, value: String)]
    public var issues: Int
    public var open: Int
    public var acknowledged: Int
    public var resolved: Int
    /// Issues reopened at least once.
    public var reopened: Int
    public var repeats: Int
    public var timeToAcknowledge: DurationStatistics
    public var timeToResolve: DurationStatistics

    public init(key: [(dimension: ReportDimension, value: String)], facts: [IssueFacts]) {
        self.key = key
        issues = facts.count
        open = facts.filter(\.isOpen).count
        acknowledged = facts.filter { $0.acknowledged != nil }.count
        resolved = facts.filter { $0.resolved != nil }.count
        reopened = facts.filter { $0.reopens > 0 }.count
        repeats = facts.reduce(0) { $0 + $1.repeats }
        timeToAcknowledge = DurationStatistics(facts.compactMap(\.timeToAcknowledge))
        timeToResolve = DurationStatistics(facts.compactMap(\.timeToResolve))
    }

    /// `rule=db-down, project=OPS`.
    public var label: String { key.map { "\($0.dimension.rawValue)=\($0.value)" }.joined(separator: ", ") }

    public static func == (lhs: ReportGroup, rhs: ReportGroup) -> Bool {
        lhs.key.map(\.value) == rhs.key.map(\.value) && lhs.key.map(\.dimension) == rhs.key.map(\.dimension) && lhs.issues == rhs.issues
            && lhs.open == rhs.open && lhs.acknowledged == rhs.acknowledged && lhs.resolved == rhs.resolved && lhs.reopened == rhs.reopened
            && lhs.repeats == rhs.repeats && lhs.timeToAcknowledge == rhs.timeToAcknowledge && lhs.timeToResolve == rhs.timeToResolve
    }
}
