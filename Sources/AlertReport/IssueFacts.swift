import AlertRules
import Foundation
import JiraKit

/// One issue reduced to what the report counts: when it was made, first acknowledged by a person, resolved,
/// how often it came back, and how often the alert repeated on it.
public struct IssueFacts: Sendable, Equatable {
    public var key: String
    public var summary: String
    public var url: String
    public var rule: String
    public var source: String
    public var project: String
    public var issueType: String
    public var priority: String
    public var created: Date
    /// The first status change out of the "new" category, assignee set, or comment by anyone but the service account.
    public var acknowledged: Date?
    /// When the issue is done: its resolution date, else its first move into the "done" category.
    public var resolved: Date?
    /// Moves from "done" back to another category.
    public var reopens: Int
    /// alert2jira's own repeat comments.
    public var repeats: Int

    public var isOpen: Bool { resolved == nil }
    public var timeToAcknowledge: TimeInterval? { acknowledged.map { $0.timeIntervalSince(created) } }
    public var timeToResolve: TimeInterval? { resolved.map { $0.timeIntervalSince(created) } }

    /// Reads the facts from an issue's history.
    /// - Parameters:
    ///   - serviceAccount: the connection's own user, whose actions acknowledge nothing.
    ///   - categories: the status category of each status id.
    ///   - ruleNames: the config's rule names by their label, to name rules as the config does.
    public init(
        history: IssueHistory,
        serviceAccount: JiraUser,
        categories: [String: String],
        ruleNames: [String: String],
        siteURL: String
    ) {
        key = history.key
        summary = history.summary
        url = siteURL + "/browse/" + history.key
        let ruleLabel = history.labels.first { $0.hasPrefix(ReportLabels.rulePrefix) }
        rule = ruleLabel.map { ruleNames[$0] ?? String($0.dropFirst(ReportLabels.rulePrefix.count)) } ?? "(unknown)"
        source =
            history.labels.first { $0.hasPrefix(ReportLabels.sourcePrefix) }.map { String($0.dropFirst(ReportLabels.sourcePrefix.count)) }
            ?? "(unknown)"
        project = history.project
        issueType = history.issueType
        priority = history.priority ?? "(none)"
        created = history.created

        var acknowledged: Date?
        var firstDone: Date?
        var reopens = 0
        for change in history.changes {
            let byPerson = change.author.id != serviceAccount.id
            for item in change.items {
                switch item.field {
                case "status":
                    let from = item.from.flatMap { categories[$0] }
                    let to = item.to.flatMap { categories[$0] }
                    if byPerson, from == "new", to != "new", acknowledged == nil { acknowledged = change.created }
                    if to == "done", from != "done", firstDone == nil { firstDone = change.created }
                    if from == "done", to != "done" { reopens += 1 }
                case "assignee":
                    if byPerson, item.to != nil, acknowledged == nil { acknowledged = change.created }
                default:
                    break
                }
            }
        }
        if let comment = history.comments.filter({ $0.author.id != serviceAccount.id }).map(\.created).min() {
            acknowledged = min(acknowledged ?? comment, comment)
        }
        self.acknowledged = acknowledged
        self.resolved = history.statusCategory == "done" ? (history.resolutionDate ?? firstDone ?? history.created) : nil
        self.reopens = reopens
        repeats = history.comments.filter { $0.isRepeat && $0.author.id == serviceAccount.id }.count
    }

    /// The value of a grouping dimension.
    public func value(of dimension: ReportDimension) -> String {
        switch dimension {
        case .rule: rule
        case .project: project
        case .issueType: issueType
        case .priority: priority
        case .source: source
        }
    }
}
