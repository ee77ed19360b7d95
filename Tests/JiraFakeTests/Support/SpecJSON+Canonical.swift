import JiraSpec

extension SpecJSON {
    /// Compact JSON with object keys sorted, to compare bodies whose key order Jira does not fix.
    var canonical: String {
        switch self {
        case .object(let object):
            let members = object.keys.sorted().map { key in SpecJSON.string(key).jsonString + ":" + (object[key]!.canonical) }
            return "{" + members.joined(separator: ",") + "}"
        case .array(let elements):
            return "[" + elements.map(\.canonical).joined(separator: ",") + "]"
        default:
            return jsonString
        }
    }
}
