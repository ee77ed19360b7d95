/// One file of a converted configuration: its path relative to the output directory and its text.
public struct ConvertedFile: Sendable, Equatable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
