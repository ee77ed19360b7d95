import Foundation

/// Counts new issues per rule in fixed windows, so an alert storm turns into one "flood" issue with
/// comments instead of hundreds of issues (`max_new_issues: {count, per}`).
actor FloodControl {
    private var windows: [String: (start: Date, created: Int)] = [:]

    /// Whether the rule may create one more issue now; counts it if so. Returns the window's start.
    func admit(rule: String, limit: Int, per window: TimeInterval, now: Date) -> (admitted: Bool, windowStart: Date) {
        let start = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / window).rounded(.down) * window)
        var current = windows[rule]
        if current?.start != start { current = (start, 0) }
        let admitted = current!.created < limit
        if admitted { current!.created += 1 }
        windows[rule] = current
        return (admitted, start)
    }
}
