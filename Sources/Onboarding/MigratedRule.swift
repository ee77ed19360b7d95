/// One alert2jira rule written from a jiralert receiver or an Alertmanager `jira_configs` entry, with the
/// comments that say where each part came from and what did not carry over.
struct MigratedRule: Sendable {
    enum Priority: Sendable {
        case template(String)
        case bySeverity([(severity: String, priority: String)])
    }

    var name: String
    /// Where the rule came from and how to send it alerts.
    var header: [String] = []
    /// `raw.receiver` of the Alertmanager notifications the rule takes.
    var receiver: String
    var continueMatching = false
    var connection: String?
    var project: String
    var issueType: String?
    /// `nil` keeps alert2jira's default.
    var summary: String?
    var description: String?
    var priority: Priority?
    var labels: [String] = []
    var fields: [(String, MigratedValue)] = []
    var onRepeat = "update"
    var reopenWindow: String?
    var reopenTransition: String?
    var onResolved = "none"
    var resolveTransition: String?
    var wontFixResolution: String?
    /// Comment lines to write above a key (`"summary"`, `"labels"`…); `""` holds those for the end of the rule.
    var comments: [String: [String]] = [:]

    init(name: String, receiver: String, project: String) {
        self.name = name
        self.receiver = receiver
        self.project = project
    }

    mutating func comment(_ key: String, _ lines: [String]) {
        comments[key, default: []] += lines
    }
}
