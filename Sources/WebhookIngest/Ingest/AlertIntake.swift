import AlertConfig
import AlertModel
import AlertSpool
import HTTPTypes
import JSON
import Logging

/// What `POST /alerts[/FORMAT]` and `POST /alerts/src/SOURCE[/FORMAT]` do with a request, whichever
/// way it arrived: checks it, decodes every alert in it, and answers `202 {"accepted": n, "ids": [...]}`
/// only once the alerts are on disk.
///
/// Checks run cheapest first: format, content type and declared length on the head
/// (``begin(_:headers:peer:)``), then the source's credentials and the payload itself once the body is
/// in (``screen(_:headers:body:)``), then the spool (``complete(_:)``). ``AlertEndpoint`` (Hummingbird's
/// router) and ``AlertIngestHandler`` (the event-loop fast path) only move bytes in and out.
struct AlertIntake: Sendable {
    /// The runtime in force; a reload swaps it, and each request reads it once, at its head.
    let runtime: @Sendable () -> IntakeRuntime
    let spool: any SpoolStore
    let metrics: ServerMetrics
    let logger: Logger
    let confirmer: any SNSSubscriptionConfirmer
    /// The bytes of request bodies all connections may hold at once.
    let budget: BodyBudget
    /// Keeps a flood of refused requests, or of requests a failing spool turns away, from flooding the log.
    let refusalLog = LogRateLimiter(interval: .seconds(10))
    /// Called after alerts are spooled, to wake the delivery worker.
    let onAccepted: @Sendable () -> Void

    /// At most this many ids are listed in a 202; the rest are counted.
    static let idsInAnswer = 100

    /// What a sender is told when the spool cannot take alerts: try again later.
    static let retryAfterSeconds = "30"

    /// The source and format a request's path names.
    struct Target: Sendable, Equatable {
        var source: String?
        var format: String?

        /// The target of `/alerts`, `/alerts/FORMAT`, `/alerts/src/SOURCE` or `/alerts/src/SOURCE/FORMAT`
        /// (a query is ignored); `nil` for any other path, or one that needs percent-decoding, which is
        /// then left to the router.
        init?(path: String) {
            let route = path.utf8.split(separator: UInt8(ascii: "?"), maxSplits: 1, omittingEmptySubsequences: false).first ?? []
            let parts = route.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            guard parts.count >= 2, parts.count <= 5, parts[0].isEmpty, parts[1].elementsEqual("alerts".utf8),
                !parts.dropFirst().contains(where: { $0.isEmpty || $0.contains(UInt8(ascii: "%")) })
            else { return nil }
            let names = parts.dropFirst(2).map { String(decoding: $0, as: UTF8.self) }
            switch names.count {
            case 0: break
            case 1: format = names[0]
            case 2, 3:
                guard names[0] == "src" else { return nil }
                source = names[1]
                format = names.count == 3 ? names[2] : nil
            default: return nil
            }
        }

        init(source: String?, format: String?) {
            self.source = source
            self.format = format
        }

        /// The path that names this target, for logs.
        var path: String {
            "/alerts" + (source.map { "/src/\($0)" } ?? "") + (format.map { "/\($0)" } ?? "")
        }
    }

    /// A request whose head has been read: what it asks for and the config it is judged by.
    struct Request: Sendable {
        let target: Target
        let runtime: IntakeRuntime
        let peer: String?
        /// The format the metrics count the request under.
        let label: String
        /// The answer the head alone earns (unknown format, wrong content type, too large, no valid
        /// credentials in the headers), if any.
        let refusal: HTTPAnswer?
        /// The source the headers proved (or `.open`), when they settled it; `nil` when the body must.
        var proven: SourceAuthenticator.Decision? = nil
        /// How the body is compressed.
        var encoding = ContentEncoding.identity

        var bodyLimit: Int { runtime.server.bodyLimit }
    }

    /// A request that passed every check: what goes to the spool, and what the answer needs.
    struct Admission: Sendable {
        let request: Request
        let received: ReceivedPayloads
        let sourceName: String?
        let topics: SNSTopicAllowList
    }

    enum Screening: Sendable {
        case answer(HTTPAnswer)
        case admitted(Admission)
    }

    // MARK: - Checks

