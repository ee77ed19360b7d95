import Foundation
import JiraSpec

/// An issue as the fake stores it.
///
/// Field values are kept in a form independent of the URL they are served under: options as `{id, value}`,
/// named objects (priority, component, version) as `{id, name}`, users as `{"accountId": …}`. Rendering adds
/// `self` links and full user objects.
struct FakeIssue: Sendable {
    var id: String
    var key: String
    var projectKey: String
    var issueTypeId: String
    /// Settable field values by field id (`summary`, `labels`, `customfield_10050`, …), in the order set.
    var fields: SpecObject
    var statusId: String
    var resolution: FakeAllowedValue?
    var creatorAccountId: String
    var created: Date
    var updated: Date
    var resolutionDate: Date?
    var comments: [FakeComment] = []
    var remoteLinks: [FakeRemoteLink] = []
    var history: [FakeTransitionRecord] = []
    /// Every status, resolution, assignee and field change, oldest first.
    var changelog: [FakeChangeGroup] = []

    /// The number in `OPS-12`, for ordering by key.
    var number: Int { Int(key.split(separator: "-").last ?? "") ?? 0 }
}
