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
            heading += "  " + terminal.style(Self.visible("\(project) / \(outcome.issueType ?? "?")"), .bold)
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
                lines.append("    " + Self.visible(String(line)))
            }
        }
        for problem in outcome.problems {
            lines.append(field("Note", problem))
        }
        return lines.joined(separator: "\n") + "\n\n"
    }

    /// One line per delivered alert: what happened, the issue it touched with its link, and why when it failed.
    func line(for outcome: Outcome) -> String {
        var text: String
        switch outcome.action {
        case .create where outcome.issueKey != nil:
            text = terminal.style("created", .green)
        case .comment, .update, .transition:
            text = terminal.style(outcome.action.rawValue, .green)
        case .refused, .failed:
            text = terminal.style(outcome.action.rawValue, .red)
        default:
            text = terminal.style(outcome.action.rawValue, .yellow)
        }
        if let key = outcome.issueKey {
            // Every action that touched an issue names it, so a comment or a skip can be followed like a create.
            text += " " + terminal.style(Self.visible(key), .bold) + (outcome.issueURL.map { " " + Self.visible($0) } ?? "")
        } else if let project = outcome.project, !project.isEmpty {
            text += " " + Self.visible("\(project) / \(outcome.issueType ?? "?")")
        }
        if let alert = outcome.alert { text += "  " + Self.visible("\(alert.source) \"\(alert.title)\"") }
        if let rule = outcome.rule { text += terminal.style("  (rule \(rule))", .dim) }
        for problem in outcome.problems where outcome.action != .create {
            text += "\n    " + Self.visible(problem)
        }
        return text + "\n"
    }

    private func field(_ name: String, _ value: String) -> String {
        "  " + terminal.style((name + ":").padding(toLength: 13, withPad: " ", startingAt: 0), .dim) + Self.visible(value)
    }

    /// Alert text with its control characters shown as escapes (`\u{1B}` as `\x1b`): text from a webhook must not
    /// retitle the terminal, move its cursor or hide a line of the preview.
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var shown = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                shown += scalar.value < 0x100 ? "\\x" + hex(scalar.value, width: 2) : "\\u{" + hex(scalar.value, width: 4) + "}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        // C0 (newlines and tabs included: a preview's line is one line), DEL, C1, and the bidirectional overrides.
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
            || (0x2066...0x2069).contains(scalar.value)
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Strings plainly; `{"name":"High"}` as `High`; anything else as compact JSON.
    static func compact(_ value: JSONValue) -> String {
        if let text = value.scalarText { return text }
        if let object = value.objectValue, object.count == 1, let text = object.values.first?.scalarText { return text }
        if let array = value.arrayValue { return array.map(compact).joined(separator: ", ") }
        return value.jsonString
    }
}
