/// A value as written in the query.
struct JQLLiteral: Sendable, Equatable {
    var text: String
    var quoted: Bool
    var position: Int
}
