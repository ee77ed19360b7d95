/// `field operator operand`, the leaf of a JQL expression.
struct JQLClause: Sendable, Equatable {
    var field: String
    var fieldPosition: Int
    /// `=`, `!=`, `~`, `!~`, `<`, `<=`, `>`, `>=`, `in`, `not in`, `is`, `is not`.
    var op: String
    var operand: JQLOperand
}
