/// Why a field value was refused: Jira's message, plus a detail for the fake's own diagnostics header.
struct FieldProblem: Error, Sendable {
    let message: String
    let detail: String?

    init(_ message: String, detail: String? = nil) {
        self.message = message
        self.detail = detail
    }
}
