import HTTPTypes
import Hummingbird
import NIOCore

/// `POST /alerts…` through Hummingbird's router: the in-process tests' way in, and the fallback for
/// a request that ``AlertIngestHandler`` leaves to the router (pipelined behind another, or a path
/// that needs decoding). ``AlertIntake`` judges it the same either way.
struct AlertEndpoint: Sendable {
    let intake: AlertIntake

    func handle(_ request: Request, context: ServerRequestContext, source: String?, format: String?) async -> Response {
        let headers = request.headers
        let started = intake.begin(AlertIntake.Target(source: source, format: format), headers: headers, peer: context.peerAddress)
        if let refusal = started.refusal { return refusal.response }
        // The router collects a body whole: it takes as much of the budget as the body may be.
        let claim = min(headers[.contentLength].flatMap(Int.init) ?? started.bodyLimit, started.bodyLimit)
        guard intake.budget.reserve(claim) else { return intake.overBudget(started).response }
        defer { intake.budget.release(claim) }
        let body: [UInt8]
        do {
            let buffer = try await request.body.collect(upTo: started.bodyLimit)
            body = Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            return intake.tooLarge(started).response
        } catch {
            return intake.unreadable(started).response
        }
        switch intake.screen(started, headers: headers, body: body) {
        case .answer(let answer):
            return answer.response
        case .admitted(let admission):
            return await intake.complete(admission).response
        }
    }
}
