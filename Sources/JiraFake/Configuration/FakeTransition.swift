/// A workflow transition; `from` empty means global (available from every other status).
public struct FakeTransition: Sendable, Hashable {
    public var id: String
    public var name: String
    /// Status ids the transition starts from.
    public var from: [String]
    /// Target status id.
    public var to: String
    /// Fields on the transition screen; required ones must be sent with the transition.
    public var fields: [FakeScreenField]

    public init(id: String, name: String, from: [String] = [], to: String, fields: [FakeScreenField] = []) {
        self.id = id
        self.name = name
        self.from = from
        self.to = to
        self.fields = fields
    }

    public var isGlobal: Bool { from.isEmpty }

    /// Whether an issue in `statusId` can take this transition.
    public func isAvailable(fromStatus statusId: String) -> Bool {
        isGlobal ? statusId != to : from.contains(statusId)
    }
}
