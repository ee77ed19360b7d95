/// Thrown after a fault closed the connection, so Hummingbird writes nothing more on it.
struct ConnectionDropped: Error, CustomStringConvertible {
    let kind: FaultKind

    var description: String { "jira-fake dropped the connection (fault \(kind.rawValue))" }
}
