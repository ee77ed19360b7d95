/// The right-hand side of a JQL clause.
enum JQLOperand: Sendable, Equatable {
    /// A single value: a quoted string or an unquoted word.
    case value(JQLLiteral)
    /// `(a, b, c)` after `in` / `not in`.
    case list([JQLLiteral])
    /// `EMPTY` or `NULL`.
    case empty
    /// `currentUser()`, `now()`, …
    case function(name: String, position: Int)
}
