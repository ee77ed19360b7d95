import Foundation

/// One entry of an issue's changelog: who changed what, and when, as Jira's history records it.
///
/// Comments are not in Jira's changelog (they carry their own author and time), and neither is the creation.
struct FakeChangeGroup: Sendable {
    var id: String
    var authorAccountId: String
    var created: Date
    var items: [FakeChangeItem]
}

/// One field's change inside a ``FakeChangeGroup``: ids in `from`/`to`, what a person reads in the strings.
struct FakeChangeItem: Sendable {
    var fieldId: String
    var field: String
    /// `jira` for system fields, `custom` for custom fields.
    var fieldType: String
    var from: String?
    var fromString: String?
    var to: String?
    var toString: String?
}
