import Foundation

/// The alert2jira configuration written from another tool's, with what did not carry over.
///
/// `files` are `alert2jira.yaml` and the rule file it includes; nothing is written until ``write(to:overwrite:)``,
/// so a command can show the problems first.
public struct ConvertedConfig: Sendable {
    public var files: [ConvertedFile]
    public var problems: [MigrationProblem]
    /// The environment variables the config reads its credentials from, to set before using it.
    public var environmentVariables: [String]

    public init(files: [ConvertedFile], problems: [MigrationProblem], environmentVariables: [String]) {
        self.files = files
        self.problems = problems
        self.environmentVariables = environmentVariables
    }

    /// Whether something was left out of the output; a command should then exit non-zero.
    public var hasUnconverted: Bool { problems.contains { $0.kind == .notConverted } }

    /// The main file (`alert2jira.yaml`).
    public var mainFile: ConvertedFile { files[0] }

    /// Writes the files under `directory` (created if missing) and returns their paths. Refuses, before
    /// writing anything, to replace an existing file unless `overwrite` is set.
    @discardableResult
    public func write(to directory: String, overwrite: Bool = false) throws(MigrationError) -> [String] {
        let manager = FileManager.default
        let paths = files.map { (directory as NSString).appendingPathComponent($0.path) }
        if !overwrite, let existing = paths.first(where: { manager.fileExists(atPath: $0) }) {
            throw .outputExists(path: existing)
        }
        for (file, path) in zip(files, paths) {
            do {
                try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                throw .cannotWrite(path: path, reason: error.localizedDescription)
            }
        }
        return paths
    }
}
