import AlertModel
import AlertRules
import HTTPTypes
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
    let runtimes: RuntimeStore
    let spool: Spool
    let metrics: ServerMetrics
    let logger: Logger
    let confirmer: any SNSSubscriptionConfirmer
    /// Called after alerts are spooled, to wake the delivery worker.
    let onAccepted: @Sendable () -> Void

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
    }

    /// A request whose head has been read: what it asks for and the config it is judged by.
    struct Request: Sendable {
        let target: Target
        let runtime: ServerRuntime
        let peer: String?
        /// The format the metrics count the request under.
        let label: String
        /// The answer the head alone earns (unknown format, wrong content type, too large), if any.
        let refusal: HTTPAnswer?

        var bodyLimit: Int { runtime.config.server.bodyLimit }
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
        let runtime = runtimes.current
        let label = target.format ?? target.source.flatMap { runtime.authenticator.source(named: $0)?.format } ?? "unknown"
        func request(refusal: HTTPAnswer?) -> Request {
            Request(target: target, runtime: runtime, peer: peer, label: label, refusal: refusal)
        }
        let unrefused = request(refusal: nil)
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
        return unrefused
    }

    /// The answer to a body past `server.body_limit`.
    func tooLarge(_ request: Request) -> HTTPAnswer {
        refuse(request, .contentTooLarge, "too_large", "the request body is larger than the \(request.bodyLimit >> 10) KiB limit (server.body_limit)")
    }

    /// The answer to a body that could not be read.
    func unreadable(_ request: Request) -> HTTPAnswer {
        refuse(request, .badRequest, "bad_request", "the request body could not be read")
    }

    /// Judges the whole request: the source's credentials, then the payload.
    func screen(_ request: Request, headers: HTTPFields, body: [UInt8]) -> Screening {
        if let refusal = request.refusal { return .answer(refusal) }
        let runtime = request.runtime
        let source = request.target.source
        let decision = runtime.authenticator.authenticate(
            named: source,
            header: { name in HTTPField.Name(name).flatMap { headers[$0] } },
            body: body,
            peer: request.peer
        )
        let sourceName: String?
        switch decision {
        case .accepted(let name):
            sourceName = name
        case .open:
            sourceName = nil
        case .unknownSource:
            return .answer(refuse(request, .notFound, "unknown_source", "no source \"\(source ?? "")\" is configured"))
        case .forbidden:
            logger.warning("refused a request from an address not on allow_ips", metadata: ["peer": .string(request.peer ?? "?")])
            return .answer(refuse(request, .forbidden, "forbidden", "forbidden"))
        case .unauthorized:
            logger.warning("refused a request without valid credentials", metadata: ["peer": .string(request.peer ?? "?")])
            return .answer(refuse(request, .unauthorized, "unauthorized", "unauthorized"))
        }

        let forced = request.target.format ?? sourceName.flatMap { runtime.authenticator.source(named: $0)?.format }
        let received: ReceivedPayloads
        switch PayloadReader(runtime: runtime).read(body, format: forced, source: sourceName) {
        case .failure(let rejection):
            let status: HTTPResponse.Status = rejection.status == 400 ? .badRequest : .unprocessableContent
            return .answer(refuse(request, status, rejection.status == 400 ? "malformed" : "unprocessable", rejection.description))
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
            logger.error("cannot spool accepted alerts; answering 503", metadata: ["error": .string(error.description)])
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
        var answer: JSONObject = ["accepted": .number(JSONNumber(ids.count)), "ids": .array(ids.map { .number(JSONNumber(Int($0))) })]
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
    private func handleNotice(_ notice: Notice, topics: SNSTopicAllowList, runtime: ServerRuntime) async -> String {
        guard notice.kind == "sns-subscription-confirmation" else {
            logger.notice("\(notice.message)", metadata: ["kind": .string(notice.kind)])
            return "logged"
        }
        let subscription = SNSSubscription(topicArn: notice.details["TopicArn"] ?? "", subscribeURL: notice.details["SubscribeURL"] ?? "")
        let metadata: Logger.Metadata = ["topic": .string(subscription.topicArn), "subscribe_url": .string(subscription.subscribeURL)]
        guard runtime.config.server.confirmSNSSubscriptions else {
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
