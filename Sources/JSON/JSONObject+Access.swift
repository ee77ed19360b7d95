/// Lenient accessors for decoders: payloads mix strings and numbers for the same field across
/// versions, so "a string" here means any scalar as text, and empty strings count as absent.
extension JSONObject {
    /// Decoders mostly ask for one key; looking it up directly skips wrapping this object in a value
    /// and walking a path, which every alert paid for on every field.
    private func lookup(_ path: [String]) -> JSONValue? {
        path.count == 1 ? self[path[0]] : JSONValue.object(self).value(at: path)
    }

    /// The value at a path of keys below this object.
    public func value(_ path: String...) -> JSONValue? {
        lookup(path)
    }

    /// A non-empty scalar at the path, as text.
    public func string(_ path: String...) -> String? {
        guard let text = lookup(path)?.scalarText, !text.isEmpty else { return nil }
        return text
    }

    public func object(_ path: String...) -> JSONObject? {
        lookup(path)?.objectValue
    }

    public func array(_ path: String...) -> [JSONValue]? {
        lookup(path)?.arrayValue
    }

    /// A number, or a string that reads as an amount (`"$11,111.00"`).
    public func number(_ path: String...) -> Double? {
        lookup(path)?.numericValue
    }

    /// The number at `path` as written (a number, or a string holding one), so one beyond `Double`'s range
    /// keeps its text.
    public func numberLiteral(_ path: String...) -> JSONNumber? {
        switch lookup(path) {
        case .number(let number): number
        case let value?: value.numericValue.map { JSONNumber($0) }
        case nil: nil
        }
    }

    /// An object of scalars as a string map; nested objects and arrays are left out.
    public func stringMap(_ path: String...) -> [String: String] {
        guard let object = lookup(path)?.objectValue else { return [:] }
        return Self.scalars(of: object, over: [:])
    }

    /// `map` with the object of scalars at `key` laid over it: its members replace the map's. Hashes
    /// each key once, where merging ``stringMap(_:)`` into `map` would build a dictionary to throw away.
    public func stringMap(_ key: String, over map: [String: String]) -> [String: String] {
        guard case .object(let object)? = self[key] else { return map }
        return Self.scalars(of: object, over: map)
    }

    private static func scalars(of object: JSONObject, over map: [String: String]) -> [String: String] {
        var merged = map
        merged.reserveCapacity(map.count + object.count)
        for index in object.keys.indices {
            if let text = object.values[index].scalarText { merged[object.keys[index]] = text }
        }
        return merged
    }

    /// Whether the key is present, whatever its value.
    public func has(_ key: String) -> Bool {
        index(of: key) != nil
    }
}
