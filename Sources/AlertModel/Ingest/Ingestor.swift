import JSON

/// Turns parsed JSON documents into alerts: detects each document's format (or uses the one forced
/// with `--format`) and normalizes it.
public struct Ingestor: Sendable {
    public let formats: [any AlertFormat]
    /// When set, every document is decoded with this format instead of being detected.
    public let forcedFormat: (any AlertFormat)?

    /// - Throws: ``IngestorError/unknownFormat(_:known:)`` when `forcedFormat` names no format.
    public init(formats: [any AlertFormat] = AlertFormats.all, forcedFormat: String? = nil) throws(IngestorError) {
        self.formats = formats
        if let forcedFormat {
            guard let format = formats.first(where: { $0.id == forcedFormat }) else {
                throw .unknownFormat(forcedFormat, known: formats.map(\.id))
            }
            self.forcedFormat = format
        } else {
            self.forcedFormat = nil
        }
    }

    /// The format this payload is detected as; `generic` accepts any object.
    public func detect(_ payload: JSONObject) -> any AlertFormat {
        formats.first { $0.recognizes(payload) } ?? GenericFormat()
    }

    public func format(id: String) -> (any AlertFormat)? {
        formats.first { $0.id == id }
    }

    /// Decodes one input document into alerts and notices.
    public func ingest(_ document: InputDocument) -> Result<[IngestItem], InputError> {
        switch document.result {
        case .failure(let error):
            return .failure(error)
        case .success(let value):
            return ingest(value, source: document.source, line: document.line)
        }
    }

    public func ingest(_ value: JSONValue, source: String, line: Int) -> Result<[IngestItem], InputError> {
        guard case .object(let payload) = value else {
            return .failure(.notAnObject(source: source, line: line, kind: value.kindName))
        }
        let format = forcedFormat ?? detect(payload)
        if let forcedFormat, !forcedFormat.recognizes(payload), !(forcedFormat is GenericFormat) {
            return .failure(
                .wrongFormat(
                    source: source,
                    line: line,
                    format: forcedFormat.id,
                    reason: "it lacks the fields that identify one: \(forcedFormat.recognition)"
                )
            )
        }
        do {
            return .success(try decode(payload, as: format))
        } catch {
            return .failure(.undecodable(source: source, line: line, format: format.id, reason: error.description))
        }
    }

    /// Decodes a payload nested in an envelope (the `Message` of an SNS notification), detecting its format.
    public func decodeNested(_ payload: JSONObject) throws(DecodeError) -> [IngestItem] {
        try decode(payload, as: detect(payload))
    }

    private func decode(_ payload: JSONObject, as format: any AlertFormat) throws(DecodeError) -> [IngestItem] {
        try format.decode(payload, ingestor: self)
    }
}

/// A `--format` that names no known format.
public enum IngestorError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownFormat(String, known: [String])

    public var description: String {
        switch self {
        case .unknownFormat(let name, let known):
            "unknown format \"\(name)\"; known formats: \(known.joined(separator: ", ")) (run `alert2jira formats` for details)"
        }
    }
}

extension JSONValue {
    /// "object", "array", "string", … for messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
