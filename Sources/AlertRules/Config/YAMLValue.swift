import Foundation
import Yams

/// A YAML node with the file it came from, and typed accessors that report problems at the node's
/// position instead of throwing, so loading continues and every problem is listed.
struct YAMLValue {
    let node: Node
    let file: String
    let environment: [String: String]
    /// The file's lines, to find where a block scalar's text starts (Yams marks its `|` indicator).
    let lines: [Substring]

    init(node: Node, file: String, environment: [String: String], lines: [Substring]) {
        self.node = node
        self.file = file
        self.environment = environment
        self.lines = lines
    }

    var location: SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// Where the scalar's text starts: quoted scalars one column after their quote, block scalars on
    /// the first line after their `|` or `>`, at the block's indentation.
    var textLocation: SourceLocation {
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

    var isBlockScalar: Bool {
        if case .scalar(let scalar) = node { return scalar.style == .literal || scalar.style == .folded }
        return false
    }

    var isNull: Bool {
        if case .scalar(let scalar) = node, scalar.style == .plain {
            return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
        }
        return false
    }

    var kindName: String {
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
    func string(_ diagnostics: inout Diagnostics, what: String, secret: Bool = false) -> String? {
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

    func bool(_ diagnostics: inout Diagnostics, what: String) -> Bool? {
        guard let text = string(&diagnostics, what: what) else { return nil }
        switch text {
        case "true", "True", "TRUE", "yes", "on": return true
        case "false", "False", "FALSE", "no", "off": return false
        default:
            diagnostics.error(location, "\(what) must be true or false, found \"\(text)\"")
            return nil
        }
    }

    func int(_ diagnostics: inout Diagnostics, what: String, range: ClosedRange<Int> = 0...Int.max) -> Int? {
        guard let text = string(&diagnostics, what: what) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            diagnostics.error(location, "\(what) must be a whole number in \(range.lowerBound)...\(range.upperBound), found \"\(text)\"")
            return nil
        }
        return value
    }

    /// `90s`, `10m`, `1h30m`, `2d`, or plain seconds.
    func duration(_ diagnostics: inout Diagnostics, what: String) -> Duration? {
        guard let text = string(&diagnostics, what: what) else { return nil }
        guard let duration = DurationParser.parse(text) else {
            diagnostics.error(location, "\(what) must be a duration like 30s, 10m, 1h or 1h30m, found \"\(text)\"")
            return nil
        }
        return duration
    }

    func sequence(_ diagnostics: inout Diagnostics, what: String) -> [YAMLValue]? {
        switch node {
        case .sequence(let sequence):
            return sequence.map(child)
        default:
            diagnostics.error(location, "\(what) must be a list, found \(kindName)")
            return nil
        }
    }

    /// A list, or a single scalar taken as a one-element list (`labels: finops`).
    func sequenceOrScalar(_ diagnostics: inout Diagnostics, what: String) -> [YAMLValue]? {
        if case .scalar = node { return [self] }
        return sequence(&diagnostics, what: what)
    }

    /// The mapping's entries in order; `<<: *anchor` merge keys bring in the anchored mapping's entries
    /// that the mapping does not set itself, so users can share settings with anchors.
    func mapping(_ diagnostics: inout Diagnostics, what: String) -> YAMLMapping? {
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
    func expandedSize(limit: Int) -> Int {
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

/// A YAML mapping whose keys are taken one by one; whatever is left over is an unknown key.
struct YAMLMapping {
    struct Entry {
        let key: String
        let keyLocation: SourceLocation
        let value: YAMLValue
    }

    private(set) var entries: [Entry]
    let location: SourceLocation
    /// How messages name the mapping (`rule "x"`); callers refine it once they know the name.
    var what: String
    private var taken: Set<String> = []

    init(entries: [Entry], location: SourceLocation, what: String) {
        self.entries = entries
        self.location = location
        self.what = what
    }

    mutating func take(_ key: String) -> YAMLValue? {
        guard let entry = entries.first(where: { $0.key == key }) else { return nil }
        taken.insert(key)
        return entry.value
    }

    func has(_ key: String) -> Bool {
        entries.contains { $0.key == key }
    }

    /// Reports every key that was not taken, with the closest known key as a suggestion.
    func reportUnknownKeys(_ diagnostics: inout Diagnostics, known: [String]) {
        for entry in entries where !taken.contains(entry.key) {
            var message = "unknown key \"\(entry.key)\" in \(what)"
            if let suggestion = Suggestion.closest(to: entry.key, in: known) {
                message += "; did you mean \"\(suggestion)\"?"
            } else {
                message += "; known keys: \(known.joined(separator: ", "))"
            }
            diagnostics.error(entry.keyLocation, message)
        }
    }
}

/// Expands `${VAR}` and `${VAR:-default}` in configuration strings; `$${` stands for a literal `${`.
///
/// As in the shell, the default also replaces a variable that is set but empty, so
/// `${JIRA_URL:-https://…}` works when a deployment exports `JIRA_URL=`.
enum EnvironmentExpansion {
    /// - Parameter redacted: the text is a credential: messages name no part of it.
    static func expand(
        _ text: String,
        environment: [String: String],
        at location: SourceLocation,
        redacted: Bool = false,
        _ diagnostics: inout Diagnostics
    ) -> String? {
        guard text.contains("$") else { return text }
        var result = ""
        var rest = Substring(text)
        var ok = true
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            let afterDollar = rest.index(after: dollar)
            if rest[afterDollar...].hasPrefix("${") {
                result += "${"
                rest = rest[rest.index(afterDollar, offsetBy: 2)...]
                continue
            }
            guard rest[afterDollar...].hasPrefix("{") else {
                result += "$"
                rest = rest[afterDollar...]
                continue
            }
            guard let close = rest[afterDollar...].firstIndex(of: "}") else {
                let quoted = redacted ? "" : " in \"\(text)\""
                diagnostics.error(location, "unterminated \"${\"\(quoted); write ${NAME}, or $${ for a literal ${")
                return nil
            }
            let body = rest[rest.index(after: afterDollar)..<close]
            rest = rest[rest.index(after: close)...]
            let name: Substring
            let fallback: Substring?
            if let separator = body.range(of: ":-") {
                name = body[..<separator.lowerBound]
                fallback = body[separator.upperBound...]
            } else {
                name = body
                fallback = nil
            }
            if !isValidName(name) {
                let quoted = redacted ? "" : " \"\(name)\" in \"${\(body)}\""
                diagnostics.error(
                    location,
                    "invalid environment variable name\(quoted); names are letters, digits and _, not starting with a digit, and $${ writes a literal ${"
                )
                ok = false
            } else if fallback?.contains("${") == true {
                // The first `}` closes the reference, so a nested default would be cut in half.
                diagnostics.error(location, "nested ${…} in the default of ${\(name)} is not supported")
                ok = false
            } else if let value = environment[String(name)], !(value.isEmpty && fallback != nil) {
                result += value
            } else if let fallback {
                result += fallback
            } else {
                diagnostics.error(location, "environment variable \(name) is not set; set it, or write ${\(name):-default}")
                ok = false
            }
        }
        result += rest
        return ok ? result : nil
    }

    /// POSIX shell names: what `export` accepts, so any name used here can actually be set.
    static func isValidName(_ name: Substring) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}

/// Parses Prometheus-style durations (`90s`, `10m`, `1h30m`, `2d`, `500ms`).
public enum DurationParser {
    public static func parse(_ text: String) -> Duration? {
        if let seconds = Int(text) { return (0...3_200_000_000).contains(seconds) ? .seconds(seconds) : nil }
        var total = Duration.zero
        var number = ""
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while let character = rest.first {
            if character.isASCII, character.isNumber {
                number.append(character)
                rest = rest.dropFirst()
                continue
            }
            // Caps the numbers so the arithmetic cannot overflow; nobody means more than a century.
            guard let value = Int(number), value <= 3_200_000_000 else { return nil }
            number = ""
            let unit: Duration
            if rest.hasPrefix("ms") {
                unit = .milliseconds(1)
                rest = rest.dropFirst(2)
            } else {
                switch character {
                case "s": unit = .seconds(1)
                case "m": unit = .seconds(60)
                case "h": unit = .seconds(3600)
                case "d": unit = .seconds(86400)
                case "w": unit = .seconds(604800)
                default: return nil
                }
                rest = rest.dropFirst()
            }
            total += unit * value
            guard total <= .seconds(3_200_000_000) else { return nil }
        }
        return number.isEmpty ? total : nil
    }
}

/// "Did you mean …?" for misspelled keys and names.
enum Suggestion {
    static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= max(1, candidate.count / 3), distance < (best?.1 ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
