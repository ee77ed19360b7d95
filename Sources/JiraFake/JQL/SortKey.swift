/// A comparable sort value where an empty field sorts before any value.
enum SortKey: Comparable, Sendable {
    case none
    case number(Double)
    case text(String)
}
