import AlertConfig
import AlertModel

extension ConfigLoader {
    static let dedupKeys = ["key", "field", "per", "on_repeat", "repeat_interval", "reopen_window", "reopen_transition", "link_window"]

    /// The lifecycle keys of a rule (`dedup`, `on_resolved`, `resolve_transition`, `resolution`,
    /// `max_new_issues`), each from the rule or else from `defaults:`.
    func lifecycle(_ setting: (String) -> YAMLValue?, what: String, _ diagnostics: inout Diagnostics) -> LifecyclePolicy {
        var policy = LifecyclePolicy()
        if let value = setting("dedup"), var mapping = value.mapping(&diagnostics, what: "dedup of \(what)") {
            if let key = mapping.take("key"), let text = key.string(&diagnostics, what: "dedup.key") {
                do {
                    policy.dedupKey = try Template(text, location: key.textLocation, isBlock: key.isBlockScalar)
                } catch {
                    diagnostics.error(error.location, error.message)
                }
            }
            if let field = mapping.take("field") {
                policy.dedupField = field.string(&diagnostics, what: "dedup.field")
            }
            if let onRepeat = mapping.take("on_repeat") {
                policy.onRepeat = enumeration(onRepeat, what: "dedup.on_repeat", &diagnostics) ?? policy.onRepeat
            }
            if let interval = mapping.take("repeat_interval") {
                policy.repeatInterval = interval.duration(&diagnostics, what: "dedup.repeat_interval") ?? policy.repeatInterval
            }
            if let per = mapping.take("per"), let text = per.string(&diagnostics, what: "dedup.per") {
                switch text {
                case "alert": policy.perGroup = false
                case "group": policy.perGroup = true
                default: diagnostics.error(per.textLocation, "dedup.per must be alert or group, found \"\(text)\"")
                }
            }
            if let window = mapping.take("reopen_window") {
                policy.reopenIsExplicit = true
                policy.reopenWindow = window.duration(&diagnostics, what: "dedup.reopen_window")
            }
            if let transition = mapping.take("reopen_transition") {
                policy.reopenIsExplicit = true
                policy.reopenTransition = transition.string(&diagnostics, what: "dedup.reopen_transition") ?? policy.reopenTransition
            }
            if let window = mapping.take("link_window") {
                policy.linkWindow = window.duration(&diagnostics, what: "dedup.link_window") ?? policy.linkWindow
            }
            mapping.reportUnknownKeys(&diagnostics, known: Self.dedupKeys)
        }
        if let value = setting("on_resolved") {
            policy.onResolved = enumeration(value, what: "on_resolved", &diagnostics) ?? policy.onResolved
        }
        if let value = setting("resolve_transition") {
            policy.resolveTransition = value.string(&diagnostics, what: "resolve_transition") ?? policy.resolveTransition
        }
        if let value = setting("resolution") {
            policy.resolution = value.string(&diagnostics, what: "resolution")
        }
        if let value = setting("wont_fix_resolution") {
            policy.wontFixResolution = value.string(&diagnostics, what: "wont_fix_resolution")
        }
        if let value = setting("max_new_issues"), var mapping = value.mapping(&diagnostics, what: "max_new_issues") {
            let count = mapping.take("count").flatMap { $0.int(&diagnostics, what: "max_new_issues.count", range: 1...1_000_000) }
            let per = mapping.take("per").flatMap { $0.duration(&diagnostics, what: "max_new_issues.per") }
            mapping.reportUnknownKeys(&diagnostics, known: ["count", "per"])
            if let count, let per {
                policy.maxNewIssues = (count, per)
            } else if count == nil || per == nil {
                diagnostics.error(value.location, "max_new_issues needs both count and per, e.g. { count: 10, per: 1h }")
            }
        }
        return policy
    }
}
