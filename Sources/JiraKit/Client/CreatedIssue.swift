/// An issue Jira created.
public struct CreatedIssue: Sendable, Equatable {
    public var id: String
    public var key: String
    /// The issue in a browser.
    public var url: String

    public init(id: String, key: String, url: String) {
        self.id = id
        self.key = key
        self.url = url
    }
}
