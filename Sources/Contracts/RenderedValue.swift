/// A rendered field value: text, or the literal the config gave, or a list or object of those.
public indirect enum RenderedValue: Sendable, Equatable {
    case text(String)
    case number(String)
    case bool(Bool)
    case null
    case list([RenderedValue])
    case object([RenderedMember])

    /// Empty text, null and empty lists mean "the rule leaves this field unset".
    public var isEmpty: Bool {
        switch self {
        case .text(let text): text.isEmpty
        case .null: true
        case .list(let values): values.allSatisfy(\.isEmpty)
        case .object(let members): members.isEmpty
        case .number, .bool: false
        }
    }
}

/// A member of a rendered object value.
public struct RenderedMember: Sendable, Equatable {
    public var key: String
    public var value: RenderedValue

    public init(key: String, value: RenderedValue) {
        self.key = key
        self.value = value
    }
}
