import Foundation
import Yams

/// Converts jiralert's `jiralert.yml` (defaults, receivers) and its template file into alert2jira rules: one
/// rule per receiver, matched on the Alertmanager receiver name jiralert was called for, one issue per group.
struct JiralertConverter {
    private let document: SourceDocument
    private var conversion: TemplateConversion
    private var planner = ConnectionPlanner()

    static let receiverKeys: Set<String> = [
        "name", "api_url", "user", "password", "personal_access_token", "project", "issue_type", "summary", "reopen_state",
        "reopen_duration", "priority", "description", "wont_fix_resolution", "fields", "components", "static_labels",
        "add_group_labels", "auto_resolve", "update_in_comment", "other_projects", "reopen_enabled",
    ]

    init(document: SourceDocument) {
        self.document = document
        self.conversion = TemplateConversion(document: document)
    }

    mutating func convert() throws(MigrationError) -> ConvertedConfig {
        let root = document.root
        let defaults = root["defaults"]
        guard let receivers = root["receivers"], receivers.sequence != nil, !receivers.items.isEmpty else {
            throw .nothingToConvert(path: document.path, "no receivers: to convert; is this a jiralert config?")
        }
        if let template = root["template"], let path = template.text {
            conversion.loadDefinitions(from: document.resolve(path), referencedAt: template)
        } else {
            conversion.report(
                .notConverted(at: document.path, line: 1, "no template: file is named, so {{ template \"…\" }} calls cannot be translated")
            )
        }
        for (key, node) in root.entries where !["defaults", "receivers", "template"].contains(key) {
            conversion.report(.notConverted(at: document.path, line: document.line(node), "unknown top-level key \"\(key)\" is not converted"))
        }
        var rules: [MigratedRule] = []
        for receiver in receivers.items {
            rules.append(self.rule(receiver, defaults: defaults))
        }
        let header = [
            "Converted from \(document.path) by `alert2jira init --from-jiralert`.",
            "One rule per jiralert receiver: it takes the Alertmanager notifications of the receiver with that name and",
            "makes one issue per Alertmanager group, as jiralert did. Review every NOT CONVERTED comment.",
        ]
        let notes = [
            "Send Alertmanager's notifications here instead of to jiralert: keep each receiver's name and point its",
            "webhook_configs url at `alert2jira serve` (https://HOST:9097/alerts/src/alertmanager, send_resolved: true).",
            "Issues jiralert opened carry its ALERT{…} or JIRALERT{…} label, which alert2jira does not search for: a",
            "group whose jiralert issue is still open gets one new issue, and alert2jira keeps that one from then on.",
        ]
        return ConfigMigration.assemble(header: header, notes: notes, rules: rules, planner: planner, problems: conversion.problems)
    }

