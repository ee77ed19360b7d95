import HTTPTypes
import Hummingbird
import NIOCore

/// A response as plain values, so one answer can leave through Hummingbird's router or straight from
/// ``AlertIngestHandler`` on the connection's event loop.
struct HTTPAnswer: Sendable, Equatable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: [UInt8]

    var response: Response {
        Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
