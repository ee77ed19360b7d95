extension Report {
    /// Aligned tables for a terminal: totals, one row per group, then the noisiest and the never acknowledged.
    public func text() -> String {
        var out = "Alert issues created \(Self.timestamp(window.since)) – \(Self.timestamp(window.until))\n\n"
        let columns =
            groupBy.map(\.rawValue) + [
                "issues", "open", "acked", "resolved", "reopened", "TTA p50", "p90", "mean", "TTR p50", "p90", "mean", "repeats",
            ]
        var rows = groups.map { group in group.key.map(\.value) + Self.figures(group) }
        rows.append(groupBy.enumerated().map { $0.offset == 0 ? "all" : "" } + Self.figures(totals))
        out += Self.table(columns, rows, numericFrom: groupBy.count)
        if issues.isEmpty {
            out += "\nNo issue made by alert2jira in this window (issues carry the label \"alert2jira\").\n"
            return out
        }
        let noisy = noisiest()
        if !noisy.isEmpty {
            out += "\nNoisiest alerts (repeats + reopens)\n"
            out += Self.table(
                ["key", "repeats", "reopens", "rule", "summary"],
                noisy.map { [$0.key, String($0.repeats), String($0.reopens), $0.rule, Self.clipped($0.summary)] },
                numericFrom: 1,
                numericUntil: 3
            )
        }
        let ignored = neverAcknowledged
        if !ignored.isEmpty {
            out += "\nNever acknowledged (\(ignored.count))\n"
            let shown = ignored.prefix(10)
            out += Self.table(
                ["key", "created", "rule", "summary"],
                shown.map { [$0.key, Self.timestamp($0.created), $0.rule, Self.clipped($0.summary)] },
                numericFrom: 4
            )
            if ignored.count > shown.count { out += "… and \(ignored.count - shown.count) more (--output csv lists every issue)\n" }
        }
        return out
    }

    private static func figures(_ group: ReportGroup) -> [String] {
        [
            String(group.issues), String(group.open), String(group.acknowledged), String(group.resolved), String(group.reopened),
            duration(group.timeToAcknowledge.p50), duration(group.timeToAcknowledge.p90), duration(group.timeToAcknowledge.mean),
            duration(group.timeToResolve.p50), duration(group.timeToResolve.p90), duration(group.timeToResolve.mean), String(group.repeats),
        ]
    }

    /// Summaries are alert text: one line, control characters out, at most 60 characters.
    static func clipped(_ text: String) -> String {
        let line = String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
        return line.count > 60 ? String(line.prefix(59)) + "…" : line
    }

    /// Columns padded to their widest cell; numeric columns (from `numericFrom` up to `numericUntil`) aligned right.
    static func table(_ header: [String], _ rows: [[String]], numericFrom: Int, numericUntil: Int = .max) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: max(0, widths[column] - cell.count))
                return column >= numericFrom && column < numericUntil ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingTrailingSpaces
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
