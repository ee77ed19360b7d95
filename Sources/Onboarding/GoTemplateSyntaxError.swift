/// A template that Go itself would refuse to parse, with the line.
struct GoTemplateSyntaxError: Error, Sendable {
    let line: Int
    let message: String
}
