import Foundation

/// What issues can be grouped by (`--group-by`).
public enum ReportDimension: String, Sendable, CaseIterable, Hashable {
    case rule
    case project
    case issueType = "issue-type"
    case priority
    case source

    /// The key in JSON output.
    public var jsonKey: String {
        switch self {
        case .issueType: "issue_type"
        default: rawValue
        }
    }

    /// `rule,project`, or every problem with the list.
    public static func parseList(_ text: String) throws(ReportError) -> [ReportDimension] {
        var dimensions: [ReportDimension] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "-") })
        {
            guard let dimension = ReportDimension(rawValue: part) else {
                throw .badOption("--group-by", text, "group by any of \(allCases.map(\.rawValue).joined(separator: ", ")), comma-separated")
            }
            if !dimensions.contains(dimension) { dimensions.append(dimension) }
        }
        guard !dimensions.isEmpty else {
            throw .badOption("--group-by", text, "name at least one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return dimensions
    }
}
