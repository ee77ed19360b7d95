import Contracts
import Foundation
import Yams

/// What both converters do with the original's values: translate templates, carry field values over, and
/// keep what cannot be carried as a comment beside the key, reported as a problem with its file and line.
struct TemplateConversion {
    let document: SourceDocument
    var definitions: [String: GoTemplateTranslator.Definition] = [:]
    var builtInNames: (String) -> Bool = { _ in false }
    private(set) var problems: [MigrationProblem] = []

    init(document: SourceDocument) {
        self.document = document
    }

    /// Reads the `{{ define }}`s of a template file; a file that cannot be read or parsed is a problem, and
    /// the templates that use its definitions then report them missing.
    mutating func loadDefinitions(from path: String, referencedAt node: Node?) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            problems.append(
                .notConverted(at: document.path, line: document.line(node), "cannot read the template file \(path); its templates are left out")
            )
            return
        }
        do {
            let template = try GoTemplate(parsing: text)
            for (name, nodes) in template.defines {
                definitions[name] = GoTemplateTranslator.Definition(nodes: nodes, file: path)
            }
        } catch {
            problems.append(
                .notConverted(at: path, line: error.line, "the template file does not parse (\(error.message)); its templates are left out")
            )
        }
    }

    /// The Mustache for a template value; what could not be translated is reported, and the original is kept
    /// as a comment above `key`. `nil` when nothing of the template is left.
    mutating func template(_ key: String, _ node: Node, into rule: inout MigratedRule) -> String? {
        guard let text = node.scalar?.string else {
            notConverted(key, node, "\(key) must be text", into: &rule)
            return nil
        }
        var translator = GoTemplateTranslator(definitions: definitions)
        translator.builtInNames = builtInNames
        let result = translator.translate(text, file: document.path, line: document.line(node))
        let found = translator.problems.map { problem in
            var problem = problem
            problem.message = "\(key) of rule \"\(rule.name)\": \(problem.message)"
            return problem
        }
        problems += found
        let lost = found.filter { $0.kind == .notConverted }
        if !lost.isEmpty {
            rule.comment(key, ["NOT CONVERTED (in part): the original, at \(document.path):\(document.line(node)):"] + original(key, node))
            rule.comment(key, lost.map { "  \(Self.place($0)) \($0.message)" })
        }
        for changed in found where changed.kind == .changed {
            rule.comment(key, ["Changed: \(changed.message)"])
        }
        let trimmed = result.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : result
    }

    /// A field value: text is translated, numbers and booleans stay as they are, lists and mappings recurse.
    mutating func value(_ node: Node, key: String, into rule: inout MigratedRule) -> MigratedValue? {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, let text = node.text, Self.isPlainLiteral(text) { return .plain(text) }
            return template(key, node, into: &rule).map(MigratedValue.text) ?? .text("")
        case .sequence:
            return .list(node.items.compactMap { value($0, key: key, into: &rule) })
        case .mapping:
            return .object(node.entries.compactMap { entry in value(entry.value, key: key, into: &rule).map { (entry.key, $0) } })
        default:
            notConverted(key, node, "aliases are not converted", into: &rule)
            return nil
        }
    }

    /// `anchor` is the output key the comment goes above (`""` for the end of the rule); `originalKey` names the
    /// original's key in the comment when it differs.
    mutating func notConverted(
        _ anchor: String,
        _ node: Node?,
        _ message: String,
        originalKey: String? = nil,
        into rule: inout MigratedRule
    ) {
        problems.append(.notConverted(at: document.path, line: document.line(node), "\(message) (rule \"\(rule.name)\")"))
        rule.comment(anchor, ["NOT CONVERTED: \(message); the original, at \(document.path):\(document.line(node)):"])
        if let node { rule.comment(anchor, original(originalKey ?? anchor, node)) }
    }

    mutating func changed(_ key: String, _ node: Node?, _ message: String, into rule: inout MigratedRule) {
        problems.append(.changed(at: document.path, line: document.line(node), "\(message) (rule \"\(rule.name)\")"))
        rule.comment(key, ["Changed: \(message)."])
    }

    mutating func report(_ problem: MigrationProblem) {
        problems.append(problem)
    }

    /// `key: value` as the original wrote it, indented for a comment.
    func original(_ key: String, _ node: Node) -> [String] {
        let text = (try? Yams.serialize(node: node, width: -1)) ?? ""
        let lines = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count == 1 { return ["  \(key.isEmpty ? "" : "\(key): ")\(lines[0])"] }
        return (key.isEmpty ? [] : ["  \(key):"]) + lines.map { "    \($0)" }
    }

    static func place(_ problem: MigrationProblem) -> String {
        problem.location.map { "\(($0.file as NSString).lastPathComponent):\($0.line):" } ?? ""
    }

    private static func isPlainLiteral(_ text: String) -> Bool {
        if text == "true" || text == "false" { return true }
        return Double(text) != nil && text.allSatisfy { $0.isNumber || ".-+eE".contains($0) }
    }

    /// A Prometheus-style duration (`1y`, `2w`, `1h30m`, `500ms`) in whole seconds, or `nil` when it is not one.
    static func seconds(_ text: String) -> Int? {
        var total = 0
        var number = ""
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !rest.isEmpty else { return nil }
        while let character = rest.first {
            if character.isASCII, character.isNumber {
                number.append(character)
                rest = rest.dropFirst()
                continue
            }
            guard let value = Int(number), value < 1_000_000_000 else { return nil }
            number = ""
            if rest.hasPrefix("ms") {
                rest = rest.dropFirst(2)
                total += value / 1000
                continue
            }
            let units = ["y": 31_536_000, "w": 604_800, "d": 86_400, "h": 3_600, "m": 60, "s": 1]
            guard let unit = units[String(character)] else { return nil }
            total += value * unit
            rest = rest.dropFirst()
        }
        return number.isEmpty ? total : (Int(number) == 0 ? 0 : nil)
    }

    /// Seconds as the shortest duration alert2jira reads (`36500d`, `90m`).
    static func durationText(_ seconds: Int) -> String {
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] where seconds >= size && seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }
}
