/// Why a request body is refused before anything is spooled: the sender must fix the payload, so
/// retrying it unchanged will not help.
public enum PayloadRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not JSON, or no document at all (400); the message has the position of the error.
    case malformed(String)
    /// Valid JSON that is not an alert payload this source accepts (422).
    case unprocessable(String)
    /// More documents in one request than `server.max_documents` (413).
    case tooManyDocuments(limit: Int)

    public var status: Int {
        switch self {
        case .malformed: 400
        case .unprocessable: 422
        case .tooManyDocuments: 413
        }
    }

    public var description: String {
        switch self {
        case .malformed(let message), .unprocessable(let message): message
        case .tooManyDocuments(let limit):
            "the request holds more than \(limit) documents (server.max_documents); send them in several requests"
        }
    }
}
