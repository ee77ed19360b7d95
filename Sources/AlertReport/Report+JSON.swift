import Foundation
import JSON

extension Report {
    /// `{"window", "group_by", "totals", "groups", "issues", "noisiest", "never_acknowledged"}`: times in RFC 3339,
    /// durations in seconds.
    public func json() -> JSONValue {
        .object(
            JSONObject([
                (
                    "window",
                    .object(JSONObject([("since", .string(Self.timestamp(window.since))), ("until", .string(Self.timestamp(window.until)))]))
                ),
                ("group_by", .array(groupBy.map { .string($0.rawValue) })),
                ("totals", Self.counts(totals)),
                ("groups", .array(groups.map(Self.groupJSON))),
                ("issues", .array(issues.map(Self.issueJSON))),
                (
                    "noisiest",
                    .array(
                        noisiest().map {
                            .object(
                                JSONObject([
                                    ("key", .string($0.key)), ("repeats", .number(JSONNumber($0.repeats))),
                                    ("reopens", .number(JSONNumber($0.reopens))),
                                ])
                            )
                        }
                    )
                ),
                ("never_acknowledged", .array(neverAcknowledged.map { .string($0.key) })),
            ])
        )
    }

    private static func groupJSON(_ group: ReportGroup) -> JSONValue {
        var object = JSONObject([("key", .object(JSONObject(group.key.map { ($0.dimension.jsonKey, JSONValue.string($0.value)) })))])
        if case .object(let counts) = counts(group) {
            for (name, value) in counts { object[name] = value }
        }
        return .object(object)
    }

    private static func counts(_ group: ReportGroup) -> JSONValue {
        .object(
            JSONObject([
                ("issues", .number(JSONNumber(group.issues))),
                ("open", .number(JSONNumber(group.open))),
                ("acknowledged", .number(JSONNumber(group.acknowledged))),
                ("resolved", .number(JSONNumber(group.resolved))),
                ("reopened", .number(JSONNumber(group.reopened))),
                ("tta_seconds", statistics(group.timeToAcknowledge)),
                ("ttr_seconds", statistics(group.timeToResolve)),
                ("repeats", .number(JSONNumber(group.repeats))),
            ])
        )
    }

    private static func statistics(_ statistics: DurationStatistics) -> JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map { .number(JSONNumber(($0 * 1000).rounded() / 1000)) } ?? .null }
        return .object(JSONObject([("p50", number(statistics.p50)), ("p90", number(statistics.p90)), ("mean", number(statistics.mean))]))
    }

    private static func issueJSON(_ facts: IssueFacts) -> JSONValue {
        func time(_ date: Date?) -> JSONValue { date.map { .string(timestamp($0)) } ?? .null }
        return .object(
            JSONObject([
                ("key", .string(facts.key)),
                ("url", .string(facts.url)),
                ("summary", .string(facts.summary)),
                ("rule", .string(facts.rule)),
                ("project", .string(facts.project)),
                ("issue_type", .string(facts.issueType)),
                ("priority", .string(facts.priority)),
                ("source", .string(facts.source)),
                ("created", time(facts.created)),
                ("acknowledged", time(facts.acknowledged)),
                ("resolved", time(facts.resolved)),
                ("reopens", .number(JSONNumber(facts.reopens))),
                ("repeats", .number(JSONNumber(facts.repeats))),
            ])
        )
    }
}
