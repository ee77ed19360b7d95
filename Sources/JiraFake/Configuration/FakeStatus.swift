/// A workflow status; its category decides what "resolved" means for JQL and `resolutiondate`.
public struct FakeStatus: Sendable, Hashable {
    public var id: String
    public var name: String
    public var category: FakeStatusCategory

    public init(id: String, name: String, category: FakeStatusCategory) {
        self.id = id
        self.name = name
        self.category = category
    }
}
