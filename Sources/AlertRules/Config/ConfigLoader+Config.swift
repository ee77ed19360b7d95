import AlertConfig
import AlertModel
import Contracts
import Foundation

/// Reads a whole configuration: the sections ``AlertConfig`` knows, then the rules, then the names they
/// refer to, so one run reports every problem.
extension ConfigLoader {
    public func load(path: String) throws(ConfigError) -> Config {
        var diagnostics = Diagnostics()
        let text = readFile(path, what: "configuration file", &diagnostics)
        guard let text else { throw diagnostics.configError }
        let baseDirectory = (path as NSString).deletingLastPathComponent
        return try load(yaml: text, file: path, baseDirectory: baseDirectory.isEmpty ? "." : baseDirectory)
    }

    public func load(yaml: String, file: String, baseDirectory: String) throws(ConfigError) -> Config {
        var diagnostics = Diagnostics()
        diagnostics.reading(file)
        var config = Config(file: file)
        guard let root = compose(yaml, file: file, &diagnostics) else {
            throw diagnostics.configError
        }
        guard var top = root.mapping(&diagnostics, what: "the configuration") else {
            throw diagnostics.configError
        }

        // Every connection written down counts as defined, even one with problems of its own, so a
        // typo in its url is not also reported as "unknown connection" wherever it is used.
        var declaredConnections: [String] = []
        if let value = top.take("connections") {
            declaredConnections = value.mapping(&diagnostics, what: "connections")?.entries.map(\.key) ?? []
            config.connections = connections(value, baseDirectory: baseDirectory, &diagnostics)
        }
        var connectionReferences: [(name: String, location: SourceLocation, what: String)] = []
        if let value = top.take("default_connection") {
            config.defaultConnection = value.string(&diagnostics, what: "default_connection")
            if let name = config.defaultConnection { connectionReferences.append((name, value.textLocation, "default_connection")) }
        }
        if let value = top.take("project_connections"), let mapping = value.mapping(&diagnostics, what: "project_connections") {
            for entry in mapping.entries {
                if let name = entry.value.string(&diagnostics, what: "the connection of project \(entry.key)") {
                    config.projectConnections[entry.key] = name
                    connectionReferences.append((name, entry.value.textLocation, "project_connections.\(entry.key)"))
                }
            }
        }
        if let value = top.take("unmatched") {
            config.unmatched = enumeration(value, what: "unmatched", &diagnostics) ?? .report
        }
        if let value = top.take("samples"), let patterns = value.sequenceOrScalar(&diagnostics, what: "samples") {
            for pattern in patterns {
                guard let text = pattern.string(&diagnostics, what: "a samples pattern") else { continue }
                let files = FileGlob.expand(text, relativeTo: baseDirectory)
                if files.isEmpty, !FileGlob.hasWildcard(text) {
                    diagnostics.error(pattern.textLocation, "sample file \"\(text)\" does not exist (paths are relative to \(baseDirectory))")
                }
                config.samples += files
            }
        }

        var defaults: YAMLMapping?
        if let value = top.take("defaults") {
            defaults = value.mapping(&diagnostics, what: "defaults")
            if let defaults {
                var check = defaults
                for key in RuleKeys.templated { _ = check.take(key) }
                check.reportUnknownKeys(&diagnostics, known: RuleKeys.templated)
            }
        }

        var ruleValues: [YAMLValue] = []
        if let value = top.take("include"), let patterns = value.sequenceOrScalar(&diagnostics, what: "include") {
            let mainFile = URL(fileURLWithPath: file).standardizedFileURL.path
            for entry in patterns {
                // An entry is a path or glob, or `{ path: GLOB, optional: true }` for a folder that may be empty.
                var pattern = entry
                var optional = false
                if case .mapping = entry.shape, var mapping = entry.mapping(&diagnostics, what: "an include entry") {
                    guard let path = mapping.take("path") else {
                        diagnostics.error(entry.location, "an include entry needs path: GLOB (and optionally optional: true)")
                        continue
                    }
                    pattern = path
                    optional = mapping.take("optional").flatMap { $0.bool(&diagnostics, what: "optional") } ?? false
                    mapping.reportUnknownKeys(&diagnostics, known: ["path", "optional"])
                }
                guard let text = pattern.string(&diagnostics, what: "an include pattern") else { continue }
                let files = FileGlob.expand(text, relativeTo: baseDirectory)
                if files.isEmpty, !FileGlob.hasWildcard(text) {
                    diagnostics.error(pattern.textLocation, "included file \"\(text)\" does not exist (paths are relative to \(baseDirectory))")
                } else if files.isEmpty, !optional {
                    // A glob that matches nothing would load no rules and exit 0, and every alert would go unmatched.
                    diagnostics.error(
                        pattern.textLocation,
                        "include pattern \"\(text)\" matches no file (paths are relative to \(baseDirectory)); fix the pattern, "
                            + "or write { path: \"\(text)\", optional: true } if the folder may be empty"
                    )
                }
                // `include: "*.yaml"` next to the main file would otherwise read it as a rule file.
                for included in files where URL(fileURLWithPath: included).standardizedFileURL.path != mainFile {
                    ruleValues += includedRules(included, &diagnostics)
                }
            }
        }
        if let value = top.take("rules"), let list = value.sequence(&diagnostics, what: "rules") {
            ruleValues += list
        }
        if let value = top.take("server") {
            config.server = server(value, baseDirectory: baseDirectory, &diagnostics)
        }
        if let value = top.take("sources") {
            config.sources = sources(value, baseDirectory: baseDirectory, &diagnostics)
        }
        top.reportUnknownKeys(&diagnostics, known: TopLevelKeys.all)

        var ruleConnections: [(name: String, location: SourceLocation, what: String)] = []
        config.rules = rules(ruleValues, defaults: defaults, connectionReferences: &ruleConnections, &diagnostics)
        connectionReferences += ruleConnections

        // Names are checked last, once every connection is known.
        for reference in connectionReferences where !declaredConnections.contains(reference.name) {
            var message = "\(reference.what) refers to unknown connection \"\(reference.name)\""
            if declaredConnections.isEmpty {
                message += "; define it under connections:"
            } else if let suggestion = Suggestion.closest(to: reference.name, in: declaredConnections) {
                message += "; did you mean \"\(suggestion)\"?"
            } else {
                message += "; defined connections: \(declaredConnections.sorted().joined(separator: ", "))"
            }
            diagnostics.error(reference.location, message)
        }
        // With several connections and no global one, a rule whose project has no connection of its
        // own could only fail when its first alert arrives; say so now, where the rule is.
        if declaredConnections.count > 1, config.defaultConnection == nil {
            for rule in config.rules where rule.connection == nil && rule.project.isConstant {
                let project = rule.project.source.trimmingCharacters(in: .whitespacesAndNewlines)
                guard config.projectConnections[project] == nil else { continue }
                diagnostics.error(
                    rule.location,
                    "rule \"\(rule.name)\" does not say which connection project \(project) uses; set connection: on the rule, project_connections: {\(project): …}, or default_connection"
                )
            }
        }

        guard diagnostics.isEmpty else { throw diagnostics.configError }
        config.warnings = diagnostics.warnings.map(\.description)
        return config
    }
}

/// The keys the configuration understands at its top level.
enum TopLevelKeys {
    static let all = [
        "connections", "default_connection", "project_connections", "include", "rules", "defaults", "unmatched", "samples", "server", "sources",
    ]
}
