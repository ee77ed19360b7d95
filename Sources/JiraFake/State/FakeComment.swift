import Foundation
import JiraSpec

/// A comment on an issue; `body` is ADF on Cloud and wiki markup on Data Center, as it was posted.
struct FakeComment: Sendable {
    var id: String
    var authorAccountId: String
    var body: SpecJSON
    var created: Date
    var updated: Date
}
