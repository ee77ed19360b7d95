import Foundation
import Glibc

/// Expands `rules/*.yaml`-style patterns relative to the config file's directory.
package enum FileGlob {
    package static func hasWildcard(_ pattern: String) -> Bool {
        pattern.contains { "*?[".contains($0) }
    }

    package static func expand(_ pattern: String, relativeTo base: String) -> [String] {
        let full = pattern.hasPrefix("/") ? pattern : (base == "." ? pattern : base + "/" + pattern)
        guard hasWildcard(full) else {
            return FileManager.default.fileExists(atPath: full) ? [full] : []
        }
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(full, 0, nil, &result) == 0 else { return [] }
        var paths: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            if let path = result.gl_pathv[index] { paths.append(String(cString: path)) }
        }
        return paths.sorted()
    }
}
