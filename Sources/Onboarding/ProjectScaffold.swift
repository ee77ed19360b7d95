import Foundation
import JiraKit

/// The config `alert2jira init` writes for a live project: a connection, and one rule per chosen issue type whose
/// every required field is filled (the first allowed value, or a placeholder to replace) and explained, with the
/// optional fields commented out.
public struct ProjectScaffold: Sendable {
    public var url: String
    public var flavor: JiraFlavor
    public var auth: ScaffoldAuth
    public var project: String
    /// The create metadata of each chosen issue type, in the order the rules should take.
    public var screens: [CreateMetadata]
    /// When it was written, for the header.
    public var date: String

    /// What a user must still do before the config is right: `(field path, what to do)`.
    public struct Placeholder: Sendable, Equatable, CustomStringConvertible {
        public var rule: String
        public var field: String
        public var hint: String

        public var description: String { "rule \"\(rule)\", \(field): \(hint)" }
    }

    public init(url: String, flavor: JiraFlavor, auth: ScaffoldAuth, project: String, screens: [CreateMetadata], date: String) {
        self.url = url
        self.flavor = flavor
        self.auth = auth
        self.project = project
        self.screens = screens
        self.date = date
    }

    /// The text a placeholder value starts with, so users and `init` itself can find what is left.
    public static let marker = "CHANGEME"

    /// Fields a rule fills through its own keys, never under `fields:`.
    static let ruleKeys: Set<String> = ["summary", "description", "project", "issuetype", "priority", "labels", "reporter"]

    /// The rule names, one per issue type: `ops-bug`.
    public var ruleNames: [String] {
        screens.map {
            project.lowercased() + "-" + $0.issueType.name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.map(String.init).joined()
        }
    }

