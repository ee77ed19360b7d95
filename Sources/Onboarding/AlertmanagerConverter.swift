import Foundation
import Yams

/// Converts the `jira_configs` of Alertmanager's receivers into alert2jira rules: one rule per config, matched
/// on the receiver's name, one issue per group as Alertmanager's Jira notifier makes.
struct AlertmanagerConverter {
    private let document: SourceDocument
    private var conversion: TemplateConversion
    private var planner = ConnectionPlanner()

    static let jiraKeys: Set<String> = [
        "send_resolved", "api_url", "project", "summary", "description", "labels", "priority", "issue_type", "resolve_transition",
        "reopen_transition", "wont_fix_resolution", "reopen_duration", "fields", "custom_fields", "api_type", "http_config",
    ]

    /// The templates Alertmanager ships; written explicitly they mean its defaults, which alert2jira has its own of.
    static func isBuiltIn(_ name: String) -> Bool { name.hasPrefix("jira.default.") || name.hasPrefix("__") }

    init(document: SourceDocument) {
        self.document = document
        self.conversion = TemplateConversion(document: document)
        conversion.builtInNames = Self.isBuiltIn
    }

    mutating func convert() throws(MigrationError) -> ConvertedConfig {
        let root = document.root
        for pattern in root["templates"]?.items ?? [] {
            guard let text = pattern.text else { continue }
            let files = Self.expand(document.resolve(text))
            if files.isEmpty {
                conversion.report(.notConverted(at: document.path, line: document.line(pattern), "templates: \(text) matches no file"))
            }
            for file in files { conversion.loadDefinitions(from: file, referencedAt: pattern) }
        }
        let routes = AlertmanagerRoutes(root["route"], document: document)
        var rules: [MigratedRule] = []
        for receiver in root["receivers"]?.items ?? [] {
            let configs = receiver["jira_configs"]?.items ?? []
            for (index, config) in configs.enumerated() {
                var rule = self.rule(config, receiver: receiver, global: root["global"], routes: routes)
                rule.continueMatching = index < configs.count - 1
                rules.append(rule)
            }
        }
        guard !rules.isEmpty else {
            throw .nothingToConvert(path: document.path, "no receiver has jira_configs; nothing to convert")
        }
        let header = [
            "Converted from \(document.path) by `alert2jira init --from-alertmanager`.",
            "One rule per jira_configs entry: it takes the notifications of that Alertmanager receiver and makes one",
            "issue per Alertmanager group, as Alertmanager's Jira notifier did. Review every NOT CONVERTED comment.",
        ]
        let notes = [
            "Send the notifications here: in each converted receiver of alertmanager.yml, replace jira_configs with",
            "  webhook_configs: [{ url: \"https://HOST:9097/alerts/src/alertmanager\", send_resolved: true }]",
            "and run `alert2jira serve`. Keep the receivers' names: the rules match on them.",
            "Issues Alertmanager opened carry its own label, which alert2jira does not search for: a group whose issue",
            "is still open gets one new issue, and alert2jira keeps that one from then on.",
        ]
        return ConfigMigration.assemble(header: header, notes: notes, rules: rules, planner: planner, problems: conversion.problems)
    }

