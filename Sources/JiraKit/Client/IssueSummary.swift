import Foundation
import JSON

/// An issue as a dedup search returns it: enough to decide between comment, reopen and create.
public struct IssueSummary: Sendable, Equatable {
    public var id: String
    public var key: String
    public var summary: String
    /// `new`, `indeterminate` or `done`.
    public var statusCategory: String
    public var resolutionDate: Date?
    public var created: Date?
    public var updated: Date?
    public var labels: [String]
    /// Every field the search asked for, for callers that need more (a dedup custom field).
    public var fields: JSONObject

    public var isDone: Bool { statusCategory == "done" }
}
