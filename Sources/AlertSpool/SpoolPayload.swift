/// One accepted document, about to be written to the spool with the alerts it holds.
public struct SpoolPayload: Sendable, Equatable {
    /// An alert of the document: its position among what the document decodes to, and its title.
    public struct Item: Sendable, Equatable {
        public var index: Int
        public var title: String

        public init(index: Int, title: String) {
            self.index = index
            self.title = title
        }
    }

    /// The document's exact bytes, as received.
    public var body: [UInt8]
    public var format: String
    public var source: String
    public var items: [Item]

    public init(body: [UInt8], format: String, source: String, items: [Item]) {
        self.body = body
        self.format = format
        self.source = source
        self.items = items
    }
}
