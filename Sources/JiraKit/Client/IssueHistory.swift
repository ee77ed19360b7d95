import Foundation
import JSON

/// What `report` reads of one issue: when it was made and resolved, and every change and comment with its
/// author and time. Keeps the summary and no other issue text (comments are reduced to their kind).
public struct IssueHistory: Sendable, Equatable {
    public var id: String
    public var key: String
    public var summary: String
    public var project: String
    public var issueType: String
    public var priority: String?
    public var labels: [String]
    public var created: Date
    public var resolutionDate: Date?
    /// `new`, `indeterminate` or `done`.
    public var statusCategory: String
    public var comments: [Comment]
    /// Oldest first.
    public var changes: [Change]

    public init(
        id: String,
        key: String,
        summary: String,
        project: String,
        issueType: String,
        priority: String?,
        labels: [String],
        created: Date,
        resolutionDate: Date?,
        statusCategory: String,
        comments: [Comment] = [],
        changes: [Change] = []
    ) {
        self.id = id
        self.key = key
        self.summary = summary
        self.project = project
        self.issueType = issueType
        self.priority = priority
        self.labels = labels
        self.created = created
        self.resolutionDate = resolutionDate
        self.statusCategory = statusCategory
        self.comments = comments
        self.changes = changes
    }

    /// A comment: who, when, and whether alert2jira wrote it as a repeat of the alert.
    public struct Comment: Sendable, Equatable {
        public var author: JiraUser
        public var created: Date
        /// The text starts as alert2jira's repeat comments do ("The alert fired again", "The group changed").
        public var isRepeat: Bool

        public init(author: JiraUser, created: Date, isRepeat: Bool) {
            self.author = author
            self.created = created
            self.isRepeat = isRepeat
        }
    }

    /// One changelog entry.
    public struct Change: Sendable, Equatable {
        public var author: JiraUser
        public var created: Date
        public var items: [Item]

        public init(author: JiraUser, created: Date, items: [Item]) {
            self.author = author
            self.created = created
            self.items = items
        }

        /// One field's change: `field` is `status`, `assignee`, `resolution` or a field's name.
        public struct Item: Sendable, Equatable {
            public var field: String
            public var from: String?
            public var to: String?

            public init(field: String, from: String?, to: String?) {
                self.field = field
                self.from = from
                self.to = to
            }
        }
    }
}

/// A Jira user as issues name them: by `accountId` on Cloud, by `name` and `key` on Data Center.
public struct JiraUser: Sendable, Hashable {
    public var id: String
    public var displayName: String

    public init(id: String, displayName: String) {
        self.id = id
        self.displayName = displayName
    }

    /// From a user object of either flavor; `nil` for none (an anonymous or deleted author).
    public init?(json: JSONValue?) {
        guard let json, let id = json["accountId"]?.stringValue ?? json["key"]?.stringValue ?? json["name"]?.stringValue else { return nil }
        self.init(id: id, displayName: json["displayName"]?.stringValue ?? id)
    }
}