    private mutating func rule(_ config: Node, receiver: Node, global: Node?, routes: AlertmanagerRoutes) -> MigratedRule {
        let name = receiver["name"]?.text ?? "receiver-\(document.line(receiver))"
        var rule = MigratedRule(name: name, receiver: name, project: "")
        rule.header = ["Alertmanager receiver \"\(name)\", jira_configs at \(document.path):\(document.line(config))"]
        for (key, node) in config.entries where !Self.jiraKeys.contains(key) {
            conversion.notConverted("", node, "jira_configs key \"\(key)\" has no alert2jira equivalent", originalKey: key, into: &rule)
        }
        routeComments(name, routes, into: &rule)

        let url = config["api_url"]?.text ?? global?["jira_api_url"]?.text
        if url == nil { conversion.notConverted("", config, "no api_url here nor global.jira_api_url", into: &rule) }
        rule.connection = connection(url: url ?? "https://jira.invalid", config: config, global: global, rule: &rule)

        if let project = config["project"] { rule.project = conversion.template("project", project, into: &rule) ?? "" }
        if rule.project.isEmpty {
            conversion.notConverted("project", config["project"], "no usable project", into: &rule)
            rule.project = "CHANGEME"
        }
        if let issueType = config["issue_type"] {
            rule.issueType = conversion.template("issue_type", issueType, into: &rule)
        }
        for (key, meaning) in [("summary", "the group's alertname (else its group labels)"), ("description", "the members, one per line")] {
            let node = config[key]
            if node == nil || Self.isDefault(node?.text, key) {
                rule.comment(key, ["Alertmanager's default \(key) template; alert2jira's default for a group is \(meaning)."])
                continue
            }
            let text = conversion.template(key, node!, into: &rule)
            if key == "summary" { rule.summary = text } else { rule.description = text }
        }
        if let priority = config["priority"], !Self.isDefault(priority.text, "priority") {
            rule.priority = conversion.template("priority", priority, into: &rule).map(MigratedRule.Priority.template)
        } else {
            rule.priority = .bySeverity([("critical", "High"), ("warning", "Medium"), ("info", "Low")])
            conversion.changed(
                "priority",
                config["priority"] ?? config,
                "Alertmanager's default priority (severity label critical/warning/info → High/Medium/Low) became a severity map; alert2jira normalizes severities, so \"error\" or \"page\" map too",
                into: &rule
            )
        }
        for label in config["labels"]?.items ?? [] {
            if let text = conversion.template("labels", label, into: &rule) { rule.labels.append(text) }
        }
        for key in ["fields", "custom_fields"] {
            for (field, node) in config[key]?.entries ?? [] {
                if let value = conversion.value(node, key: "fields", into: &rule) { rule.fields.append((field, value)) }
            }
        }

        // Alertmanager rewrites the summary and description on every notification, and reopens only with a transition.
        if let transition = config["reopen_transition"]?.text {
            rule.reopenTransition = transition
            if let duration = config["reopen_duration"], let text = duration.text {
                if let seconds = TemplateConversion.seconds(text) {
                    rule.reopenWindow = TemplateConversion.durationText(seconds)
                } else {
                    conversion.notConverted("dedup", duration, "reopen_duration \"\(text)\" is not a duration", into: &rule)
                }
            }
            if let resolution = config["wont_fix_resolution"]?.text { rule.wontFixResolution = resolution }
        } else {
            rule.reopenWindow = "0s"
            rule.comment("dedup", ["No reopen_transition: Alertmanager made a new issue when the group's issue was resolved, so does this."])
            if let resolution = config["wont_fix_resolution"]?.text { rule.wontFixResolution = resolution }
        }
        let sendResolved = config["send_resolved"]?.scalar?.string != "false"
        if let transition = config["resolve_transition"]?.text, sendResolved {
            rule.onResolved = "transition"
            rule.resolveTransition = transition
        }
        return rule
    }

    private func routeComments(_ receiver: String, _ routes: AlertmanagerRoutes, into rule: inout MigratedRule) {
        let paths = routes.paths[receiver] ?? []
        guard !paths.isEmpty else {
            rule.comment("match", ["No route in the route tree names this receiver; it gets no alerts until one does."])
            return
        }
        for path in paths {
            let what = path.matchers.isEmpty ? "every alert that reaches it" : "alerts matching " + path.matchers.joined(separator: ", ")
            rule.comment("match", ["Alertmanager's route at \(document.path):\(path.line) sends this receiver \(what)."])
        }
        if paths.count == 1, let match = paths[0].match, !match.isEmpty {
            rule.comment("match", ["Without the receiver (alerts from one catch-all webhook receiver), the same alerts match:"])
            rule.comment("match", match.map { "  \($0)" })
        }
    }

