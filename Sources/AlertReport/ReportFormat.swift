import Foundation
import JSON

/// The report's output formats (`--output`).
public enum ReportFormat: String, Sendable, CaseIterable {
    case text
    case json
    case csv
    case html

    /// The report written in this format.
    public func render(_ report: Report) -> String {
        switch self {
        case .text: report.text()
        case .json: report.json().prettyJSONString + "\n"
        case .csv: report.csv()
        case .html: report.html()
        }
    }
}

extension Report {
    /// RFC 3339 in UTC, whole seconds: `2026-11-30T12:00:00Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// `45s`, `12m`, `3h 05m`, `2d 4h`: what a person reads at a glance.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" }
        if total < 86_400 { return "\(total / 3600)h \(String(format: "%02d", total / 60 % 60))m" }
        return "\(total / 86_400)d \(total / 3600 % 24)h"
    }
}
