/// Why a JQL query was refused; Jira answers 400 with these in `errorMessages`.
public struct JQLError: Error, Sendable {
    public var messages: [String]

    public init(_ messages: [String]) {
        self.messages = messages
    }

    /// A syntax error, worded and positioned as Jira's parser does.
    public static func syntax(_ message: String, at position: Int?) -> JQLError {
        let location = position.map { " (line 1, character \($0))" } ?? ""
        return JQLError(["Error in the JQL Query: \(message)\(location)"])
    }
}
