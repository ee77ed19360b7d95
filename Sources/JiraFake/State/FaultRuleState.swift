/// A fault rule with its counters: how many requests it matched and how often it fired.
struct FaultRuleState: Sendable {
    var id: Int
    var rule: FaultRule
    var matched = 0
    var fired = 0

    /// Whether the rule has used up its `count`.
    var isExhausted: Bool {
        if let count = rule.count { return fired >= count }
        return false
    }
}
