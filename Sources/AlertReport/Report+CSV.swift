import Foundation

extension Report {
    static let csvHeader = [
        "key", "url", "summary", "rule", "project", "issue_type", "priority", "source", "created", "acknowledged", "resolved", "tta_seconds",
        "ttr_seconds", "reopens", "repeats",
    ]

    /// One row per issue (RFC 4180), header first.
    public func csv() -> String {
        var lines = [Self.csvHeader.joined(separator: ",")]
        for facts in issues {
            let row: [String] = [
                facts.key, facts.url, facts.summary, facts.rule, facts.project, facts.issueType, facts.priority, facts.source,
                Self.timestamp(facts.created), facts.acknowledged.map(Self.timestamp) ?? "", facts.resolved.map(Self.timestamp) ?? "",
                facts.timeToAcknowledge.map { String(Int($0.rounded())) } ?? "", facts.timeToResolve.map { String(Int($0.rounded())) } ?? "",
                String(facts.reopens), String(facts.repeats),
            ]
            lines.append(row.map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Quoted when needed; a leading `=`, `+`, `-` or `@` gets a `'` so a spreadsheet never runs an alert's text as a
    /// formula.
    static func csvField(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@\t\r".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
