/// Why a field value was refused: Jira's message, plus a detail for the fake's own diagnostics header.
public struct FieldProblem: Error, Sendable {
    public let message: String
    public let detail: String?

    public init(_ message: String, detail: String? = nil) {
        self.message = message
        self.detail = detail
    }
}
