import Foundation
import Yams

/// Which alerts Alertmanager's route tree sends to each receiver, as matcher text and, where every matcher is a
/// plain label matcher, as the alert2jira `match:` that takes the same alerts.
struct AlertmanagerRoutes {
    /// One path from the root to a route naming the receiver.
    struct Path {
        var matchers: [String] = []
        /// alert2jira match entries (`labels.team: "db"`), `nil` when some matcher has no simple equivalent.
        var match: [String]? = []
        var line: Int
    }

    private(set) var paths: [String: [Path]] = [:]

    init(_ route: Node?, document: SourceDocument) {
        guard let route else { return }
        walk(route, inherited: nil, path: Path(line: document.line(route)), document: document)
    }

    private mutating func walk(_ route: Node, inherited: String?, path: Path, document: SourceDocument) {
        var path = path
        path.line = document.line(route)
        for (name, value) in route["match"]?.entries ?? [] {
            let text = value.text ?? ""
            path.matchers.append("\(name)=\"\(text)\"")
            path.match?.append("labels.\(name): \(MigrationWriter.quoted(text))")
        }
        for (name, value) in route["match_re"]?.entries ?? [] {
            let text = value.text ?? ""
            path.matchers.append("\(name)=~\"\(text)\"")
            path.match?.append("labels.\(name): { regex: \(MigrationWriter.quoted(text)) }")
        }
        for matcher in route["matchers"]?.items ?? [] {
            let text = matcher.text ?? ""
            path.matchers.append(text)
            if let parsed = Self.parse(text) {
                path.match?.append(parsed)
            } else {
                path.match = nil
            }
        }
        let receiver = route["receiver"]?.text ?? inherited
        if let receiver, route["routes"] == nil || route["receiver"] != nil {
            paths[receiver, default: []].append(path)
        }
        for child in route["routes"]?.items ?? [] {
            walk(child, inherited: receiver, path: path, document: document)
        }
    }

    /// `name="value"`, `name!="value"`, `name=~"re"`, `name!~"re"` (quotes optional) as an alert2jira match entry.
    static func parse(_ matcher: String) -> String? {
        guard let found = matcher.firstMatch(of: /^\s*\{?\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^"\s{}]*))\s*\}?\s*$/)
        else {
            return nil
        }
        let name = String(found.1)
        let value = String(found.3 ?? found.4 ?? "").replacingOccurrences(of: "\\\"", with: "\"")
        let quoted = MigrationWriter.quoted(value)
        switch found.2 {
        case "=": return "labels.\(name): \(quoted)"
        case "!=": return "labels.\(name): { ne: \(quoted) }"
        case "=~": return "labels.\(name): { regex: \(quoted) }"
        default: return "labels.\(name): { not_regex: \(quoted) }"
        }
    }
}
