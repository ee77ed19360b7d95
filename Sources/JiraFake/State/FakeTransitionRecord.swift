import Foundation

/// One workflow step an issue took, for `/_fake/issues` to show what a client did.
struct FakeTransitionRecord: Sendable {
    var transitionId: String
    var transitionName: String
    var fromStatusId: String
    var toStatusId: String
    var at: Date
    var byAccountId: String
}
