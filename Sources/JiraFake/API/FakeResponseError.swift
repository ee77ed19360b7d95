/// An early answer carried through `Result` when a request cannot go on (bad body, missing permission).
struct FakeResponseError: Error {
    let response: FakeResponse

    init(_ response: FakeResponse) {
        self.response = response
    }
}