    /// Judges the head: the format the path names, the content type, the declared length.
    func begin(_ target: Target, headers: HTTPFields, peer: String?) -> Request {
        let runtime = self.runtime()
        // Label values come from the config and the format list only: a path segment is whatever a peer sent,
        // and as a label it would make a new time series per request.
        let knownFormat = target.format.flatMap { runtime.ingestor(format: $0) == nil ? nil : $0 }
        let label = knownFormat ?? target.source.flatMap { runtime.authenticator.source(named: $0)?.format } ?? "unknown"
        func request(refusal: HTTPAnswer?) -> Request {
            Request(target: target, runtime: runtime, peer: peer, label: label, refusal: refusal)
        }
        var unrefused = request(refusal: nil)
        if let format = target.format, runtime.ingestor(format: format) == nil {
            return request(
                refusal: refuse(
                    unrefused,
                    .notFound,
                    "unknown_format",
                    "unknown format \"\(format)\"; known formats: \(AlertFormats.ids.joined(separator: ", "))"
                )
            )
        }
        if let contentType = headers[.contentType], !Self.acceptsContentType(contentType) {
            return request(
                refusal: refuse(
                    unrefused,
                    .unsupportedMediaType,
                    "unsupported_media_type",
                    "content type \"\(contentType)\" is not accepted; send the alert payload as Content-Type: application/json"
                )
            )
        }
        if let declared = headers[.contentLength].flatMap(Int.init), declared > unrefused.bodyLimit {
            return request(refusal: tooLarge(unrefused))
        }
        guard let encoding = ContentEncoding(header: headers[.contentEncoding]) else {
            return request(
                refusal: refuse(
                    unrefused,
                    .unsupportedMediaType,
                    "unsupported_media_type",
                    "content encoding \"\(headers[.contentEncoding] ?? "")\" is not accepted; send the body uncompressed, or with gzip or deflate"
                )
            )
        }
        unrefused.encoding = encoding
        let head = runtime.authenticator.authenticateHead(
            named: target.source,
            header: { name in HTTPField.Name(name).flatMap { headers[$0] } },
            peer: peer
        )
        switch head {
        case .needsBody:
            return unrefused
        case .decided(let decision):
            if let refusal = refusal(unrefused, decision) { return request(refusal: refusal) }
            var proven = unrefused
            proven.proven = decision
            return proven
        }
    }

    /// Logs a refused request with its peer, source and path, at most once per interval; the line after a
    /// quiet spell says how many were left out.
    private func logRefusal(_ message: String, _ request: Request) {
        guard let suppressed = refusalLog.admit(message) else { return }
        var metadata: Logger.Metadata = [
            "peer": .string(request.peer ?? "?"), "path": .string(request.target.path), "source": .string(request.target.source ?? "-"),
        ]
        if suppressed > 0 { metadata["suppressed"] = "\(suppressed)" }
        logger.warning("\(message)", metadata: metadata)
    }

    /// The answer to a request the source checks refused; `nil` when they let it in.
    private func refusal(_ request: Request, _ decision: SourceAuthenticator.Decision) -> HTTPAnswer? {
        switch decision {
        case .accepted, .open:
            return nil
        case .unknownSource:
            return refuse(request, .notFound, "unknown_source", "no source \"\(request.target.source ?? "")\" is configured")
        case .forbidden:
            logRefusal("refused a request from an address not on allow_ips", request)
            return refuse(request, .forbidden, "forbidden", "forbidden")
        case .unauthorized:
            logRefusal("refused a request without valid credentials", request)
            return refuse(request, .unauthorized, "unauthorized", "unauthorized")
        }
    }

    /// The answer to a body past `server.body_limit`.
    func tooLarge(_ request: Request) -> HTTPAnswer {
        refuse(request, .contentTooLarge, "too_large", "the request body is larger than the \(request.bodyLimit >> 10) KiB limit (server.body_limit)")
    }

    /// The answer when the bodies in flight fill the server-wide budget: come back in a moment.
    func overBudget(_ request: Request) -> HTTPAnswer {
        refuse(
            request,
            .serviceUnavailable,
            "busy",
            "the server is receiving too many request bodies at once (server.body_memory); retry in a moment",
            headers: [.retryAfter: "1"]
        )
    }

    /// The answer to a body that could not be read.
    func unreadable(_ request: Request) -> HTTPAnswer {
        refuse(request, .badRequest, "bad_request", "the request body could not be read")
    }

