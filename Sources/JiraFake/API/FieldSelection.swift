/// Which fields to return for an issue, from a `fields` parameter (`summary,status`, `*all,-comment`,
/// `*navigable`, `id`).
struct FieldSelection: Sendable {
    var all = false
    var navigable = false
    var explicit: [String] = []
    var excluded: Set<String> = []

    init(_ list: [String]?, default defaultList: [String]) {
        for item in list ?? defaultList {
            switch item {
            case "*all": all = true
            case "*navigable": navigable = true
            case let excluded where excluded.hasPrefix("-"): self.excluded.insert(String(excluded.dropFirst()))
            default: explicit.append(item)
            }
        }
    }

    /// Only ids were asked for (`fields=id`, the default of Cloud's `search/jql`): issues carry just their id.
    var isIdOnly: Bool { !all && !navigable && explicit.allSatisfy { $0 == "id" } }

    /// The field ids to render, in order, out of those the issue can have.
    func fieldIds(available: [String], nonNavigable: Set<String>) -> [String] {
        var ids: [String] = []
        if all {
            ids = available
        } else if navigable {
            ids = available.filter { !nonNavigable.contains($0) }
        }
        for id in explicit where id != "id" && !ids.contains(id) && available.contains(id) {
            ids.append(id)
        }
        return ids.filter { !excluded.contains($0) }
    }
}
