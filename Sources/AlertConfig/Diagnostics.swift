import Contracts

/// Collects problems while loading, so one run reports all of them.
package struct Diagnostics {
    package private(set) var problems: [ConfigProblem] = []
    /// Files in the order they were read, so problems are listed main file first, then includes.
    private var files: [String] = []

    package init() {}

    package mutating func reading(_ file: String) {
        if !files.contains(file) { files.append(file) }
    }

    /// Records a problem once: a broken `defaults:` entry is read again for every rule that uses it,
    /// and should be reported once, not once per rule.
    package mutating func error(_ location: SourceLocation, _ message: String) {
        let problem = ConfigProblem(location, message)
        if !problems.contains(problem) { problems.append(problem) }
    }

    /// What loads but deserves a look (a secret file others can read), printed without stopping anything.
    package private(set) var warnings: [ConfigProblem] = []

    package mutating func warning(_ location: SourceLocation, _ message: String) {
        let warning = ConfigProblem(location, message)
        if !warnings.contains(warning) { warnings.append(warning) }
    }

    package var isEmpty: Bool { problems.isEmpty }

    /// The problems in reading order: files in the order they were read, positions in file order, as
    /// a compiler lists them.
    package var configError: ConfigError {
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