    /// Judges the whole request: the source's credentials, then the payload.
    func screen(_ request: Request, headers: HTTPFields, body compressed: [UInt8]) -> Screening {
        if let refusal = request.refusal { return .answer(refusal) }
        let runtime = request.runtime
        let source = request.target.source
        let decision =
            request.proven
            ?? runtime.authenticator.authenticate(
                named: source,
                header: { name in HTTPField.Name(name).flatMap { headers[$0] } },
                body: compressed,
                peer: request.peer
            )
        if let refusal = refusal(request, decision) { return .answer(refusal) }
        let sourceName: String? = if case .accepted(let name) = decision { name } else { nil }
        let body: [UInt8]
        switch request.encoding.decode(compressed, limit: request.bodyLimit) {
        case .success(let decoded):
            body = decoded
        case .failure(.tooLarge):
            return .answer(tooLarge(request))
        case .failure(.corrupt):
            return .answer(
                refuse(request, .badRequest, "malformed", "the body is not valid \(request.encoding) data; check the Content-Encoding header")
            )
        }

        let forced = request.target.format ?? sourceName.flatMap { runtime.authenticator.source(named: $0)?.format }
        let received: ReceivedPayloads
        switch PayloadReader(runtime: runtime).read(body, format: forced, source: sourceName) {
        case .failure(let rejection):
            let (status, result): (HTTPResponse.Status, String) =
                switch rejection {
                case .malformed: (.badRequest, "malformed")
                case .unprocessable: (.unprocessableContent, "unprocessable")
                case .tooManyDocuments: (.contentTooLarge, "too_many_documents")
                }
            return .answer(refuse(request, status, result, rejection.description))
        case .success(let payloads):
            received = payloads
        }

        let topics = runtime.snsTopics(source: sourceName)
        if !topics.isEmpty, let topic = received.snsTopics.first(where: { !topics.allows($0) }) {
            logger.warning("refused an SNS message from a topic not on sns_topics", metadata: ["topic": .string(topic)])
            return .answer(refuse(request, .unauthorized, "unauthorized", "unauthorized"))
        }
        return .admitted(Admission(request: request, received: received, sourceName: sourceName, topics: topics))
    }

    // MARK: - Spooling

    /// Handles the protocol notices, spools the alerts, and answers.
    func complete(_ admission: Admission) async -> HTTPAnswer {
        var notices: [JSONValue] = []
        var confirmationFailed = false
        for notice in admission.received.notices {
            let handled = await handleNotice(notice, topics: admission.topics, runtime: admission.request.runtime)
            confirmationFailed = confirmationFailed || handled == "failed"
            notices.append(["kind": .string(notice.kind), "action": .string(handled)])
        }
        guard !admission.received.payloads.isEmpty else {
            for notice in admission.received.notices { metrics.received(format: notice.source, result: "notice") }
            // SNS retries a confirmation that got no 2xx, which is what a failed fetch needs.
            let status: HTTPResponse.Status = confirmationFailed ? .badGateway : .ok
            return JSONResponse.answer(status, ["accepted": 0, "ids": [], "notices": .array(notices)])
        }
        let stored: Result<[Int64], SpoolError>
        do throws(SpoolError) {
            stored = .success(try await spool.accept(admission.received.payloads))
        } catch {
            stored = .failure(error)
        }
        return answer(admission, stored: stored, notices: notices)
    }

    /// ``complete(_:)`` without a task when there are no notices to handle: `reply` runs on one of the
    /// spool's queues once the alerts are on disk, so the answer needs no hop through Swift concurrency.
    /// Notices (an SNS confirmation to fetch) still take a task, and `reply` then runs on it.
    func complete(_ admission: Admission, reply: @escaping @Sendable (HTTPAnswer) -> Void) {
        guard admission.received.notices.isEmpty else {
            Task { reply(await complete(admission)) }
            return
        }
        spool.accept(admission.received.payloads) { stored in
            reply(answer(admission, stored: stored, notices: []))
        }
    }

