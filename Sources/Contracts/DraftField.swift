/// A `name: value` line of the description's label list.
public struct LabelPair: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A field the rule sets, by the name or id the rule used (`Environment`, `customfield_10050`,
/// `components`), with its rendered value.
public struct DraftField: Sendable, Equatable {
    public var name: String
    public var value: RenderedValue

    public init(name: String, value: RenderedValue) {
        self.name = name
        self.value = value
    }
}