    /// The main config. With `includeRules`, it includes `rules/*.yaml`; otherwise the rules are in it.
    public func mainFile(includeRules: Bool) -> String {
        var lines = [
            "# alert2jira config for project \(project), written by `alert2jira init` from \(url) on \(date).",
            "# Set \(auth.variables.joined(separator: " and ")) in the environment (or use *_file keys), fill in every \(Self.marker), then run",
            "#   alert2jira check --config alert2jira.yaml --online",
        ]
        lines += connectionLines()
        lines.append("")
        if includeRules {
            lines += ["# Rule files, relative to this file.", "include: [rules/*.yaml]"]
        } else {
            lines += rulesBody()
        }
        lines += [
            "",
            "# `alert2jira serve` (webhooks): uncomment to receive alerts over HTTP (README, \"Serving webhooks\").",
            "# server:",
            "#   listen: 127.0.0.1:9097",
            "#   data_dir: /var/lib/alert2jira",
            "# sources:",
            "#   alertmanager:                   # POST /alerts/src/alertmanager",
            "#     bearer_token_file: /run/secrets/alertmanager_token",
            "#   grafana:",
            "#     basic_auth: { username: grafana, password_file: /run/secrets/grafana_webhook }",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `connections:` section alone.
    public func connectionLines() -> [String] {
        var lines = [
            "connections:",
            "  jira:",
            "    url: \(Self.quoted(url))",
            "    flavor: \(flavor.rawValue)",
            "    auth:",
        ]
        for entry in auth.entries { lines.append("      \(entry.key): \(entry.value)") }
        return lines
    }

    /// `rules/KEY.yaml`.
    public func rulesFile() -> String {
        (["# Rules for project \(project), written by `alert2jira init` from its create screens on \(date)."] + rulesBody())
            .joined(separator: "\n") + "\n"
    }

    /// `alert2jira.yaml` including `rules/KEY.yaml`, and that file, to write with ``ConvertedConfig/write(to:overwrite:)``.
    public var files: [ConvertedFile] {
        [
            ConvertedFile(path: "alert2jira.yaml", contents: mainFile(includeRules: true)),
            ConvertedFile(path: "rules/\(project.lowercased()).yaml", contents: rulesFile()),
        ]
    }

    /// What is left to fill in.
    public var placeholders: [Placeholder] {
        let names = ruleNames
        return screens.indices.flatMap { rule(screens[$0], name: names[$0], first: $0 == 0).placeholders }
    }

    private func rulesBody() -> [String] {
        var lines = ["# The first rule whose `match:` takes an alert makes its issue; a rule without `match:` takes every alert.", "rules:"]
        let names = ruleNames
        // The first chosen issue type takes every alert, so it goes last; the others wait for a `match:`.
        let order = Array(screens.indices.dropFirst()) + [0]
        for index in order where screens.indices.contains(index) {
            lines += rule(screens[index], name: names[index], first: index == 0).lines
        }
        return lines
    }

    private func rule(_ screen: CreateMetadata, name: String, first: Bool) -> (lines: [String], placeholders: [Placeholder]) {
        var placeholders: [Placeholder] = []
        var lines = ["  - name: \(name)"]
        if first {
            lines.append("    # match: { labels.severity: critical }   # every alert until a match says otherwise")
        } else {
            lines.append(
                "    match: { labels.jira_issue_type: \(Self.quoted(screen.issueType.name)) }   # \(Self.marker): which alerts become a \(screen.issueType.name)"
            )
            placeholders.append(Placeholder(rule: name, field: "match", hint: "say which alerts become a \(screen.issueType.name)"))
        }
        lines += ["    project: \(project)", "    issue_type: \(Self.quoted(screen.issueType.name))", "    summary: \"{{title}}\""]
        let byId = Dictionary(screen.fields.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        if byId["description"] != nil {
            lines += [
                "    description: |", "      {{summary}}", "", "      Source: {{source}}, severity: {{severity}}, status: {{status}}",
                "      {{url}}",
            ]
        }
        if let priority = byId["priority"] {
            let names = priority.allowedValues.map(\.label)
            if names.count >= 2 {
                let pick = { (position: Int) in Self.quoted(names[min(names.count - 1, position)]) }
                lines.append(
                    "    priority: { critical: \(pick(0)), high: \(pick(1)), warning: \(pick(2)), info: \(pick(3)) }   # allowed: \(Self.list(names))"
                )
            }
        }
        if byId["labels"] != nil {
            lines.append("    labels: [\"{{source}}\"]")
        } else {
            // Without labels on the screen the lifecycle has nothing to find its issue by.
            lines.append(
                "    dedup: { on_repeat: new }   # \(Self.marker): labels is not on the create screen; add it there, or set dedup.field to a text field"
            )
            placeholders.append(
                Placeholder(rule: name, field: "dedup", hint: "labels is not on the create screen: add it, or set dedup.field (README, lifecycle)")
            )
        }
        var fieldLines: [String] = []
        for field in screen.fields where !Self.ruleKeys.contains(field.id) {
            let key = field.id.hasPrefix("customfield_") ? Self.quoted(field.name) : field.id
            var about = "\(field.name) (\(field.id)), \(field.schema.displayName)"
            if !field.allowedValues.isEmpty { about += "; allowed: \(Self.list(field.allowedValues.map(\.label)))" }
            if field.required && !field.hasDefaultValue {
                let (value, placeholder) = Self.value(for: field, required: true)
                fieldLines.append("      # required: \(about)")
                fieldLines.append("      \(key): \(value)")
                if let placeholder { placeholders.append(Placeholder(rule: name, field: field.name, hint: placeholder)) }
            } else {
                let (value, _) = Self.value(for: field, required: false)
                fieldLines.append("      # \(key): \(value)   # \(field.required ? "required, Jira fills its default" : "optional"): \(about)")
            }
        }
        // A `fields:` whose entries are all commented out would be empty, which the loader refuses.
        if fieldLines.contains(where: { !$0.hasPrefix("      #") || $0.hasPrefix("      # required") }) {
            lines += ["    fields:"] + fieldLines
        } else if !fieldLines.isEmpty {
            lines += ["    # fields:"] + fieldLines
        }
        lines.append("")
        return (lines, placeholders)
    }

    /// A value for the field: its first allowed value; for a required field without allowed values a placeholder to
    /// replace (alert text may not hold it); for an optional one, a template to start from.
    static func value(for field: FieldInfo, required: Bool) -> (value: String, placeholder: String?) {
        let isArray = field.schema.type == "array"
        func shaped(_ text: String) -> String { isArray ? "[\(text)]" : text }
        if let first = field.allowedValues.first { return (shaped(quoted(first.label)), nil) }
        let kind = isArray ? (field.schema.items ?? "string") : field.schema.type
        guard required else {
            switch kind {
            case "number": return (shaped("\"{{cost.amount}}\""), nil)
            case "date", "datetime": return (shaped("\"{{startsAt}}\""), nil)
            default: return (shaped("\"{{labels.team}}\""), nil)
            }
        }
        let shape: String
        switch kind {
        case "number": shape = "a number"
        case "date": shape = "a date, YYYY-MM-DD"
        case "datetime": shape = "a date and time"
        case "user": shape = "an account id (Cloud) or a user name (Data Center)"
        default: shape = "text or a template"
        }
        return (shaped("\"\(marker): \(shape)\""), "give \(field.name) \(shape)")
    }

    static func list(_ values: [String]) -> String {
        let shown = values.prefix(20).joined(separator: ", ")
        return values.count > 20 ? shown + ", … (\(values.count) in all)" : shown
    }

    /// A double-quoted YAML scalar, written as the converters write theirs (`${` kept literal).
    static func quoted(_ text: String) -> String { MigrationWriter.quoted(text) }
}
