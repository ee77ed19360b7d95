import AlertModel

/// How a rule keeps one issue per alert over time: what identifies "the same alert", and what a
/// repeat, a resolution or a return after resolution does to its issue.
public struct LifecyclePolicy: Sendable {
    /// What a repeat of an alert whose issue is open does.
    public enum RepeatAction: String, Sendable, CaseIterable {
        /// Add a short comment (at most one per `repeatInterval`; repeats in between are counted).
        case comment
        /// Rewrite the summary and description.
        case update
        /// Nothing.
        case skip
        /// Always create a new issue (no dedup at all).
        case new
    }

    /// What a resolved alert does to its open issue.
    public enum ResolvedAction: String, Sendable, CaseIterable {
        case comment
        case transition
        case none
    }

    /// Renders the identity of an alert for this rule; scoped by rule and project before hashing.
    public var dedupKey: Template
    /// A text custom field (name or id) holding the key instead of a label.
    public var dedupField: String?
    public var onRepeat: RepeatAction
    public var repeatInterval: Duration
    /// A Done issue resolved this recently is reopened instead of replaced.
    public var reopenWindow: Duration?
    public var reopenTransition: String
    /// Whether the config set `reopen_window` or `reopen_transition`. Reopening is on by default, as jiralert
    /// users expect; only a configured reopen is refused when the workflow lacks its transition, a default one
    /// comments on the resolved issue instead.
    public var reopenIsExplicit: Bool
    /// A Done issue resolved this recently is linked from the new issue that replaces it.
    public var linkWindow: Duration
    public var onResolved: ResolvedAction
    public var resolveTransition: String
    /// The resolution to set when the resolve transition asks for one.
    public var resolution: String?
    /// An issue resolved with this resolution (`Won't Do`) is never reopened, and no new issue is made for its
    /// key while it stays so: someone decided the alert needs no work.
    public var wontFixResolution: String?
    /// One issue per Alertmanager group (`dedup.per: group`, jiralert's way) instead of one per alert.
    public var perGroup: Bool = false
    /// At most this many new issues per window; the rest go to one "flood" issue as comments.
    public var maxNewIssues: (count: Int, per: Duration)?

    public static let defaultDedupKey = "{{source}}:{{fingerprint}}"
    public static let defaultReopenWindow = Duration.seconds(86400)

    public init(
        dedupKey: Template = .builtIn(LifecyclePolicy.defaultDedupKey),
        dedupField: String? = nil,
        onRepeat: RepeatAction = .comment,
        repeatInterval: Duration = .seconds(3600),
        reopenWindow: Duration? = LifecyclePolicy.defaultReopenWindow,
        reopenTransition: String = "Reopen",
        reopenIsExplicit: Bool = false,
        linkWindow: Duration = .seconds(30 * 86400),
        onResolved: ResolvedAction = .comment,
        resolveTransition: String = "Done",
        resolution: String? = nil,
        maxNewIssues: (count: Int, per: Duration)? = nil
    ) {
        self.dedupKey = dedupKey
        self.dedupField = dedupField
        self.onRepeat = onRepeat
        self.repeatInterval = repeatInterval
        self.reopenWindow = reopenWindow
        self.reopenTransition = reopenTransition
        self.reopenIsExplicit = reopenIsExplicit
        self.linkWindow = linkWindow
        self.onResolved = onResolved
        self.resolveTransition = resolveTransition
        self.resolution = resolution
        self.maxNewIssues = maxNewIssues
    }

    /// Whether rules with this policy need to comment, transition or edit issues (for permission checks).
    public var needsComments: Bool { onRepeat == .comment || onResolved == .comment || reopenWindow != nil || maxNewIssues != nil }
    /// A default reopen falls back to a comment, so only a configured one needs the permission.
    public var needsTransitions: Bool { onResolved == .transition || (reopenWindow != nil && reopenIsExplicit) }
    public var needsEdits: Bool { onRepeat == .update }
}

/// The labels that let `report` find every issue alert2jira made (`alert2jira`) and tell which rule made it, from
/// which source (`alert2jira-rule-NAME`, `alert2jira-source-FORMAT`). They ride with the dedup label, so an issue
/// tracked by a dedup field instead carries none of them.
public enum ReportLabels {
    public static let marker = "alert2jira"
    public static let rulePrefix = "alert2jira-rule-"
    public static let sourcePrefix = "alert2jira-source-"

    public static func rule(_ name: String) -> String { rulePrefix + slug(name) }
    public static func source(_ id: String) -> String { sourcePrefix + slug(id) }

    /// Jira labels take no whitespace and at most 255 characters; anything else outside `[A-Za-z0-9._-]` becomes `_`
    /// too, so the label reads the same in every Jira and in JQL.
    ///
    /// It runs for every alert, so it works on bytes: every character outside ASCII becomes one `_`.
    public static func slug(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(text.utf8.count, 200))
        for byte in text.utf8 where bytes.count < 200 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                bytes.append(byte)
            case 0x80..<0xC0:
                continue  // a continuation byte: its character already became one `_`
            default:
                bytes.append(UInt8(ascii: "_"))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The identity an issue carries so later alerts find it: a label `alert2jira-<hash>` (or the same
/// text in a custom field).
///
/// The hash covers the rule and the project as well as the rendered key, so the same alert routed by
/// two rules, or to two projects, never lands on the other's issue. Only the hash reaches Jira, so no
/// alert text can alter a JQL search.
public enum DedupLabel {
    public static let prefix = "alert2jira-"

    public static func make(rule: String, project: String, key: String) -> String {
        prefix + StableHash.fnv1a64([rule, project, key])
    }
}
