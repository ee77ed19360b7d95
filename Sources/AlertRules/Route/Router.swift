import AlertModel

/// Finds the rules an alert goes to: the first rule that matches, and after it any later matching
/// rules for as long as the matched rules say `continue: true` (Alertmanager's semantics).
public struct Router: Sendable {
    public let rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules
    }

    /// Indices into ``rules``, in order; empty when nothing matches.
    public func route(_ alert: Alert) -> [Int] {
        var matched: [Int] = []
        // By index, not `enumerated()`: that copies every rule, retaining each of its many fields, for
        // every alert.
        for index in rules.indices where rules[index].matcher.matches(alert) {
            matched.append(index)
            if !rules[index].continueMatching { break }
        }
        return matched
    }
}
