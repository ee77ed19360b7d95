import Foundation

/// A link between two issues ("OPS-1 relates to OPS-2").
struct FakeIssueLink: Sendable {
    var id: String
    var typeId: String
    var inwardIssueKey: String
    var outwardIssueKey: String
    var created: Date
}
