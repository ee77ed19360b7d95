import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes connections that send too slowly, so a slowloris client cannot hold them open: a request's
/// headers must be complete `headerTimeout` after the connection opened (or after the previous response,
/// on a kept-alive connection, `idleTimeout`), and its body `bodyTimeout` after its headers.
///
/// Hummingbird's idle timeout restarts with every body chunk, so a client trickling one byte at a time
/// would never hit it; these deadlines are fixed when the phase starts. A connection stuck before its
/// headers gets a 408; one stuck in its body is closed (a response may already be on its way).
final class ReadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum Phase {
        /// Waiting for a request's headers (first request, or after a response).
        case awaitingHead
        /// Headers in, body still arriving.
        case readingBody
        /// Request read; the server is answering.
        case responding
    }

    private let headerTimeout: TimeAmount
    private let bodyTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    private var phase = Phase.awaitingHead
    private var deadline: Scheduled<Void>?
    /// Requests read whose response is not complete yet (HTTP/1.1 pipelining allows several).
    private var unanswered = 0

    init(headerTimeout: Duration, bodyTimeout: Duration, idleTimeout: Duration) {
        self.headerTimeout = Self.timeAmount(headerTimeout)
        self.bodyTimeout = Self.timeAmount(bodyTimeout)
        self.idleTimeout = Self.timeAmount(idleTimeout)
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context, after: headerTimeout) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context, after: headerTimeout)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            phase = .readingBody
            unanswered += 1
            arm(context, after: bodyTimeout)
        case .body:
            break
        case .end:
            phase = .responding
            disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            unanswered = max(0, unanswered - 1)
            if phase == .responding, unanswered == 0 {
                phase = .awaitingHead
                arm(context, after: idleTimeout)
            }
        }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext, after timeout: TimeAmount) {
        disarm()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            self.expired(loopBound.value)
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }

    private func expired(_ context: ChannelHandlerContext) {
        deadline = nil
        switch phase {
        case .awaitingHead where unanswered == 0:
            // Nothing is being answered, so a response of our own cannot collide with one.
            let head = HTTPResponse(status: .requestTimeout, headerFields: [.connection: "close", .contentLength: "0"])
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            context.close(promise: nil)
        case .awaitingHead, .readingBody:
            context.close(promise: nil)
        case .responding:
            break
        }
    }
}