    private mutating func connection(url: String, config: Node, global: Node?, rule: inout MigratedRule) -> String {
        let http = config["http_config"] ?? global?["http_config"]
        var login: ConnectionPlanner.Login = .none
        var comments: [String] = []
        var extra: [(key: String, value: String)] = []
        for (key, node) in http?.entries ?? [] {
            switch key {
            case "basic_auth":
                login = .basic(passwordFile: node["password_file"]?.text.map(document.resolve))
                if let user = node["username"]?.text { comments.append("Alertmanager logged in as \"\(user)\".") }
                if node["password"] != nil { comments.append("Alertmanager's password was written in its config; it is not copied.") }
            case "authorization":
                login = .token(file: node["credentials_file"]?.text.map(document.resolve))
                if node["credentials"] != nil { comments.append("Alertmanager's token was written in its config; it is not copied.") }
                if let type = node["type"]?.text, type.lowercased() != "bearer" {
                    conversion.notConverted("", node, "authorization type \(type) is not one alert2jira sends", into: &rule)
                }
            case "bearer_token", "bearer_token_file":
                login = .token(file: key == "bearer_token_file" ? node.text.map(document.resolve) : nil)
            case "tls_config":
                for (tlsKey, value) in node.entries {
                    switch tlsKey {
                    case "ca_file": extra.append(("ca_file", MigrationWriter.quoted(document.resolve(value.text ?? ""))))
                    case "insecure_skip_verify" where value.isTrue: extra.append(("insecure_skip_verify", "true"))
                    default: conversion.notConverted("", value, "tls_config.\(tlsKey) is not converted", originalKey: tlsKey, into: &rule)
                    }
                }
            case "proxy_url", "proxy_from_environment":
                conversion.notConverted(
                    "",
                    node,
                    "\(key): alert2jira reads HTTPS_PROXY and NO_PROXY from the environment",
                    originalKey: key,
                    into: &rule
                )
            case "follow_redirects", "enable_http2":
                break
            default:
                conversion.notConverted("", node, "http_config.\(key) is not converted", originalKey: key, into: &rule)
            }
        }
        var flavor: String?
        if let apiType = config["api_type"]?.text {
            switch apiType {
            case "cloud": flavor = "cloud"
            case "datacenter": flavor = "datacenter"
            default: flavor = nil
            }
        }
        if case .token = login, flavor ?? ConnectionPlanner.flavor(of: ConnectionPlanner.siteURL(url), login: login) == "cloud" {
            conversion.notConverted(
                "",
                http,
                "a bearer token for Jira Cloud: alert2jira logs in to Cloud with an email and API token (or OAuth client credentials)",
                into: &rule
            )
        }
        if case .none = login {
            conversion.notConverted("", config, "no credentials in http_config; set them on the connection", into: &rule)
        }
        return planner.connection(url: url, flavor: flavor, login: login, comments: comments, extra: extra)
    }

    /// Whether a template is Alertmanager's own default for `key`, written out.
    static func isDefault(_ text: String?, _ key: String) -> Bool {
        guard let text else { return false }
        return text.firstMatch(of: /^\{\{-?\s*template\s+"jira\.default\.([a-z]+)"\s+\.\s*-?\}\}$/)?.1 == Substring(key)
    }

    /// The files a `templates:` entry names: a path, or a glob in its last component.
    static func expand(_ pattern: String) -> [String] {
        let directory = (pattern as NSString).deletingLastPathComponent
        let name = (pattern as NSString).lastPathComponent
        guard name.contains("*") || name.contains("?") else {
            return FileManager.default.fileExists(atPath: pattern) ? [pattern] : []
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        return entries.filter { wildcard(name, matches: $0) }.sorted().map { (directory as NSString).appendingPathComponent($0) }
    }

    private static func wildcard(_ pattern: String, matches name: String) -> Bool {
        let pattern = Array(pattern)
        let name = Array(name)
        func match(_ p: Int, _ n: Int) -> Bool {
            if p == pattern.count { return n == name.count }
            if pattern[p] == "*" { return (n...name.count).contains { match(p + 1, $0) } }
            guard n < name.count, pattern[p] == "?" || pattern[p] == name[n] else { return false }
            return match(p + 1, n + 1)
        }
        return match(0, 0)
    }
}
