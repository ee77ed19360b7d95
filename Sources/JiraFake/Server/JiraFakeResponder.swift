import HTTPTypes
import Hummingbird
import JiraSpec
import NIOCore

/// Hummingbird's entry into the fake: control API, fault injection, then the Jira API, with every API request
/// logged.
public struct JiraFakeResponder: HTTPResponder {
    public typealias Context = FakeRequestContext

    let store: FakeStore

    public func respond(to request: Request, context: FakeRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        var headers: [(name: String, value: String)] = request.headers.map { ($0.name.rawName, $0.value) }
        if let authority = request.head.authority { headers.append(("host", authority)) }
        let fake = FakeRequest(
            method: request.method.rawValue,
            target: request.head.path ?? "/",
            headers: headers,
            body: Array(buffer.readableBytesView)
        )
        if fake.gatewayCloudId == nil, fake.segments.first == "_fake" {
            return Self.response(await ControlAPI(store: store).handle(fake))
        }
        let decision = await store.faultDecision(method: fake.method, path: fake.path)
        if decision.latencyMilliseconds > 0 {
            try await Task.sleep(for: .milliseconds(decision.latencyMilliseconds))
        }
        let faultNames = decision.fired.isEmpty ? nil : decision.fired.joined(separator: ",")
        func elapsed() -> Int {
            let duration = ContinuousClock.now - started
            return Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
        }
        guard let action = decision.action else {
            let response = await store.handle(fake)
            await store.record(fake, response: response, fault: faultNames, durationMilliseconds: elapsed())
            return Self.response(response)
        }
        switch action.kind {
        case .status:
            let response = Self.faultResponse(action)
            await store.record(fake, response: response, fault: faultNames, durationMilliseconds: elapsed())
            return Self.response(response)
        case .drop, .reset:
            await store.record(fake, response: nil, fault: faultNames, durationMilliseconds: elapsed())
            await Self.close(context.channel, reset: action.kind == .reset)
            throw ConnectionDropped(kind: action.kind)
        case .dropAfterCommit:
            let response = await store.handle(fake)
            await store.record(fake, response: response, fault: faultNames, durationMilliseconds: elapsed())
            await Self.close(context.channel, reset: false)
            throw ConnectionDropped(kind: .dropAfterCommit)
        case .latency:
            // Latency rules never become the action; answered above.
            let response = await store.handle(fake)
            await store.record(fake, response: response, fault: faultNames, durationMilliseconds: elapsed())
            return Self.response(response)
        }
    }

    /// Closes the connection without an answer; with `reset`, `SO_LINGER` 0 makes the close a TCP RST.
    private static func close(_ channel: any Channel, reset: Bool) async {
        if reset, let provider = channel as? any SocketOptionProvider {
            let option = LingerOption(enabled: 1, seconds: 0)
            try? await provider.unsafeSetSocketOption(level: NIOBSDSocket.OptionLevel.socket, name: NIOBSDSocket.Option.so_linger, value: option)
                .get()
        }
        try? await channel.close()
    }

    /// The answer of a `status` fault: the configured body, or a Jira-style one for the status.
    static func faultResponse(_ rule: FaultRule) -> FakeResponse {
        let body: FakeResponse =
            if let body = rule.body {
                .json(rule.status, body)
            } else {
                switch rule.status {
                case 429: .errors(429, messages: ["Rate limit exceeded."])
                case 503: .errors(503, messages: ["Service Unavailable"])
                case 500: .errors(500, messages: ["Internal server error"])
                default: .errors(rule.status, messages: ["Injected fault: HTTP \(rule.status)"])
                }
            }
        guard let retryAfter = rule.retryAfter else { return body }
        return body.adding(header: "Retry-After", retryAfter)
    }

    static func response(_ fake: FakeResponse) -> Response {
        var fields = HTTPFields()
        let bytes: [UInt8]
        switch fake.body {
        case .empty:
            bytes = []
        case .json(let value):
            fields[.contentType] = "application/json;charset=UTF-8"
            bytes = Array(value.jsonString.utf8)
        case .text(let text, let contentType):
            fields[.contentType] = contentType
            bytes = Array(text.utf8)
        }
        for (name, value) in fake.headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: fake.status),
            headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}
