import Foundation

/// A fresh directory under the system's temporary directory; `cleanUp` removes it.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(prefix: String = "a2j-test") throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `contents` to `name` inside the directory (creating folders on the way); returns its path.
    @discardableResult
    public func write(_ name: String, _ contents: String) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: file).deletingLastPathComponent().path,
            withIntermediateDirectories: true
        )
        try Data(contents.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    public func cleanUp() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
