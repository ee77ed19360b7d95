import HTTPTypes
import NIOCore
import NIOHTTPTypes
import Synchronization

/// The connections open right now, shared by every connection's ``ConnectionLimitHandler``.
final class ConnectionCount: Sendable {
    let limit: Int
    private let open = Mutex(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts a connection in; `false` (and not counted) when `limit` are already open.
    func enter() -> Bool {
        open.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func leave() {
        open.withLock { $0 -= 1 }
    }
}

/// Answers 503 and closes a connection opened while `server.max_connections` others are, so a flood of
/// clients (or a leak in one) cannot use up file descriptors and memory meant for the ones being served.
///
/// The refusal is an HTTP answer, not a silent close, so senders see why and retry after `Retry-After`.
final class ConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    private let count: ConnectionCount
    private var admitted: Bool?

    init(count: ConnectionCount) {
        self.count = count
    }

    func handlerAdded(context: ChannelHandlerContext) {
        admitted = count.enter()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if admitted == true { count.leave() }
        admitted = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard admitted == false else {
            context.fireChannelRead(data)
            return
        }
        guard case .head = unwrapInboundIn(data) else { return }
        let body = #"{"error":"too many connections (server.max_connections is \#(count.limit)); retry shortly"}"#
        let head = HTTPResponse(
            status: .serviceUnavailable,
            headerFields: [.connection: "close", .retryAfter: "1", .contentType: "application/json", .contentLength: "\(body.utf8.count)"]
        )
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(string: body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.close(promise: nil)
    }
}
