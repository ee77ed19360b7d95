/// An issue link type such as "Relates" (`relates to` both ways).
public struct FakeLinkType: Sendable, Hashable {
    public var id: String
    public var name: String
    public var inward: String
    public var outward: String

    public init(id: String, name: String, inward: String, outward: String) {
        self.id = id
        self.name = name
        self.inward = inward
        self.outward = outward
    }

    /// Jira's default link types.
    public static let defaults: [FakeLinkType] = [
        FakeLinkType(id: "10000", name: "Blocks", inward: "is blocked by", outward: "blocks"),
        FakeLinkType(id: "10001", name: "Cloners", inward: "is cloned by", outward: "clones"),
        FakeLinkType(id: "10002", name: "Duplicate", inward: "is duplicated by", outward: "duplicates"),
        FakeLinkType(id: "10003", name: "Relates", inward: "relates to", outward: "relates to"),
    ]
}
