import Foundation

extension Report {
    /// One self-contained page: inline CSS and SVG, no script, nothing fetched. Charts: time to acknowledge and to
    /// resolve per group (each issue a dot, p50 and p90 marked), issues opened and resolved per day, the noisiest alerts.
    public func html() -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>alert2jira report \(Self.escape(Self.timestamp(window.since))) – \(Self.escape(Self.timestamp(window.until)))</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#172b4d;max-width:1100px}
            h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em}
            table{border-collapse:collapse;margin:.5em 0}th,td{padding:.25em .7em;border-bottom:1px solid #dfe1e6;text-align:left}
            td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
            .tiles{display:flex;gap:1em;flex-wrap:wrap}.tile{border:1px solid #dfe1e6;border-radius:6px;padding:.6em 1em;min-width:8em}
            .tile b{display:block;font-size:1.6em}svg text{font:12px system-ui,sans-serif;fill:#172b4d}
            </style></head><body>
            <h1>Alert issues created \(Self.escape(Self.timestamp(window.since))) – \(Self.escape(Self.timestamp(window.until)))</h1>

            """
        page += "<div class=\"tiles\">"
        for (label, value) in [
            ("issues", String(totals.issues)), ("still open", String(totals.open)), ("acknowledged", String(totals.acknowledged)),
            ("resolved", String(totals.resolved)), ("reopened", String(totals.reopened)),
            ("time to acknowledge, p50", Self.duration(totals.timeToAcknowledge.p50)),
            ("time to resolve, p50", Self.duration(totals.timeToResolve.p50)),
        ] {
            page += "<div class=\"tile\"><b>\(Self.escape(value))</b>\(Self.escape(label))</div>"
        }
        page += "</div>\n"
        page += "<h2>Groups</h2>\n" + groupTable()
        page += "<h2>Time to acknowledge</h2>\n" + durationChart(\.timeToAcknowledge, \.timeToAcknowledge)
        page += "<h2>Time to resolve</h2>\n" + durationChart(\.timeToResolve, \.timeToResolve)
        page += "<h2>Opened and resolved per day</h2>\n" + dailyChart()
        page += "<h2>Noisiest alerts</h2>\n" + noisyChart()
        let ignored = neverAcknowledged
        page += "<h2>Never acknowledged (\(ignored.count))</h2>\n<table><tr><th>key</th><th>created</th><th>rule</th><th>summary</th></tr>\n"
        for facts in ignored {
            page +=
                "<tr><td><a href=\"\(Self.escape(facts.url))\">\(Self.escape(facts.key))</a></td><td>\(Self.escape(Self.timestamp(facts.created)))</td>"
            page += "<td>\(Self.escape(facts.rule))</td><td>\(Self.escape(facts.summary))</td></tr>\n"
        }
        return page + "</table>\n</body></html>\n"
    }

    private func groupTable() -> String {
        var html = "<table><tr>" + groupBy.map { "<th>\(Self.escape($0.rawValue))</th>" }.joined()
        for title in ["issues", "open", "acknowledged", "resolved", "reopened", "TTA p50", "TTA p90", "TTR p50", "TTR p90", "repeats"] {
            html += "<th class=\"n\">\(title)</th>"
        }
        html += "</tr>\n"
        for group in groups {
            html += "<tr>" + group.key.map { "<td>\(Self.escape($0.value))</td>" }.joined()
            for cell in [
                String(group.issues), String(group.open), String(group.acknowledged), String(group.resolved), String(group.reopened),
                Self.duration(group.timeToAcknowledge.p50), Self.duration(group.timeToAcknowledge.p90), Self.duration(group.timeToResolve.p50),
                Self.duration(group.timeToResolve.p90), String(group.repeats),
            ] {
                html += "<td class=\"n\">\(Self.escape(cell))</td>"
            }
            html += "</tr>\n"
        }
        return html + "</table>\n"
    }

    /// A strip chart on a log time axis: one row per group, a dot per issue, bars at p50 and p90.
    private func durationChart(_ value: KeyPath<IssueFacts, TimeInterval?>, _ statistics: KeyPath<ReportGroup, DurationStatistics>) -> String {
        let rows = groups.map { group in
            (group, issues.filter { facts in group.key.allSatisfy { facts.value(of: $0.dimension) == $0.value } }.compactMap { $0[keyPath: value] })
        }
        guard rows.contains(where: { !$0.1.isEmpty }) else { return "<p>No issue in the window got there yet.</p>\n" }
        let (labelWidth, plotWidth, rowHeight) = (220.0, 760.0, 28.0)
        let ticks: [(Double, String)] = [(60, "1m"), (600, "10m"), (3600, "1h"), (21_600, "6h"), (86_400, "1d"), (604_800, "7d"), (2_592_000, "30d")]
        let low = log10(30.0)
        let high = log10(max(2_592_000, rows.flatMap(\.1).max() ?? 1))
        func x(_ seconds: Double) -> Double { labelWidth + (log10(max(seconds, 30)) - low) / (high - low) * plotWidth }
        let height = Double(rows.count) * rowHeight + 30
        var svg = "<svg role=\"img\" width=\"\(Int(labelWidth + plotWidth + 20))\" height=\"\(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        for (seconds, label) in ticks where log10(seconds) <= high {
            svg += "<line x1=\"\(Self.f(x(seconds)))\" y1=\"0\" x2=\"\(Self.f(x(seconds)))\" y2=\"\(Self.f(height - 20))\" stroke=\"#dfe1e6\"/>"
            svg += "<text x=\"\(Self.f(x(seconds)))\" y=\"\(Self.f(height - 5))\" text-anchor=\"middle\">\(label)</text>\n"
        }
        for (index, row) in rows.enumerated() {
            let y = Double(index) * rowHeight + rowHeight / 2
            svg += "<text x=\"0\" y=\"\(Self.f(y + 4))\">\(Self.escape(String(row.0.label.prefix(34))))</text>\n"
            for seconds in row.1 {
                svg +=
                    "<circle cx=\"\(Self.f(x(seconds)))\" cy=\"\(Self.f(y))\" r=\"4\" fill=\"#0c66e4\" fill-opacity=\"0.45\"><title>\(Self.duration(seconds))</title></circle>"
            }
            let figures = row.0[keyPath: statistics]
            for (mark, colour) in [(figures.p50, "#1f845a"), (figures.p90, "#c9372c")] {
                guard let mark else { continue }
                svg +=
                    "<line x1=\"\(Self.f(x(mark)))\" y1=\"\(Self.f(y - 10))\" x2=\"\(Self.f(x(mark)))\" y2=\"\(Self.f(y + 10))\" stroke=\"\(colour)\" stroke-width=\"3\"/>"
            }
            svg += "\n"
        }
        return svg + "</svg>\n<p>Each dot is an issue; green marks the median (p50), red the 90th percentile.</p>\n"
    }

    /// Bars per UTC day: issues opened (blue) and resolved (green).
    private func dailyChart() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        var opened: [Date: Int] = [:]
        var resolved: [Date: Int] = [:]
        for facts in issues {
            opened[calendar.startOfDay(for: facts.created), default: 0] += 1
            if let done = facts.resolved { resolved[calendar.startOfDay(for: done), default: 0] += 1 }
        }
        var days: [Date] = []
        var day = calendar.startOfDay(for: window.since)
        while day < window.until, days.count < 400 {
            days.append(day)
            day = day.addingTimeInterval(86_400)
        }
        guard !days.isEmpty else { return "" }
        let peak = Double(max(1, (opened.values.max() ?? 0), (resolved.values.max() ?? 0)))
        let (plotHeight, slot) = (160.0, max(6.0, min(28.0, 900.0 / Double(days.count))))
        let width = Double(days.count) * slot + 60
        var svg = "<svg role=\"img\" width=\"\(Int(width))\" height=\"\(Int(plotHeight + 40))\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        svg += "<text x=\"0\" y=\"12\">\(Int(peak))</text><text x=\"0\" y=\"\(Self.f(plotHeight))\">0</text>\n"
        for (index, day) in days.enumerated() {
            let left = 40 + Double(index) * slot
            for (offset, count, colour, what) in [
                (0.0, opened[day] ?? 0, "#0c66e4", "opened"), (slot / 2 - 1, resolved[day] ?? 0, "#1f845a", "resolved"),
            ] {
                let height = Double(count) / peak * (plotHeight - 10)
                svg +=
                    "<rect x=\"\(Self.f(left + offset))\" y=\"\(Self.f(plotHeight - height))\" width=\"\(Self.f(slot / 2 - 1))\" height=\"\(Self.f(height))\" fill=\"\(colour)\">"
                svg += "<title>\(Self.day(day)): \(count) \(what)</title></rect>"
            }
            if index % max(1, days.count / 8) == 0 {
                svg += "<text x=\"\(Self.f(left))\" y=\"\(Self.f(plotHeight + 16))\">\(Self.day(day).dropFirst(5))</text>"
            }
            svg += "\n"
        }
        return svg + "</svg>\n<p><span style=\"color:#0c66e4\">■</span> opened <span style=\"color:#1f845a\">■</span> resolved</p>\n"
    }

    /// Horizontal bars: repeats (orange) and reopens (red) of the noisiest alerts.
    private func noisyChart() -> String {
        let noisy = noisiest()
        guard !noisy.isEmpty else { return "<p>No alert repeated or reopened.</p>\n" }
        let peak = Double(noisy.map { $0.repeats + $0.reopens }.max() ?? 1)
        let (labelWidth, plotWidth, rowHeight) = (360.0, 500.0, 24.0)
        var svg =
            "<svg role=\"img\" width=\"\(Int(labelWidth + plotWidth + 60))\" height=\"\(Int(Double(noisy.count) * rowHeight + 10))\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        for (index, facts) in noisy.enumerated() {
            let y = Double(index) * rowHeight
            let repeatsWidth = Double(facts.repeats) / peak * plotWidth
            let reopensWidth = Double(facts.reopens) / peak * plotWidth
            svg += "<text x=\"0\" y=\"\(Self.f(y + 16))\">\(Self.escape(facts.key + " " + String(facts.summary.prefix(40))))</text>"
            svg +=
                "<rect x=\"\(Self.f(labelWidth))\" y=\"\(Self.f(y + 4))\" width=\"\(Self.f(repeatsWidth))\" height=\"16\" fill=\"#e56910\"><title>\(facts.repeats) repeats</title></rect>"
            svg +=
                "<rect x=\"\(Self.f(labelWidth + repeatsWidth))\" y=\"\(Self.f(y + 4))\" width=\"\(Self.f(reopensWidth))\" height=\"16\" fill=\"#c9372c\"><title>\(facts.reopens) reopens</title></rect>"
            svg +=
                "<text x=\"\(Self.f(labelWidth + repeatsWidth + reopensWidth + 6))\" y=\"\(Self.f(y + 16))\">\(facts.repeats + facts.reopens)</text>\n"
        }
        return svg + "</svg>\n<p><span style=\"color:#e56910\">■</span> repeats <span style=\"color:#c9372c\">■</span> reopens</p>\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func day(_ date: Date) -> String { ReportJob.day(date) }
}
