import AlertModel
import AlertRules
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `POST /alerts[/FORMAT]` and `POST /alerts/src/SOURCE[/FORMAT]`: checks the request, decodes every
/// alert in it, and answers `202 {"accepted": n, "ids": [...]}` only once the alerts are on disk.
///
/// Checks run cheapest first: format, content type, declared length, then the body (read up to the
/// limit), the source's credentials, and the payload itself.
struct AlertEndpoint: Sendable {
    let runtimes: RuntimeStore
    let spool: Spool
    let metrics: ServerMetrics
    let logger: Logger
    let confirmer: any SNSSubscriptionConfirmer
    /// Called after alerts are spooled, to wake the delivery worker.
    let onAccepted: @Sendable () -> Void

    /// What a sender is told when the spool cannot take alerts: try again later.
    static let retryAfterSeconds = "30"

    func handle(_ request: Request, context: ServerRequestContext, source: String?, format: String?) async -> Response {
        let runtime = runtimes.current
        let label = format ?? source.flatMap { runtime.authenticator.source(named: $0)?.format } ?? "unknown"
        func refuse(_ status: HTTPResponse.Status, _ result: String, _ message: String, headers: HTTPFields = [:]) -> Response {
            metrics.received(format: label, result: result)
            logger.debug(
                "refused a request",
                metadata: ["status": "\(status.code)", "reason": .string(message), "peer": .string(context.peerAddress ?? "?")]
            )
            return JSONResponse.error(status, message, headers: headers)
        }

        if let format, runtime.ingestor(format: format) == nil {
            return refuse(.notFound, "unknown_format", "unknown format \"\(format)\"; known formats: \(AlertFormats.ids.joined(separator: ", "))")
        }
        if let contentType = request.headers[.contentType], !Self.acceptsContentType(contentType) {
            return refuse(
                .unsupportedMediaType,
                "unsupported_media_type",
                "content type \"\(contentType)\" is not accepted; send the alert payload as Content-Type: application/json"
            )
        }
        let limit = runtime.config.server.bodyLimit
        let tooLarge = "the request body is larger than the \(limit >> 10) KiB limit (server.body_limit)"
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            return refuse(.contentTooLarge, "too_large", tooLarge)
        }
        let body: [UInt8]
        do {
            let buffer = try await request.body.collect(upTo: limit)
            body = Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            return refuse(.contentTooLarge, "too_large", tooLarge)
        } catch {
            return refuse(.badRequest, "bad_request", "the request body could not be read")
        }

        let headers = request.headers
        let decision = runtime.authenticator.authenticate(
            named: source,
            header: { name in HTTPField.Name(name).flatMap { headers[$0] } },
            body: body,
            peer: context.peerAddress
        )
        let sourceName: String?
        switch decision {
        case .accepted(let name):
            sourceName = name
        case .open:
            sourceName = nil
        case .unknownSource:
            return refuse(.notFound, "unknown_source", "no source \"\(source ?? "")\" is configured")
        case .forbidden:
            logger.warning("refused a request from an address not on allow_ips", metadata: ["peer": .string(context.peerAddress ?? "?")])
            return refuse(.forbidden, "forbidden", "forbidden")
        case .unauthorized:
            logger.warning("refused a request without valid credentials", metadata: ["peer": .string(context.peerAddress ?? "?")])
            return refuse(.unauthorized, "unauthorized", "unauthorized")
        }

        let forced = format ?? sourceName.flatMap { runtime.authenticator.source(named: $0)?.format }
        let received: ReceivedPayloads
        switch PayloadReader(runtime: runtime).read(body, format: forced, source: sourceName) {
        case .failure(let rejection):
            let status: HTTPResponse.Status = rejection.status == 400 ? .badRequest : .unprocessableContent
            return refuse(status, rejection.status == 400 ? "malformed" : "unprocessable", rejection.description)
        case .success(let payloads):
            received = payloads
        }

        let topics = runtime.snsTopics(source: sourceName)
        if !topics.isEmpty, let topic = received.snsTopics.first(where: { !topics.allows($0) }) {
            logger.warning("refused an SNS message from a topic not on sns_topics", metadata: ["topic": .string(topic)])
            return refuse(.unauthorized, "unauthorized", "unauthorized")
        }

        var notices: [JSONValue] = []
        var confirmationFailed = false
        for notice in received.notices {
            let handled = await handleNotice(notice, topics: topics, runtime: runtime)
            confirmationFailed = confirmationFailed || handled == "failed"
            notices.append(["kind": .string(notice.kind), "action": .string(handled)])
        }

        guard !received.payloads.isEmpty else {
            for notice in received.notices { metrics.received(format: notice.source, result: "notice") }
            // SNS retries a confirmation that got no 2xx, which is what a failed fetch needs.
            let status: HTTPResponse.Status = confirmationFailed ? .badGateway : .ok
            return JSONResponse.make(status, ["accepted": 0, "ids": [], "notices": .array(notices)])
        }
        let ids: [Int64]
        do {
            ids = try await spool.accept(received.payloads)
        } catch {
            logger.error("cannot spool accepted alerts; answering 503", metadata: ["error": .string(error.description)])
            return refuse(
                .serviceUnavailable,
                "unavailable",
                "the spool cannot store alerts right now; retry later",
                headers: [.retryAfter: Self.retryAfterSeconds]
            )
        }
        onAccepted()
        for (format, count) in received.alertsByFormat {
            metrics.received(format: format, result: "accepted", count: count)
        }
        logger.debug("accepted alerts", metadata: ["count": "\(ids.count)", "source": .string(sourceName ?? "")])
        var answer: JSONObject = ["accepted": .number(JSONNumber(ids.count)), "ids": .array(ids.map { .number(JSONNumber(Int($0))) })]
        if !notices.isEmpty { answer["notices"] = .array(notices) }
        return JSONResponse.make(.accepted, .object(answer))
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
        let type = value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return type == "application/json" || type.hasSuffix("+json") || type == "application/x-ndjson" || type == "application/jsonl"
            || type == "text/plain" || type.isEmpty
    }
}
