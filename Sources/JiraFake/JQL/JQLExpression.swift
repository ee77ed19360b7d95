/// The `WHERE` part of a JQL query as a tree.
indirect enum JQLExpression: Sendable, Equatable {
    case and([JQLExpression])
    case or([JQLExpression])
    case not(JQLExpression)
    case clause(JQLClause)
}
