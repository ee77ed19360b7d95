import Foundation

/// The repository the tests run in, and the products its build made.
public enum Repository {
    /// The repository's root, found from this file's location.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file under `samples/`.
    public static func samplePath(_ relative: String) -> String {
        root.appendingPathComponent("samples").appendingPathComponent(relative).path
    }

    public static func sampleBytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: samplePath(relative))))
    }

    /// The directory holding the built executables: next to the test bundle, wherever the build put it.
    public static let productsDirectory: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            root.appendingPathComponent(".build/debug"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("alert2jira").path) } ?? candidates[2]
    }()

    /// A built executable of this package (`alert2jira`, `jira-fake`).
    public static func executable(_ name: String) -> URL {
        productsDirectory.appendingPathComponent(name)
    }
}
