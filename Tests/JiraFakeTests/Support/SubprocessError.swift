/// A subprocess that did not behave.
struct SubprocessError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
