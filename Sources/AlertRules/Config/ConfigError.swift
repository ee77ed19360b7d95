/// Everything wrong with a configuration, each problem at its `file:line:column`.
///
/// The loader keeps going after a problem so `alert2jira check` can list all of them at once.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [ConfigProblem]

    public init(_ problems: [ConfigProblem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}

/// One configuration problem and where it is.
public struct ConfigProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}

/// A position in a configuration file, printed as `file:line:column` like compilers do, so editors
/// can jump to it.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// Collects problems while loading, so one run reports all of them.
struct Diagnostics {
    private(set) var problems: [ConfigProblem] = []
    /// Files in the order they were read, so problems are listed main file first, then includes.
    private var files: [String] = []

    mutating func reading(_ file: String) {
        if !files.contains(file) { files.append(file) }
    }

    /// Records a problem once: a broken `defaults:` entry is read again for every rule that uses it,
    /// and should be reported once, not once per rule.
    mutating func error(_ location: SourceLocation, _ message: String) {
        let problem = ConfigProblem(location, message)
        if !problems.contains(problem) { problems.append(problem) }
    }

    var isEmpty: Bool { problems.isEmpty }

    /// The problems in reading order: files in the order they were read, positions in file order, as
    /// a compiler lists them.
    var configError: ConfigError {
        var fileOrder: [String: Int] = [:]
        for file in files { fileOrder[file] = fileOrder[file] ?? fileOrder.count }
        for problem in problems where fileOrder[problem.location.file] == nil {
            fileOrder[problem.location.file] = fileOrder.count
        }
        let sorted = problems.enumerated().sorted { lhs, rhs in
            let left = (fileOrder[lhs.element.location.file]!, lhs.element.location.line, lhs.element.location.column, lhs.offset)
            let right = (fileOrder[rhs.element.location.file]!, rhs.element.location.line, rhs.element.location.column, rhs.offset)
            return left < right
        }
        return ConfigError(sorted.map(\.element))
    }
}