    private mutating func rule(_ receiver: Node, defaults: Node?) -> MigratedRule {
        let name = receiver["name"]?.text ?? "receiver-\(document.line(receiver))"
        /// The receiver's value for a key, else the default's.
        func setting(_ key: String) -> Node? { receiver[key] ?? defaults?[key] }
        var rule = MigratedRule(name: name, receiver: name, project: "")
        rule.header = ["jiralert receiver \"\(name)\" (\(document.path):\(document.line(receiver)))"]
        for (key, node) in receiver.entries + (defaults?.entries ?? []) where !Self.receiverKeys.contains(key) {
            conversion.notConverted("", node, "jiralert key \"\(key)\" has no alert2jira equivalent", originalKey: key, into: &rule)
        }

        // The connection: the site, and how to log in, without the secret itself.
        let url = setting("api_url")?.text ?? ""
        var comments: [String] = []
        let login: ConnectionPlanner.Login
        if setting("personal_access_token")?.text != nil {
            login = .token(file: nil)
            comments.append("jiralert used a personal access token (not copied).")
        } else {
            login = .basic(passwordFile: nil)
            if let user = setting("user")?.text { comments.append("jiralert logged in as user \"\(user)\".") }
            if let password = setting("password")?.text {
                let variable = password.firstMatch(of: /^\$\(([A-Za-z0-9_]+)\)$/).map { String($0.1) }
                comments.append(
                    variable.map { "jiralert read the password from $\($0); give that value to the variable below." }
                        ?? "jiralert's password was written in its config; it is not copied."
                )
            }
        }
        if url.isEmpty {
            conversion.notConverted("", receiver, "receiver \"\(name)\" has no api_url", into: &rule)
        }
        let connection = planner.connection(url: url.isEmpty ? "https://jira.invalid" : url, flavor: nil, login: login, comments: comments)
        rule.connection = connection

        if let project = setting("project") {
            rule.project = conversion.template("project", project, into: &rule) ?? ""
        }
        if rule.project.isEmpty {
            conversion.notConverted("project", setting("project"), "receiver \"\(name)\" has no usable project", into: &rule)
            rule.project = "CHANGEME"
        }
        if let issueType = setting("issue_type") { rule.issueType = conversion.template("issue_type", issueType, into: &rule) }
        if let summary = setting("summary") { rule.summary = conversion.template("summary", summary, into: &rule) }
        if let description = setting("description") { rule.description = conversion.template("description", description, into: &rule) }
        if let priority = setting("priority") {
            rule.priority = conversion.template("priority", priority, into: &rule).map(MigratedRule.Priority.template)
        }

        // jiralert merges the receiver's static labels with the defaults'.
        for labels in [receiver["static_labels"], defaults?["static_labels"]].compactMap({ $0 }) {
            for label in labels.items {
                if let text = conversion.template("labels", label, into: &rule) { rule.labels.append(text) }
            }
        }
        if let add = setting("add_group_labels"), add.isTrue {
            conversion.notConverted(
                "labels",
                add,
                "add_group_labels makes one Jira label per group label, and alert2jira's labels are a fixed list; add the ones you need, e.g. \"{{raw.groupLabels.alertname}}\"",
                originalKey: "add_group_labels",
                into: &rule
            )
        }

        var fields: [(String, MigratedValue)] = []
        if let components = setting("components") {
            fields.append(("components", conversion.value(components, key: "fields", into: &rule) ?? .list([])))
        }
        let own = receiver["fields"]?.entries ?? []
        let inherited = (defaults?["fields"]?.entries ?? []).filter { entry in !own.contains { $0.key == entry.key } }
        for (key, node) in own + inherited {
            if let value = conversion.value(node, key: "fields", into: &rule) { fields.append((key, value)) }
        }
        rule.fields = fields

        // The lifecycle: jiralert rewrites the summary and description on every notification.
        if let comment = setting("update_in_comment"), comment.isTrue {
            rule.onRepeat = "comment"
            conversion.changed(
                "dedup",
                comment,
                "update_in_comment: jiralert updated the issue and also commented; alert2jira comments (on_repeat: update would edit instead)",
                into: &rule
            )
        }
        if let state = setting("reopen_state")?.text { rule.reopenTransition = state }
        if let enabled = setting("reopen_enabled"), enabled.scalar?.string == "false" {
            rule.reopenWindow = "0s"
        } else if let duration = setting("reopen_duration"), let text = duration.text {
            if let seconds = TemplateConversion.seconds(text) {
                if seconds == 0 {
                    // jiralert's 0 means "always reopen"; alert2jira's window has to end, so make it a century.
                    rule.reopenWindow = "36500d"
                    rule.comment("dedup", ["jiralert's reopen_duration: \(text) reopens however old the issue is; 36500d is as close as it gets."])
                } else {
                    rule.reopenWindow = TemplateConversion.durationText(seconds)
                }
            } else {
                conversion.notConverted("dedup", duration, "reopen_duration \"\(text)\" is not a duration", into: &rule)
            }
        }
        if let resolution = setting("wont_fix_resolution")?.text { rule.wontFixResolution = resolution }
        if let autoResolve = setting("auto_resolve"), let state = autoResolve["state"]?.text {
            rule.onResolved = "transition"
            rule.resolveTransition = state
        }
        if let other = setting("other_projects"), !other.items.isEmpty {
            conversion.notConverted(
                "project",
                other,
                "other_projects: alert2jira looks for a group's issue in the rule's project only",
                originalKey: "other_projects",
                into: &rule
            )
        }
        return rule
    }
}
