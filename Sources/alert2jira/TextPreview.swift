import Alert2Jira
import AlertModel
import AlertRules
import Foundation
import JSON
import JiraKit

/// The human-readable `--dry-run` card: what issue an alert becomes, at a glance.
struct TextPreview {
    let terminal: Terminal

    func card(for outcome: Outcome) -> String {
        var lines: [String] = []
        let action = outcome.action.rawValue
        let styledAction: String
        switch outcome.action {
        case .create, .comment, .update, .transition: styledAction = terminal.style(action, .green)
        case .refused, .failed: styledAction = terminal.style(action, .red)
        case .unmatched, .skip: styledAction = terminal.style(action, .yellow)
        }
        var heading = "● " + styledAction
        if let project = outcome.project, !project.isEmpty {
            heading += "  " + terminal.style("\(project) / \(outcome.issueType ?? "?")", .bold)
        }
        if let connection = outcome.connection { heading += "  via \(connection)" }
        if let rule = outcome.rule { heading += terminal.style("  (rule \(rule))", .dim) }
        lines.append(heading)

        switch outcome.item {
        case .alert(let alert):
            lines.append(field("Alert", "\(alert.source) \"\(alert.title)\" (\(alert.status.rawValue), \(alert.severity.rawValue))"))
        case .notice(let notice):
            lines.append(field("Notice", "\(notice.source) \(notice.kind)"))
        }
        if let key = outcome.issueKey {
            lines.append(field("Issue", outcome.issueURL.map { "\(key) \($0)" } ?? key))
        }
        if let fields = outcome.request?.body["fields"]?.objectValue {
            if let summary = fields["summary"]?.stringValue { lines.append(field("Summary", summary)) }
            if let priority = fields["priority"] { lines.append(field("Priority", Self.compact(priority))) }
            if let labels = fields["labels"]?.arrayValue {
                lines.append(field("Labels", labels.compactMap(\.stringValue).joined(separator: ", ")))
            }
            let standard: Set = ["project", "issuetype", "summary", "description", "priority", "labels"]
            for (name, value) in fields where !standard.contains(name) {
                lines.append(field("Field", "\(name) = \(Self.compact(value))"))
            }
        }
        if let description = outcome.descriptionText, outcome.request != nil {
            lines.append(field("Description", ""))
            for line in description.split(separator: "\n", omittingEmptySubsequences: false).prefix(40) {
                lines.append("    " + line)
            }
        }
        for problem in outcome.problems {
            lines.append(field("Note", problem))
        }
        return lines.joined(separator: "\n") + "\n\n"
    }

    /// One line per delivered alert: what happened, the issue, and why when it failed.
    func line(for outcome: Outcome) -> String {
        var text: String
        switch outcome.action {
        case .create where outcome.issueKey != nil:
            text = terminal.style("created", .green) + " " + terminal.style(outcome.issueKey!, .bold) + " " + (outcome.issueURL ?? "")
        case .refused, .failed:
            text = terminal.style(outcome.action.rawValue, .red)
        default:
            text = terminal.style(outcome.action.rawValue, .yellow)
        }
        if let project = outcome.project, !project.isEmpty, outcome.issueKey == nil { text += " \(project) / \(outcome.issueType ?? "?")" }
        if let alert = outcome.alert { text += "  \(alert.source) \"\(alert.title)\"" }
        if let rule = outcome.rule { text += terminal.style("  (rule \(rule))", .dim) }
        for problem in outcome.problems where outcome.action != .create {
            text += "\n    " + problem
        }
        return text + "\n"
    }

    private func field(_ name: String, _ value: String) -> String {
        "  " + terminal.style((name + ":").padding(toLength: 13, withPad: " ", startingAt: 0), .dim) + value
    }

    /// Strings plainly; `{"name":"High"}` as `High`; anything else as compact JSON.
    static func compact(_ value: JSONValue) -> String {
        if let text = value.scalarText { return text }
        if let object = value.objectValue, object.count == 1, let text = object.values.first?.scalarText { return text }
        if let array = value.arrayValue { return array.map(compact).joined(separator: ", ") }
        return value.jsonString
    }
}
