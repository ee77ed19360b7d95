import Contracts
import Foundation
import Yams

/// A YAML node with the file it came from, and typed accessors that report problems at the node's
/// position instead of throwing, so loading continues and every problem is listed.
package struct YAMLValue {
    package let node: Node
    package let file: String
    package let environment: [String: String]
    /// The file's lines, to find where a block scalar's text starts (Yams marks its `|` indicator).
    package let lines: [Substring]

    package init(node: Node, file: String, environment: [String: String], lines: [Substring]) {
        self.node = node
        self.file = file
        self.environment = environment
        self.lines = lines
    }

    package var location: SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// Where the scalar's text starts: quoted scalars one column after their quote, block scalars on
    /// the first line after their `|` or `>`, at the block's indentation.
    package var textLocation: SourceLocation {
        var location = self.location
        guard case .scalar(let scalar) = node else { return location }
        switch scalar.style {
        case .singleQuoted, .doubleQuoted:
            location.column += 1
        case .literal, .folded:
            location.line += 1
            let body = lines.dropFirst(location.line - 1)
            let firstText = body.first { !$0.allSatisfy { $0 == " " } }
            location.column = (firstText?.prefix { $0 == " " }.count ?? 0) + 1
        default:
            break
        }
        return location
    }

    /// The node's shape without Yams' types, so the stages that read rules need not import Yams.
    package enum Shape {
        /// A scalar's text and whether it was written plain (unquoted), where `5` is a number and `true` a bool.
        case scalar(text: String, plain: Bool)
        case sequence
        case mapping
        case alias
    }

    package var shape: Shape {
        switch node {
        case .scalar(let scalar): .scalar(text: scalar.string, plain: scalar.style == .plain)
        case .sequence: .sequence
        case .mapping: .mapping
        case .alias: .alias
        }
    }

    package var isBlockScalar: Bool {
        if case .scalar(let scalar) = node { return scalar.style == .literal || scalar.style == .folded }
        return false
    }

    package var isNull: Bool {
        if case .scalar(let scalar) = node, scalar.style == .plain {
            return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
        }
        return false
    }

    package var kindName: String {
        switch node {
        case .scalar: isNull ? "nothing" : "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    private func child(_ node: Node) -> YAMLValue {
        YAMLValue(node: node, file: file, environment: environment, lines: lines)
    }

    /// The scalar's text with `${VAR}` and `${VAR:-default}` expanded from the environment.
    ///
    /// - Parameter secret: the text is a credential, so messages about it must not quote it.
    package func string(_ diagnostics: inout Diagnostics, what: String, secret: Bool = false) -> String? {
        guard case .scalar(let scalar) = node else {
            diagnostics.error(location, "\(what) must be a string, found \(kindName)")
            return nil
        }
        if isNull {
            diagnostics.error(location, "\(what) has no value")
            return nil
        }
        return EnvironmentExpansion.expand(scalar.string, environment: environment, at: textLocation, redacted: secret, &diagnostics)
    }

    package func bool(_ diagnostics: inout Diagnostics, what: String) -> Bool? {
        guard let text = string(&diagnostics, what: what) else { return nil }
        switch text {
        case "true", "True", "TRUE", "yes", "on": return true
        case "false", "False", "FALSE", "no", "off": return false
        default:
            diagnostics.error(location, "\(what) must be true or false, found \"\(text)\"")
            return nil
        }
    }

    package func int(_ diagnostics: inout Diagnostics, what: String, range: ClosedRange<Int> = 0...Int.max) -> Int? {
        guard let text = string(&diagnostics, what: what) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            diagnostics.error(location, "\(what) must be a whole number in \(range.lowerBound)...\(range.upperBound), found \"\(text)\"")
            return nil
        }
        return value
    }

    /// `90s`, `10m`, `1h30m`, `2d`, or plain seconds.
    package func duration(_ diagnostics: inout Diagnostics, what: String) -> Duration? {
        guard let text = string(&diagnostics, what: what) else { return nil }
        guard let duration = DurationParser.parse(text) else {
            diagnostics.error(location, "\(what) must be a duration like 30s, 10m, 1h or 1h30m, found \"\(text)\"")
            return nil
        }
        return duration
    }

    package func sequence(_ diagnostics: inout Diagnostics, what: String) -> [YAMLValue]? {
        switch node {
        case .sequence(let sequence):
            return sequence.map(child)
        default:
            diagnostics.error(location, "\(what) must be a list, found \(kindName)")
            return nil
        }
    }

    /// A list, or a single scalar taken as a one-element list (`labels: finops`).
    package func sequenceOrScalar(_ diagnostics: inout Diagnostics, what: String) -> [YAMLValue]? {
        if case .scalar = node { return [self] }
        return sequence(&diagnostics, what: what)
    }

    /// The mapping's entries in order; `<<: *anchor` merge keys bring in the anchored mapping's entries
    /// that the mapping does not set itself, so users can share settings with anchors.
    package func mapping(_ diagnostics: inout Diagnostics, what: String) -> YAMLMapping? {
        guard case .mapping(let mapping) = node else {
            diagnostics.error(location, "\(what) must be a mapping, found \(kindName)")
            return nil
        }
        func isMergeKey(_ key: Node) -> Bool {
            if case .scalar(let scalar) = key { return scalar.style == .plain && scalar.string == "<<" }
            return false
        }
        var explicitKeys: Set<String> = []
        for (keyNode, _) in mapping where !isMergeKey(keyNode) {
            if case .scalar(let scalar) = keyNode { explicitKeys.insert(scalar.string) }
        }
        var entries: [YAMLMapping.Entry] = []
        var seen: [String: SourceLocation] = [:]
        for (keyNode, valueNode) in mapping {
            let key = child(keyNode)
            if isMergeKey(keyNode) {
                let value = child(valueNode)
                let sources: [YAMLValue]
                if case .sequence = valueNode {
                    sources = value.sequence(&diagnostics, what: "<<") ?? []
                } else {
                    sources = [value]
                }
                for source in sources {
                    guard let merged = source.mapping(&diagnostics, what: "the mapping merged with <<") else { continue }
                    for entry in merged.entries where !explicitKeys.contains(entry.key) && seen[entry.key] == nil {
                        seen[entry.key] = entry.keyLocation
                        entries.append(entry)
                    }
                }
                continue
            }
            guard case .scalar(let scalar) = keyNode else {
                diagnostics.error(key.location, "keys in \(what) must be strings, found \(key.kindName)")
                continue
            }
            if let first = seen[scalar.string], explicitKeys.contains(scalar.string) {
                diagnostics.error(key.location, "duplicate key \"\(scalar.string)\" in \(what) (first at \(first))")
                continue
            }
            seen[scalar.string] = key.location
            entries.append(YAMLMapping.Entry(key: scalar.string, keyLocation: key.location, value: child(valueNode)))
        }
        return YAMLMapping(entries: entries, location: location, what: what)
    }

    /// Number of nodes below this one, counting every alias expansion; stops counting at `limit`.
    ///
    /// Yams shares aliased subtrees, so a "billion laughs" document is small in memory but explodes
    /// when walked. Counting first lets the loader refuse it before walking.
    package func expandedSize(limit: Int) -> Int {
        var count = 0
        var stack: [Node] = [node]
        while let next = stack.popLast() {
            count += 1
            if count >= limit { return count }
            switch next {
            case .scalar, .alias: break
            case .sequence(let sequence): stack.append(contentsOf: sequence)
            case .mapping(let mapping):
                for (key, value) in mapping {
                    stack.append(key)
                    stack.append(value)
                }
            }
        }
        return count
    }
}
