import Foundation

/// How the issues alert2jira made in a window were handled: totals, groups, the noisiest and the ignored.
public struct Report: Sendable, Equatable {
    public var window: ReportWindow
    public var groupBy: [ReportDimension]
    public var totals: ReportGroup
    public var groups: [ReportGroup]
    /// Oldest first.
    public var issues: [IssueFacts]

    public init(window: ReportWindow, groupBy: [ReportDimension], issues: [IssueFacts]) {
        self.window = window
        self.groupBy = groupBy
        self.issues = issues.sorted { ($0.created, $0.key) < ($1.created, $1.key) }
        totals = ReportGroup(key: [], facts: issues)
        var buckets: [[String]: [IssueFacts]] = [:]
        for facts in issues { buckets[groupBy.map(facts.value(of:)), default: []].append(facts) }
        groups = buckets.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { values in
            ReportGroup(key: Array(zip(groupBy, values)).map { (dimension: $0.0, value: $0.1) }, facts: buckets[values] ?? [])
        }
    }

    /// The issues that came back most: repeats and reopens, most first; at most `limit`.
    public func noisiest(limit: Int = 10) -> [IssueFacts] {
        Array(
            issues.filter { $0.repeats + $0.reopens > 0 }
                .sorted { ($0.repeats + $0.reopens, $1.key) > ($1.repeats + $1.reopens, $0.key) }
                .prefix(limit)
        )
    }

    /// Issues no person has acknowledged yet, oldest first.
    public var neverAcknowledged: [IssueFacts] { issues.filter { $0.acknowledged == nil } }
}
