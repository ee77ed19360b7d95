import Foundation

/// Writes the converted configuration as YAML text that alert2jira's loader reads back: every string quoted
/// so no value changes type, `${` escaped so alert text is never taken for a variable, comments where the
/// original had something the output lacks.
enum MigrationWriter {
    static let rulesPath = "rules/migrated.yaml"

    static func mainFile(header: [String], connections: [MigratedConnection], notes: [String]) -> String {
        var out = header.map { "# \($0)" }
        out.append("")
        out.append("connections:")
        for connection in connections {
            for comment in connection.comments { out.append("  # \(comment)") }
            out.append("  \(key(connection.name)):")
            out.append("    url: \(quoted(connection.url))")
            out.append("    flavor: \(connection.flavor)")
            for (name, value) in connection.extra { out.append("    \(name): \(value)") }
            out.append("    auth:")
            for (name, value) in connection.auth { out.append("      \(name): \(value)") }
        }
        if connections.count == 1 {
            out.append("default_connection: \(quoted(connections[0].name))")
        }
        out.append("")
        out.append("# The rules, one per receiver.")
        out.append("include: [\(quoted(rulesPath))]")
        if !notes.isEmpty {
            out.append("")
            out += notes.map { "# \($0)" }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func rulesFile(header: [String], rules: [MigratedRule]) -> String {
        var out = header.map { "# \($0)" }
        out.append("rules:")
        for rule in rules {
            out.append("")
            out += rule.header.map { "  # \($0)" }
            out.append("  - name: \(quoted(rule.name))")
            let indent = "    "
            func comments(_ key: String) {
                out += (rule.comments[key] ?? []).map { "\(indent)# \($0)" }
            }
            comments("match")
            out.append("\(indent)match:")
            out.append("\(indent)  source: alertmanager")
            out.append("\(indent)  raw.receiver: \(quoted(rule.receiver))")
            if rule.continueMatching { out.append("\(indent)continue: true") }
            if let connection = rule.connection { out.append("\(indent)connection: \(quoted(connection))") }
            comments("project")
            out.append("\(indent)project: \(quoted(rule.project))")
            comments("issue_type")
            if let issueType = rule.issueType { out.append("\(indent)issue_type: \(quoted(issueType))") }
            comments("summary")
            if let summary = rule.summary { out += scalar("summary", summary, indent: indent) }
            comments("description")
            if let description = rule.description { out += scalar("description", description, indent: indent) }
            comments("priority")
            switch rule.priority {
            case .template(let text)?:
                out.append("\(indent)priority: \(quoted(text))")
            case .bySeverity(let map)?:
                out.append("\(indent)priority: { " + map.map { "\($0.severity): \(quoted($0.priority))" }.joined(separator: ", ") + " }")
            case nil:
                break
            }
            comments("labels")
            if !rule.labels.isEmpty { out.append("\(indent)labels: [" + rule.labels.map(quoted).joined(separator: ", ") + "]") }
            comments("fields")
            if !rule.fields.isEmpty {
                out.append("\(indent)fields:")
                for (name, value) in rule.fields { out.append("\(indent)  \(key(name)): \(flow(value))") }
            }
            // Both tools put only what their templates say in the issue, not alert2jira's list of labels.
            out.append("\(indent)include_labels: false")
            comments("dedup")
            out.append("\(indent)dedup:")
            out.append("\(indent)  per: group")
            out.append("\(indent)  on_repeat: \(rule.onRepeat)")
            if let window = rule.reopenWindow { out.append("\(indent)  reopen_window: \(window)") }
            if let transition = rule.reopenTransition { out.append("\(indent)  reopen_transition: \(quoted(transition))") }
            comments("on_resolved")
            out.append("\(indent)on_resolved: \(rule.onResolved)")
            if let transition = rule.resolveTransition { out.append("\(indent)resolve_transition: \(quoted(transition))") }
            if let resolution = rule.wontFixResolution { out.append("\(indent)wont_fix_resolution: \(quoted(resolution))") }
            comments("")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A template value: a literal block when it spans lines (readable), else a quoted string.
    static func scalar(_ name: String, _ value: String, indent: String) -> [String] {
        let lines = value.split(separator: "\n", omittingEmptySubsequences: false)
        let blockSafe =
            lines.count > 1 && !value.contains("\r") && !value.contains("\t") && !(lines.first?.hasPrefix(" ") ?? true)
            && lines.allSatisfy { !$0.hasSuffix(" ") }
        guard blockSafe else { return ["\(indent)\(name): \(quoted(value))"] }
        var body = lines
        var chomp = "-"
        if value.hasSuffix("\n") {
            body.removeLast()
            chomp = value.hasSuffix("\n\n") ? "+" : ""
        }
        return ["\(indent)\(name): |\(chomp)"] + body.map { $0.isEmpty ? "" : "\(indent)  \(escapeVariables(String($0)))" }
    }

    static func flow(_ value: MigratedValue) -> String {
        switch value {
        case .text(let text): quoted(text)
        case .plain(let text): text
        case .list(let items): "[" + items.map(flow).joined(separator: ", ") + "]"
        case .object(let members): "{ " + members.map { "\(key($0.0)): \(flow($0.1))" }.joined(separator: ", ") + " }"
        }
    }

    /// A double-quoted YAML string with `${` escaped, so the loader's variable expansion leaves it alone.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in escapeVariables(text).unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A mapping key: plain when it is a simple name, quoted otherwise.
    static func key(_ text: String) -> String {
        let simple =
            !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }
            && !(text.first?.isNumber ?? false)
        return simple ? text : quoted(text)
    }

    static func escapeVariables(_ text: String) -> String {
        text.replacingOccurrences(of: "${", with: "$${")
    }

    /// `text` as comment lines (each line of a multi-line original becomes its own comment line).
    static func commented(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
    }
}
