import JiraSpec

/// A link from an issue to a web page (a Grafana panel, a runbook), kept as posted.
struct FakeRemoteLink: Sendable {
    var id: Int
    var globalId: String?
    /// The `object` member as posted (`url`, `title`, …).
    var object: SpecObject
    var relationship: String?
}
