import Foundation
import JiraSpec

extension JQLEvaluator {
    typealias Ordering = (FakeIssue, FakeIssue) -> Bool

    /// The sort order of `ORDER BY`; without one, newest first (`created DESC`). Ties follow creation order in the
    /// direction of the first sort key, so issues created in the same millisecond still sort predictably.
    func ordering(_ items: [JQLQuery.OrderItem]) -> Result<Ordering, JQLError> {
        let effective = items.isEmpty ? [JQLQuery.OrderItem(field: "created", descending: true, position: 0)] : items
        var keys: [(extract: (FakeIssue) -> SortKey, descending: Bool)] = []
        var errors: [String] = []
        for item in effective {
            guard let extract = sortKey(item.field) else {
                if JQLFieldReference.resolve(item.field, configuration: configuration) == nil {
                    errors.append("Field '\(item.field)' does not exist or you do not have permission to view it.")
                } else {
                    errors.append("Field '\(item.field)' does not support sorting.")
                }
                continue
            }
            keys.append((extract, item.descending))
        }
        guard errors.isEmpty else { return .failure(JQLError(errors)) }
        return .success { left, right in
            for key in keys {
                let (a, b) = (key.extract(left), key.extract(right))
                if a == b { continue }
                return key.descending ? b < a : a < b
            }
            let (a, b) = (Int(left.id) ?? 0, Int(right.id) ?? 0)
            return effective[0].descending ? a > b : a < b
        }
    }

    private func sortKey(_ name: String) -> ((FakeIssue) -> SortKey)? {
        switch JQLFieldReference.resolve(name, configuration: configuration) {
        case .date(let id):
            return { issue in self.date(of: id, in: issue).map { .number($0.timeIntervalSince1970) } ?? .none }
        case .number(let id):
            return { issue in issue.fields[id]?.numericValue.map(SortKey.number) ?? .none }
        case .key:
            return { issue in
                .text(issue.projectKey + "-" + String(repeating: "0", count: max(0, 12 - String(issue.number).count)) + String(issue.number))
            }
        case .priority:
            let priorities = configuration.priorities
            return { issue in
                guard let id = issue.fields["priority"]?["id"]?.stringValue, let index = priorities.firstIndex(where: { $0.id == id }) else {
                    return .none
                }
                return .number(Double(priorities.count - index))
            }
        case .text("summary"):
            return { issue in .text(issue.fields["summary"]?.stringValue?.lowercased() ?? "") }
        case .status:
            return { issue in .text(self.configuration.project(issue.projectKey)?.workflow.status(issue.statusId)?.name.lowercased() ?? "") }
        case .project:
            return { issue in .text(issue.projectKey) }
        case .issueType:
            return { issue in .text(self.configuration.project(issue.projectKey)?.issueType(id: issue.issueTypeId)?.name.lowercased() ?? "") }
        default:
            return nil
        }
    }
}
