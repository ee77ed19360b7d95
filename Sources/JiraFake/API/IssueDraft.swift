import JiraSpec

/// A validated create request, ready to become an issue.
struct IssueDraft: Sendable {
    var project: FakeProject
    var issueType: FakeIssueType
    /// Stored values by field id.
    var fields: SpecObject
}
