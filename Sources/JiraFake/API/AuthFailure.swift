/// Why a request was not authenticated, with the answer Jira gives for it.
struct AuthFailure: Error {
    let response: FakeResponse
    /// No `Authorization` header at all: anonymous access may still be allowed.
    let credentialsMissing: Bool
}
