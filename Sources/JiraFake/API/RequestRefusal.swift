import JiraSpec

/// Why a create or edit was refused: a status with Jira's error collection, usable alone or as a bulk element.
struct RequestRefusal: Error, Sendable {
    var status: Int
    var messages: [String] = []
    var errors = SpecObject()
    /// The first ADF problem, for the fake's diagnostics header.
    var detail: String?

    var response: FakeResponse {
        let response = FakeResponse.errors(status, messages: messages, fields: errors)
        guard let detail else { return response }
        return response.adding(header: "X-Jira-Fake-Detail", detail)
    }

    /// The element of a bulk create's `errors` list.
    func bulkElement(_ index: Int) -> SpecJSON {
        [
            "status": .number(SpecNumber(status)),
            "elementErrors": ["errorMessages": .array(messages.map(SpecJSON.string)), "errors": .object(errors)],
            "failedElementNumber": .number(SpecNumber(index)),
        ]
    }
}
