/// Lenient accessors for decoders: payloads mix strings and numbers for the same field across
/// versions, so "a string" here means any scalar as text, and empty strings count as absent.
extension JSONObject {
    /// The value at a path of keys below this object.
    public func value(_ path: String...) -> JSONValue? {
        JSONValue.object(self).value(at: path)
    }

    /// A non-empty scalar at the path, as text.
    public func string(_ path: String...) -> String? {
        guard let text = JSONValue.object(self).value(at: path)?.scalarText, !text.isEmpty else { return nil }
        return text
    }

    public func object(_ path: String...) -> JSONObject? {
        JSONValue.object(self).value(at: path)?.objectValue
    }

    public func array(_ path: String...) -> [JSONValue]? {
        JSONValue.object(self).value(at: path)?.arrayValue
    }

    /// A number, or a string that reads as an amount (`"$11,111.00"`).
    public func number(_ path: String...) -> Double? {
        JSONValue.object(self).value(at: path)?.numericValue
    }

    /// An object of scalars as a string map; nested objects and arrays are left out.
    public func stringMap(_ path: String...) -> [String: String] {
        guard let object = JSONValue.object(self).value(at: path)?.objectValue else { return [:] }
        var map: [String: String] = [:]
        for (key, value) in object {
            if let text = value.scalarText { map[key] = text }
        }
        return map
    }

    /// Whether the key is present, whatever its value.
    public func has(_ key: String) -> Bool {
        index(of: key) != nil
    }
}

/// A stable, dependency-free 64-bit hash (FNV-1a) for fingerprints of senders that have no alert id.
///
/// Not cryptographic; it only has to be stable across runs, machines and versions, which `Hasher` is not.
public enum StableHash {
    public static func fnv1a64(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (position, part) in parts.enumerated() {
            if position > 0 {
                // A separator that cannot occur in UTF-8 text keeps ["ab","c"] and ["a","bc"] apart.
                hash = (hash ^ 0xFF) &* 0x0000_0100_0000_01B3
            }
            for byte in part.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Hash of a label set, independent of key order.
    public static func labels(_ labels: [String: String]) -> String {
        fnv1a64(labels.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] })
    }
}
