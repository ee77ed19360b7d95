/// Turns a Jira request path into a metric label of bounded cardinality: project keys, issue keys and
/// ids become placeholders, so `/rest/api/3/issue/OPS-12/comment` is counted as
/// `/rest/api/3/issue/{key}/comment`.
enum EndpointLabel {
    static func normalize(_ path: String) -> String {
        let withoutQuery = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        var segments: [String] = []
        var previous = ""
        for segment in withoutQuery.split(separator: "/", omittingEmptySubsequences: true) {
            let text = String(segment)
            let replaced: String
            if previous == "api" {
                // The API version: /rest/api/3, /rest/api/2, /rest/api/latest.
                replaced = text
            } else if text.allSatisfy(\.isNumber) {
                replaced = "{id}"
            } else if isIssueKey(text) {
                replaced = "{key}"
            } else if previous == "createmeta" || previous == "project" {
                // createmeta/{project}/issuetypes, project/{project}
                replaced = "{project}"
            } else if previous == "jira", segments.count >= 2, segments[segments.count - 2] == "ex" {
                replaced = "{cloudId}"
            } else {
                replaced = text
            }
            segments.append(replaced)
            previous = text
        }
        return "/" + segments.joined(separator: "/")
    }

    /// `OPS-12`: letters and digits, a dash, digits.
    static func isIssueKey(_ text: String) -> Bool {
        guard let dash = text.lastIndex(of: "-") else { return false }
        let project = text[..<dash]
        let number = text[text.index(after: dash)...]
        return !project.isEmpty && !number.isEmpty && number.allSatisfy(\.isNumber) && project.first!.isLetter
            && project.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}
