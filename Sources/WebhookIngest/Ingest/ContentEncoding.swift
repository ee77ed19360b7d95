import CZlib

/// The `Content-Encoding` of a request body: none, or one senders compress webhooks with. The body limit
/// holds after decompression, so a small compressed body cannot expand into a large one.
enum ContentEncoding: Sendable, Equatable {
    case identity
    case gzip
    case deflate

    /// The encoding a header names, or `nil` for one the server does not read.
    init?(header: String?) {
        switch header.map({ HTTPWhitespace.trimmed($0[...]).lowercased() }) {
        case nil, "", "identity": self = .identity
        case "gzip", "x-gzip": self = .gzip
        case "deflate": self = .deflate
        default: return nil
        }
    }

    /// Why a body could not be decoded.
    enum Failure: Error, Equatable {
        case tooLarge
        case corrupt
    }

    /// The decoded body, at most `limit` bytes.
    func decode(_ body: [UInt8], limit: Int) -> Result<[UInt8], Failure> {
        guard self != .identity else { return .success(body) }
        // One byte more than the limit tells "exactly the limit" from "more".
        var output = [UInt8](repeating: 0, count: limit + 1)
        var written = 0
        let status = body.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { buffer in
                czlib_inflate(input.baseAddress, input.count, buffer.baseAddress, buffer.count, &written, self == .gzip ? 1 : 0)
            }
        }
        switch status {
        case CZLIB_OK where written <= limit:
            output.removeLast(output.count - written)
            return .success(output)
        case CZLIB_OK, CZLIB_TOO_LARGE:
            return .failure(.tooLarge)
        default:
            return .failure(.corrupt)
        }
    }
}
