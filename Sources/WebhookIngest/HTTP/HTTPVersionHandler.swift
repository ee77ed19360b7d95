import NIOCore
import NIOHTTP1

/// Answers an HTTP/1.0 request as HTTP/1.0, and closes the connection after the answer unless the client
/// asked to keep it alive.
///
/// The request's version is gone by the time Hummingbird sees the request (its types have none), and it
/// answers every request as HTTP/1.1 on a kept-alive connection; an HTTP/1.0 client then waits for a close
/// that only the idle timeout brings. This handler sits before that conversion, where the version is known.
final class HTTPVersionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// The version and keep-alive of each request whose answer is not out yet, in order.
    private var pending = CircularBuffer<(version: HTTPVersion, keepAlive: Bool)>()
    /// A request's body is still coming in.
    private var readingRequest = false
    /// The answer to close after went out before its request ended: the close waits for the end, since
    /// closing with unread data resets the connection and can lose the answer.
    private var closeAtRequestEnd = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            pending.append((head.version, head.isKeepAlive))
            readingRequest = true
            context.fireChannelRead(data)
        case .body:
            context.fireChannelRead(data)
        case .end:
            readingRequest = false
            context.fireChannelRead(data)
            if closeAtRequestEnd { context.close(promise: nil) }
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head):
            if let request = pending.first, request.version.major == 1, request.version.minor == 0 {
                head.version = request.version
                head.headers.replaceOrAdd(name: "connection", value: request.keepAlive ? "keep-alive" : "close")
                context.write(wrapOutboundOut(.head(head)), promise: promise)
            } else {
                context.write(data, promise: promise)
            }
        case .body:
            context.write(data, promise: promise)
        case .end:
            let request = pending.popFirst()
            guard let request, request.version.minor == 0, !request.keepAlive else {
                context.write(data, promise: promise)
                return
            }
            context.writeAndFlush(data, promise: promise)
            if readingRequest {
                closeAtRequestEnd = true
            } else {
                context.close(promise: nil)
            }
        }
    }
}
