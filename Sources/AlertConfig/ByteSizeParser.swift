import Foundation

/// Parses sizes written like `1MiB`, `512KiB`, `1048576` (K/M/G and KB/MB/GB/TB read as binary too).
public enum ByteSizeParser {
    public static func parse(_ text: String) -> Int? {
        let units: [(String, Int)] = [
            ("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("TB", 1 << 40), ("GB", 1 << 30), ("MB", 1 << 20),
            ("KB", 1 << 10), ("G", 1 << 30), ("M", 1 << 20),
            ("K", 1 << 10), ("B", 1),
        ]
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            guard let value = Int(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), value > 0, value <= Int.max / factor else {
                return nil
            }
            return value * factor
        }
        guard let value = Int(trimmed), value > 0 else { return nil }
        return value
    }
}
