import AlertModel
import Contracts
import Foundation
import Glibc
import Yams

/// Reads `alert2jira.yaml` (and the rule files it includes) into a ``Config``, reporting every
/// problem with its `file:line:column`.
///
/// Works on Yams' node tree rather than `Decodable` because decoding loses positions, and a config
/// error without a position costs users far more time than it costs us code.
public struct ConfigLoader: Sendable {
    /// Larger expansions are refused: a real config has a few thousand nodes, an alias bomb billions.
    package static let maximumNodes = 200_000

    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The config file to use: the explicit path, else `$ALERT2JIRA_CONFIG`, else `./alert2jira.yaml`.
    public func resolvePath(_ explicit: String?) -> String {
        explicit ?? environment["ALERT2JIRA_CONFIG"] ?? "alert2jira.yaml"
    }

    // MARK: - Files

    package func compose(_ text: String, file: String, what: String = "configuration", _ diagnostics: inout Diagnostics) -> YAMLValue? {
        if let problem = Self.aliasInKey(text, file: file) {
            diagnostics.error(problem.location, problem.message)
            return nil
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            if case .duplicatedKeysInMapping(let duplicates, let context) = error {
                let key = duplicates.first ?? ""
                let first = SourceLocation(file: file, line: context.mark.line, column: context.mark.column)
                let second = Self.repeatedKey(key, after: first, in: text)
                let location = second ?? first
                diagnostics.error(location, "duplicate key \"\(key)\"" + (second == nil ? "" : " (first at \(first))"))
            } else {
                diagnostics.error(Self.location(of: error, file: file, text: text), Self.message(of: error, text: text))
            }
            return nil
        } catch {
            diagnostics.error(SourceLocation(file: file, line: 1, column: 1), "cannot parse YAML: \(error)")
            return nil
        }
        guard let node else {
            let hint = what == "configuration" ? "; see samples/alert2jira.yaml for a starting point" : ""
            diagnostics.error(SourceLocation(file: file, line: 1, column: 1), "the \(what) file is empty\(hint)")
            return nil
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let value = YAMLValue(node: node, file: file, environment: environment, lines: lines)
        if value.expandedSize(limit: Self.maximumNodes) >= Self.maximumNodes {
            diagnostics.error(
                value.location,
                "the YAML expands to more than \(Self.maximumNodes) values through its aliases (an alias bomb?); refusing to read it"
            )
            return nil
        }
        return value
    }

    /// Where the key that Yams reported as duplicated (at its first occurrence) occurs again: the next
    /// line at the same indentation that starts with it, before the mapping ends.
    package static func repeatedKey(_ key: String, after first: SourceLocation, in text: String) -> SourceLocation? {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let indentation = first.column - 1
        var lineNumber = first.line
        while lineNumber < lines.count {
            let line = lines[lineNumber]
            lineNumber += 1
            let content = line.drop { $0 == " " }
            if content.isEmpty || content.hasPrefix("#") { continue }
            let column = line.count - content.count
            // A line indented less than the keys ends their mapping.
            if column < indentation { return nil }
            guard column == indentation else { continue }
            for spelling in [key, "\"\(key)\"", "'\(key)'"] where content.hasPrefix(spelling) {
                let after = content.dropFirst(spelling.count).drop { $0 == " " }
                if after.hasPrefix(":") { return SourceLocation(file: first.file, line: lineNumber, column: column + 1) }
            }
        }
        return nil
    }

    /// Refuses aliases used as (or inside) mapping keys before Yams sees them: Yams hashes every key
    /// to find duplicates, and hashing an aliased "billion laughs" key walks billions of nodes.
    ///
    /// Checks a copy of the document in which every alias is replaced by a marker scalar: composing it
    /// costs no more than the text's size, and a marker among the keys means the real document puts an
    /// alias there.
    package static func aliasInKey(_ text: String, file: String) -> ConfigProblem? {
        guard text.contains("&"), text.contains("*") else { return nil }
        let marker = "__alert2jira_alias_"
        // Every `*name` becomes a marker, wherever it is: in quoted or block text that changes
        // nothing that matters here, and no plain scalar can start with `*`, so a marker that starts a
        // plain key was an alias.
        var masked = ""
        masked.reserveCapacity(text.utf8.count)
        var scalars = text.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            if scalar == "*", let next = scalars.first, isAnchorCharacter(next) {
                masked += marker
            } else {
                masked.unicodeScalars.append(scalar)
            }
        }
        guard let node = try? Yams.compose(yaml: masked) else { return nil }
        func containsMarker(_ node: Node) -> Bool {
            switch node {
            case .scalar(let scalar): scalar.style == .plain && scalar.string.hasPrefix(marker)
            case .sequence(let sequence): sequence.contains(where: containsMarker)
            case .mapping(let mapping): mapping.contains { containsMarker($0.key) || containsMarker($0.value) }
            case .alias: true
            }
        }
        var stack = [node]
        while let next = stack.popLast() {
            switch next {
            case .sequence(let sequence):
                stack.append(contentsOf: sequence)
            case .mapping(let mapping):
                for (key, value) in mapping {
                    if containsMarker(key) {
                        let mark = key.mark
                        return ConfigProblem(
                            SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1),
                            "an alias cannot be used as a mapping key"
                        )
                    }
                    stack.append(value)
                }
            case .scalar, .alias:
                break
            }
        }
        return nil
    }

    /// The characters libyaml accepts in anchor and alias names.
    private static func isAnchorCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
    }

    package func readFile(
        _ path: String,
        what: String,
        _ diagnostics: inout Diagnostics,
        at location: SourceLocation? = nil,
        secret: Bool = false
    ) -> String? {
        let where_ = location ?? SourceLocation(file: path, line: 1, column: 1)
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it is not readable" : "no such file"
            diagnostics.error(where_, "cannot read \(what) \(path): \(reason)")
            return nil
        }
        if secret, let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
            // As ssh does for keys: a secret others on the host can read is not much of a secret.
            diagnostics.warning(
                where_,
                "\(what) \(path) can be read by other users (mode \(String(mode & 0o777, radix: 8))); run chmod 600 \(path)"
            )
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.error(where_, "\(what) \(path) is not valid UTF-8")
            return nil
        }
        return text
    }

    /// Rules from an included file: a list of rules, or a mapping with a `rules:` list.
    package func includedRules(_ path: String, _ diagnostics: inout Diagnostics) -> [YAMLValue] {
        diagnostics.reading(path)
        guard let text = readFile(path, what: "rule file", &diagnostics), let root = compose(text, file: path, what: "rule", &diagnostics)
        else {
            return []
        }
        if case .sequence = root.node {
            return root.sequence(&diagnostics, what: "the rule file") ?? []
        }
        guard var mapping = root.mapping(&diagnostics, what: "the rule file") else { return [] }
        let rules = mapping.take("rules").flatMap { $0.sequence(&diagnostics, what: "rules") } ?? []
        mapping.reportUnknownKeys(&diagnostics, known: ["rules"])
        return rules
    }

    package static func location(of error: YamlError, file: String, text: String) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(file: file, line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(_, let context):
            return SourceLocation(file: file, line: context.mark.line, column: context.mark.column)
        case .reader(_, let offset, _, _):
            let prefix = text.utf8.prefix(offset ?? 0)
            let line = prefix.filter { $0 == UInt8(ascii: "\n") }.count + 1
            return SourceLocation(file: file, line: line, column: 1)
        default:
            return SourceLocation(file: file, line: 1, column: 1)
        }
    }

    package static func message(of error: YamlError, text: String) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
            let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            if mark.line - 1 < lines.count, lines[mark.line - 1].contains("\t") {
                message += "; YAML does not allow tabs for indentation, use spaces"
            }
            return message
        default:
            return "YAML error: \(error)"
        }
    }

    package func enumeration<E: RawRepresentable & CaseIterable>(_ value: YAMLValue, what: String, _ diagnostics: inout Diagnostics) -> E?
    where E.RawValue == String {
        guard let text = value.string(&diagnostics, what: what) else { return nil }
        guard let result = E(rawValue: text) else {
            diagnostics.error(value.location, "\(what) must be one of \(E.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(text)\"")
            return nil
        }
        return result
    }
}
