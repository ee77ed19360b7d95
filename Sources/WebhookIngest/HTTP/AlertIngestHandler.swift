import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `POST /alerts…` on the connection's event loop, in the channel pipeline in front of
/// Hummingbird, and passes every other request on to Hummingbird's router.
///
/// Webhook senders post many small requests, and on Hummingbird's router each one crosses from the
/// event loop to a task and back, which cost more than decoding and spooling the alert together. Here
/// the request is read, judged by ``AlertIntake`` and handed to the spool's writer queue without
/// leaving the loop; the writer's completion brings the answer back. The checks and the answers are
/// the router's own, so the two ways in cannot drift apart.
///
/// HTTP/1.1 lets a client send its next request before the answer: one that arrives while an alert is
/// being spooled waits here (and reading pauses) until the answer is out, and a `POST /alerts` behind
/// a request the router is still answering goes to the router too, so answers keep their order.
final class AlertIngestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum State {
        /// Between requests, or passing a request on to the router.
        case idle
        /// Reading the body of a request of ours.
        case reading(AlertIntake.Request, headers: HTTPFields)
        /// The request is read and its answer is being made (the spool is writing).
        case answering
        /// The request was refused before its body ended and the answer is out: the rest of the body is
        /// read and dropped, then the connection carries on (or closes, when `close`).
        case draining(close: Bool)
    }

    private let intake: AlertIntake
    private let relay: EventLoopRelay
    private let date: HTTPDate
    private var state = State.idle
    /// The body read so far; `nil` outside a request of ours that is being read.
    private var body: ByteBuffer?
    /// Bytes of `body` taken from the server-wide budget, given back when the answer is out.
    private var reserved = 0
    /// The client asked to close the connection after this answer.
    private var closeAfterAnswer = false
    private var peer: String?
    /// Requests passed on to the router whose response has not ended yet.
    private var forwarded = 0
    /// Parts that arrived while answering, replayed in order once the answer is out.
    private var held = CircularBuffer<HTTPRequestPart>()
    /// A read the channel asked for while answering, issued once the answer is out.
    private var readPending = false
    /// Graceful shutdown asked while a request of ours was in flight: the connection closes after its answer.
    private var quiescePending = false

    init(intake: AlertIntake, relay: EventLoopRelay, date: HTTPDate) {
        self.intake = intake
        self.relay = relay
        self.date = date
    }

    func handlerAdded(context: ChannelHandlerContext) {
        peer = context.channel.remoteAddress?.ipAddress
    }

    func channelActive(context: ChannelHandlerContext) {
        peer = context.channel.remoteAddress?.ipAddress
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if case .answering = state {
            held.append(part)
        } else {
            process(part, context: context)
        }
    }

    private func process(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch (state, part) {
        case (.idle, .head(let head)):
            guard forwarded == 0, head.method == .post, let target = head.path.flatMap(AlertIntake.Target.init(path:)) else {
                forwarded += 1
                context.fireChannelRead(wrapInboundOut(part))
                return
            }
            let request = intake.begin(target, headers: head.headerFields, peer: peer)
            closeAfterAnswer = head.headerFields[.connection]?.lowercased() == "close"
            if let refusal = request.refusal {
                // Refused on its head (no credentials, too large, unknown format): answered at once, so a
                // stranger's body is never held, and the sender of a body too large learns it before sending it.
                state = .answering
                respond(refusal, context: context, requestEnded: false)
                return
            }
            body = context.channel.allocator.buffer(capacity: 0)
            state = .reading(request, headers: head.headerFields)
        case (.reading(let request, _), .body(var chunk)):
            guard let length = body?.readableBytes, length + chunk.readableBytes <= request.bodyLimit else {
                state = .answering
                respond(intake.tooLarge(request), context: context, requestEnded: false)
                return
            }
            guard intake.budget.reserve(chunk.readableBytes) else {
                state = .answering
                respond(intake.overBudget(request), context: context, requestEnded: false)
                return
            }
            reserved += chunk.readableBytes
            body!.writeBuffer(&chunk)
        case (.reading(let request, let headers), .end):
            state = .answering
            guard let collected = body.take() else {
                respond(intake.unreadable(request), context: context)
                return
            }
            switch intake.screen(request, headers: headers, body: Array(collected.readableBytesView)) {
            case .answer(let answer):
                respond(answer, context: context)
            case .admitted(let admission):
                let eventLoop = context.eventLoop
                let handler = NIOLoopBound((self, context), eventLoop: eventLoop)
                let relay = relay
                intake.complete(admission) { answer in
                    relay.post(to: eventLoop) {
                        let (handler, context) = handler.value
                        handler.respond(answer, context: context)
                    }
                }
            }
        case (.idle, .body), (.idle, .end):
            context.fireChannelRead(wrapInboundOut(part))
        case (.draining, .body):
            break
        case (.draining(let close), .end):
            state = .idle
            if close || quiescePending {
                context.close(promise: nil)
            } else {
                carryOn(context: context)
            }
        case (.draining, .head):
            context.close(promise: nil)
        case (.reading, .head), (.answering, _):
            // NIO's HTTP decoder never sends a head inside a body, and parts are held while answering;
            // should either happen, the connection is dropped rather than answered out of order.
            context.close(promise: nil)
        }
    }

    /// Writes the answer, then carries on with what waited for it.
    ///
    /// - Parameter requestEnded: `false` when the answer goes out before the request's body has all come:
    ///   the rest is then read and dropped before the connection goes on or closes, since closing with
    ///   unread data resets the connection and can lose the answer the client has not read yet.
    private func respond(_ answer: HTTPAnswer, context: ChannelHandlerContext, requestEnded: Bool = true) {
        guard case .answering = state else { return }
        releaseBudget()
        body = nil
        let close = closeAfterAnswer || quiescePending
        var headers = answer.headers
        headers[.contentLength] = String(answer.body.count)
        // What Hummingbird adds to the router's answers.
        headers[.date] = date.now
        headers[.server] = WebhookApplication.serverName
        if close { headers[.connection] = "close" }
        context.write(wrapOutboundOut(.head(HTTPResponse(status: answer.status, headerFields: headers))), promise: nil)
        if !answer.body.isEmpty {
            context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: answer.body))), promise: nil)
        }
        guard requestEnded else {
            state = .draining(close: close)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        state = .idle
        guard !close else {
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            return
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        carryOn(context: context)
    }

    /// Processes the parts that arrived while the answer was made, and the read that waited for it.
    private func carryOn(context: ChannelHandlerContext) {
        var replayed = false
        while !held.isEmpty, case .idle = state {
            process(held.removeFirst(), context: context)
            replayed = true
        }
        // Hummingbird takes what it was passed only at the end of a read.
        if replayed { context.fireChannelReadComplete() }
        if case .idle = state, readPending {
            readPending = false
            context.read()
        }
    }

    /// Gives this request's bytes back to the server-wide budget.
    private func releaseBudget() {
        intake.budget.release(reserved)
        reserved = 0
    }

    func channelInactive(context: ChannelHandlerContext) {
        releaseBudget()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        releaseBudget()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { forwarded = max(0, forwarded - 1) }
        context.write(data, promise: promise)
    }

    func read(context: ChannelHandlerContext) {
        // Reading pauses only for a client that sends ahead: pausing every connection while its
        // answer is made would cost two epoll changes per request.
        if case .answering = state, !held.isEmpty {
            readPending = true
        } else {
            context.read()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // Hummingbird's connection handler, behind this one, closes a connection it sees as idle,
        // and it does not see our requests: during one of ours, the shutdown stops here and the
        // connection closes once its answer is out.
        if event is ChannelShouldQuiesceEvent {
            switch state {
            case .idle:
                break
            case .reading, .answering, .draining:
                quiescePending = true
                return
            }
        }
        context.fireUserInboundEventTriggered(event)
    }
}
