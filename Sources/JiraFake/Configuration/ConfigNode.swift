import JiraSpec
import Yams

/// A node of a config file with typed accessors whose errors carry the node's position.
struct ConfigNode {
    let node: Node
    let file: String

    var line: Int { node.mark?.line ?? 1 }
    var column: Int { node.mark?.column ?? 1 }

    func error(_ message: String) -> FakeConfigurationError {
        FakeConfigurationError(file: file, line: line, column: column, message: message)
    }

    /// A synthetic scalar, for entries a config may leave out (the implied `project` screen field).
    static func scalar(_ text: String, file: String) -> ConfigNode {
        ConfigNode(node: .scalar(.init(text)), file: file)
    }

    var isScalar: Bool {
        if case .scalar = node { return true }
        return false
    }

    /// The key/value pairs of a mapping whose keys are free (project keys, not config keywords).
    func pairs() throws(FakeConfigurationError) -> [(key: ConfigNode, value: ConfigNode)] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping, found \(kindName)") }
        return mapping.map { (ConfigNode(node: $0.key, file: file), ConfigNode(node: $0.value, file: file)) }
    }

    var isNull: Bool {
        if case .scalar(let scalar) = node, scalar.style == .plain {
            return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
        }
        return false
    }

    private var kindName: String {
        switch node {
        case .scalar: isNull ? "nothing" : "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// Any scalar as text (`10000`, `10.3.0`, `Bug`).
    func string() throws(FakeConfigurationError) -> String {
        guard case .scalar(let scalar) = node, !isNull else { throw error("expected a text value, found \(kindName)") }
        return scalar.string
    }

    func int() throws(FakeConfigurationError) -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            throw error("expected a whole number, found \(kindName == "a scalar" ? "'\((try? string()) ?? "")'" : kindName)")
        }
        return value
    }

    func bool() throws(FakeConfigurationError) -> Bool {
        guard case .scalar(let scalar) = node else { throw error("expected true or false, found \(kindName)") }
        switch scalar.string {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw error("expected true or false, found '\(scalar.string)'")
        }
    }

    func sequence() throws(FakeConfigurationError) -> [ConfigNode] {
        guard case .sequence(let sequence) = node else { throw error("expected a list, found \(kindName)") }
        return sequence.map { ConfigNode(node: $0, file: file) }
    }

    /// A list of text values; a single scalar counts as a list of one.
    func strings() throws(FakeConfigurationError) -> [String] {
        if isScalar { return [try string()] }
        var values: [String] = []
        for element in try sequence() { values.append(try element.string()) }
        return values
    }

    /// The mapping, after checking every key is one of `allowed`.
    func mapping(allowed: [String]) throws(FakeConfigurationError) -> ConfigMapping {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping, found \(kindName)") }
        var pairs: [(String, ConfigNode)] = []
        for (key, value) in mapping {
            let keyNode = ConfigNode(node: key, file: file)
            let name = try keyNode.string()
            guard allowed.contains(name) else {
                throw keyNode.error("unknown key '\(name)'; expected one of: \(allowed.joined(separator: ", "))")
            }
            pairs.append((name, ConfigNode(node: value, file: file)))
        }
        return ConfigMapping(node: self, pairs: pairs)
    }

    /// The node as JSON: plain scalars that read as numbers, booleans or null become those, the rest strings.
    func json() throws(FakeConfigurationError) -> SpecJSON {
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return .string(scalar.string) }
            if isNull { return .null }
            switch scalar.string {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: break
            }
            if let number = try? SpecJSON.parse(scalar.string), case .number = number { return number }
            return .string(scalar.string)
        case .sequence(let sequence):
            var array: [SpecJSON] = []
            for element in sequence { array.append(try ConfigNode(node: element, file: file).json()) }
            return .array(array)
        case .mapping(let mapping):
            var object = SpecObject()
            for (key, value) in mapping {
                object[try ConfigNode(node: key, file: file).string()] = try ConfigNode(node: value, file: file).json()
            }
            return .object(object)
        case .alias:
            throw error("YAML aliases are not supported here")
        }
    }
}
