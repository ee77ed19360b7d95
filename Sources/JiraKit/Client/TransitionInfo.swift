/// A transition available from an issue's current status, with the fields its screen asks for.
public struct TransitionInfo: Sendable, Equatable {
    public var id: String
    public var name: String
    /// The status category it leads to.
    public var toCategory: String
    public var fields: [FieldInfo]
}
