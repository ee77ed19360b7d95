import AlertConfig
import Foundation

/// The span of creation times a report covers: issues created at or after `since` and before `until`.
public struct ReportWindow: Sendable, Equatable {
    public var since: Date
    public var until: Date

    public init(since: Date, until: Date) {
        self.since = since
        self.until = until
    }

    /// From `--since` (a duration back from `until`, `30d`, or a date) and `--until` (a date; default now).
    public static func parse(since: String, until: String?, now: Date) throws(ReportError) -> ReportWindow {
        var end = now
        if let until {
            guard let date = parseDate(until) else { throw .badOption("--until", until, "give a date (2026-11-30) or a time (2026-11-30T12:00:00Z)") }
            end = date
        }
        let start: Date
        if let duration = DurationParser.parse(since) {
            start = end.addingTimeInterval(-Double(duration.components.seconds))
        } else if let date = parseDate(since) {
            start = date
        } else {
            throw .badOption("--since", since, "give a duration back from --until (30d, 12h) or a date (2026-11-01)")
        }
        guard start < end else { throw .badOption("--since", since, "the window is empty: --since must come before --until") }
        return ReportWindow(since: start, until: end)
    }

    /// `2026-11-30` (midnight UTC) or an RFC 3339 time.
    static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)
    }
}
