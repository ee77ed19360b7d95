/// Jira's fixed status categories; JQL's `statusCategory` and dedup searches ("not Done") rely on them.
public enum FakeStatusCategory: String, Sendable, CaseIterable {
    case new
    case indeterminate
    case done

    /// Jira's ids for the categories (1 is "undefined", which no status uses).
    public var id: Int {
        switch self {
        case .new: 2
        case .indeterminate: 4
        case .done: 3
        }
    }

    public var name: String {
        switch self {
        case .new: "To Do"
        case .indeterminate: "In Progress"
        case .done: "Done"
        }
    }

    public var colorName: String {
        switch self {
        case .new: "blue-gray"
        case .indeterminate: "yellow"
        case .done: "green"
        }
    }

    /// Finds a category by key, name or id, as JQL accepts any of them (case-insensitive).
    public static func lookup(_ text: String) -> FakeStatusCategory? {
        let lowered = text.lowercased()
        return allCases.first { $0.rawValue == lowered || $0.name.lowercased() == lowered || String($0.id) == lowered }
    }
}
