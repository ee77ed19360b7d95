/// A config mapping whose keys were checked; lookups by key, with errors pointing at the mapping.
struct ConfigMapping {
    let node: ConfigNode
    let pairs: [(String, ConfigNode)]

    /// The value of `key`, or `nil` when absent or explicitly null.
    subscript(key: String) -> ConfigNode? {
        guard let value = pairs.first(where: { $0.0 == key })?.1, !value.isNull else { return nil }
        return value
    }

    func required(_ key: String) throws(FakeConfigurationError) -> ConfigNode {
        guard let value = self[key] else { throw node.error("missing required key '\(key)'") }
        return value
    }

    func string(_ key: String) throws(FakeConfigurationError) -> String? {
        try self[key]?.string()
    }

    func int(_ key: String) throws(FakeConfigurationError) -> Int? {
        try self[key]?.int()
    }

    func bool(_ key: String) throws(FakeConfigurationError) -> Bool? {
        try self[key]?.bool()
    }
}