    /// 202 with the alerts' ids once they are stored; 503 when the spool could not store them.
    private func answer(_ admission: Admission, stored: Result<[Int64], SpoolError>, notices: [JSONValue]) -> HTTPAnswer {
        let ids: [Int64]
        switch stored {
        case .success(let stored):
            ids = stored
        case .failure(let error):
            // A full or failing disk refuses every request: one line per interval says so, not one per request.
            if let suppressed = refusalLog.admit("spool failure") {
                var metadata: Logger.Metadata = ["error": .string(error.description)]
                if suppressed > 0 { metadata["suppressed"] = "\(suppressed)" }
                logger.error("cannot spool accepted alerts; answering 503", metadata: metadata)
            }
            return refuse(
                admission.request,
                .serviceUnavailable,
                "unavailable",
                "the spool cannot store alerts right now; retry later",
                headers: [.retryAfter: Self.retryAfterSeconds]
            )
        }
        onAccepted()
        for (format, count) in admission.received.alertsByFormat {
            metrics.received(format: format, result: "accepted", count: count)
        }
        logger.debug("accepted alerts", metadata: ["count": "\(ids.count)", "source": .string(admission.sourceName ?? "")])
        // The ids of a large request are cut short: the answer stays small whatever the request held.
        let shown = ids.prefix(Self.idsInAnswer)
        var answer: JSONObject = ["accepted": .number(JSONNumber(ids.count)), "ids": .array(shown.map { .number(JSONNumber(Int($0))) })]
        if ids.count > shown.count { answer["ids_omitted"] = .number(JSONNumber(ids.count - shown.count)) }
        if !notices.isEmpty { answer["notices"] = .array(notices) }
        return JSONResponse.answer(.accepted, .object(answer))
    }

    private func refuse(
        _ request: Request,
        _ status: HTTPResponse.Status,
        _ result: String,
        _ message: String,
        headers: HTTPFields = [:]
    ) -> HTTPAnswer {
        metrics.received(format: request.label, result: result)
        logger.debug(
            "refused a request",
            metadata: ["status": "\(status.code)", "reason": .string(message), "peer": .string(request.peer ?? "?")]
        )
        return JSONResponse.errorAnswer(status, message, headers: headers)
    }

    /// SNS subscription confirmations: confirmed when the topic is allowed and the URL is SNS's own;
    /// otherwise logged for a human. Returns what was done: `confirmed`, `logged`, `refused`, `failed`.
    private func handleNotice(_ notice: Notice, topics: SNSTopicAllowList, runtime: IntakeRuntime) async -> String {
        guard notice.kind == "sns-subscription-confirmation" else {
            logger.notice("\(notice.message)", metadata: ["kind": .string(notice.kind)])
            return "logged"
        }
        let subscription = SNSSubscription(topicArn: notice.details["TopicArn"] ?? "", subscribeURL: notice.details["SubscribeURL"] ?? "")
        let metadata: Logger.Metadata = ["topic": .string(subscription.topicArn), "subscribe_url": .string(subscription.subscribeURL)]
        guard runtime.server.confirmSNSSubscriptions else {
            logger.warning(
                "SNS asks to confirm a subscription; confirm_sns_subscriptions is off, so open the SubscribeURL by hand",
                metadata: metadata
            )
            return "logged"
        }
        guard !topics.isEmpty, topics.allows(subscription.topicArn) else {
            logger.warning(
                "SNS asks to confirm a subscription to a topic not on sns_topics; add it there, or open the SubscribeURL by hand",
                metadata: metadata
            )
            return "logged"
        }
        if let problem = subscription.urlProblem {
            logger.warning("refused to confirm an SNS subscription: \(problem)", metadata: metadata)
            return "refused"
        }
        do {
            try await confirmer.confirm(subscription)
            logger.notice("confirmed the SNS subscription", metadata: ["topic": .string(subscription.topicArn)])
            return "confirmed"
        } catch {
            logger.error("could not confirm the SNS subscription: \(error)", metadata: metadata)
            return "failed"
        }
    }

    /// JSON in any of its spellings, NDJSON, and `text/plain` (SNS posts its JSON as text/plain).
    static func acceptsContentType(_ value: String) -> Bool {
        // The media type, before any parameters.
        let type = HTTPWhitespace.trimmed(value.prefix { $0 != ";" }).lowercased()
        return type == "application/json" || type.hasSuffix("+json") || type == "application/x-ndjson" || type == "application/jsonl"
            || type == "text/plain" || type.isEmpty
    }
}
