/// One ingestor that detects formats and one per format id: a server reads a request's payload, and later
/// the same spooled payload, the way its path or its detection said.
public struct FormatIngestors: Sendable {
    /// Detects each document's format (`POST /alerts`).
    public let detecting: Ingestor
    private let forced: [String: Ingestor]

    public init(formats: [any AlertFormat] = AlertFormats.all) throws(IngestorError) {
        detecting = try Ingestor(formats: formats)
        var forced: [String: Ingestor] = [:]
        for format in formats {
            forced[format.id] = try Ingestor(formats: formats, forcedFormat: format.id)
        }
        self.forced = forced
    }

    /// The ingestor for a format id, or the detecting one for `nil`; `nil` for an unknown id.
    public func ingestor(format: String?) -> Ingestor? {
        guard let format else { return detecting }
        return forced[format]
    }
}
