/// A parsed JQL query: an optional condition and the sort order.
struct JQLQuery: Sendable, Equatable {
    /// One `ORDER BY` item.
    struct OrderItem: Sendable, Equatable {
        var field: String
        var descending: Bool
        var position: Int
    }

    var condition: JQLExpression?
    var orderBy: [OrderItem]
}
