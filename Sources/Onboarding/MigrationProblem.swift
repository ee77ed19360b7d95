import Contracts

/// Something in a jiralert or Alertmanager config that the conversion could not carry over as it was, with
/// where it came from, so the user can find it and the command can exit non-zero.
public struct MigrationProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// Left out of the output (kept there as a comment): the user must act.
        case notConverted = "not converted"
        /// Converted, but alert2jira will behave a little differently: worth a look.
        case changed
    }

    public var kind: Kind
    /// `file:line` of the original; the column is 1 when only the line is known.
    public var location: SourceLocation?
    public var message: String

    public init(kind: Kind, location: SourceLocation?, message: String) {
        self.kind = kind
        self.location = location
        self.message = message
    }

    public var description: String {
        let place = location.map { "\($0.file):\($0.line): " } ?? ""
        return "\(place)\(kind.rawValue): \(message)"
    }

    static func notConverted(at file: String, line: Int, _ message: String) -> MigrationProblem {
        MigrationProblem(kind: .notConverted, location: SourceLocation(file: file, line: line, column: 1), message: message)
    }

    static func changed(at file: String, line: Int, _ message: String) -> MigrationProblem {
        MigrationProblem(kind: .changed, location: SourceLocation(file: file, line: line, column: 1), message: message)
    }
}
