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
