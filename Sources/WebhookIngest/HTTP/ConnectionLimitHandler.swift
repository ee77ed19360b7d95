import HTTPTypes
import NIOCore
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
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
final class ConnectionLimitHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let count: ConnectionCount
    private var admitted: Bool?

    init(count: ConnectionCount) {
        self.count = count
    }

    func handlerAdded(context: ChannelHandlerContext) {
        admitted = count.enter()
        // Hummingbird's configuration only adds handlers after the conversion to HTTP types; the version
        // handler must see HTTP/1 parts, so it goes in before the conversion, once per connection.
        if let codec = try? context.pipeline.syncOperations.handler(type: HTTP1ToHTTPServerCodec.self) {
            try? context.pipeline.syncOperations.addHandler(HTTPVersionHandler(), position: .before(codec))
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if admitted == true { count.leave() }
        admitted = nil
    }

    /// Past the limit, a liveness probe is still answered: a full server is alive, and a probe that failed
    /// here would have the orchestrator restart a healthy process in the middle of a burst.
    private var probing = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard admitted == false else {
            context.fireChannelRead(data)
            return
        }
        let part = unwrapInboundIn(data)
        if case .head(let head) = part, head.method == .get || head.method == .head, head.path == "/healthz" {
            probing = true
        }
        if probing {
            if case .end = part { probing = false }
            context.fireChannelRead(data)
            return
        }
        guard case .head = part else { return }
        refuse(context: context)
    }

    /// A probe answered past the limit closes its connection, which was never counted.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard admitted == false, case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        context.writeAndFlush(data, promise: promise)
        context.close(promise: nil)
    }

    private func refuse(context: ChannelHandlerContext) {
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
