import AlertModel
import AlertSpool
import Foundation
import HTTPTypes
import HummingbirdTesting
import Synchronization
import TestSupport
import Testing

@testable import Alert2JiraServer
@testable import WebhookIngest

/// `POST /alerts…` on a real socket is answered by `AlertIngestHandler`, on the event loop; in process
/// (and behind another pipelined request) by Hummingbird's router. Both must give the same answers,
/// and a connection must get its answers in the order it asked.
@Suite("POST /alerts on the event loop")
struct EventLoopIngestTests {
    static let alertmanager = "alertmanager/famedly-alertmanager-webhook-types_sample-v4-payload.json"
    static let config = """
        rules: []
        sources:
          am:
            bearer_token: secret-token
            format: alertmanager
        """

    struct Case: Sendable, CustomStringConvertible {
        let path: String
        let headers: HTTPFields
        let body: [UInt8]
        var description: String { "POST \(path) \(headers)" }
    }

    /// Every kind of answer, in an order that makes the spool's ids the same on both sides.
    static func cases() throws -> [Case] {
        let alert = try sampleBytes(alertmanager)
        let json: HTTPFields = [.authorization: "Bearer secret-token", .contentType: "application/json"]
        let anonymous: HTTPFields = [.contentType: "application/json"]
        return [
            Case(path: "/alerts", headers: json, body: alert),
            Case(path: "/alerts/alertmanager?x=1", headers: json, body: alert),
            Case(path: "/alerts/src/am", headers: json, body: alert),
            Case(path: "/alerts/src/am/alertmanager", headers: json, body: alert),
            Case(path: "/alerts/src/am", headers: anonymous, body: alert),
            Case(path: "/alerts/src/nobody", headers: json, body: alert),
            Case(path: "/alerts/no-such-format", headers: json, body: alert),
            Case(path: "/alerts", headers: [.authorization: "Bearer secret-token", .contentType: "text/html"], body: alert),
            Case(path: "/alerts", headers: json, body: Array("{\"alerts\": [".utf8)),
            Case(path: "/alerts", headers: json, body: Array("[1, 2]".utf8)),
            Case(path: "/alerts", headers: json, body: Array("   ".utf8)),
            Case(path: "/alerts", headers: json, body: [UInt8](repeating: UInt8(ascii: " "), count: 2048) + alert),
            Case(path: "/alerts/generic", headers: json, body: Array("{\"title\": \"disk full\"}".utf8)),
        ]
    }

    @Test func theEventLoopAndTheRouterGiveTheSameAnswers() async throws {
        let cases = try Self.cases()
        let settings = ["body_limit": "2KiB"]
        let router = try await ServerHarness.make(Self.config, server: settings)
        let viaRouter = Answers()
        try await router.test { client in
            for request in cases {
                let response = try await client.post(request.path, request.body, headers: request.headers)
                viaRouter.append(response.status.code, response.text)
            }
        }
        let live = try await ServerHarness.make(Self.config, server: settings)
        let viaLoop = Answers()
        try await live.live { client, _ in
            for request in cases {
                let response = try await client.post(request.path, request.body, headers: request.headers)
                viaLoop.append(response.status.code, response.text)
            }
        }
        let routed = viaRouter.all
        let looped = viaLoop.all
        #expect(routed.count == cases.count)
        for (index, request) in cases.enumerated() {
            #expect(looped[index] == routed[index], "\(request)")
        }
        // Every status above was seen, so the comparison covered each way of refusing.
        #expect(Set(routed.map(\.status)) == [202, 401, 404, 415, 400, 422, 413])
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let harness = try await ServerHarness.make("rules: []")
        let alert = String(decoding: try sampleBytes(Self.alertmanager), as: UTF8.self)
        try await harness.live { _, port in
            func post(_ path: String, _ body: String, last: Bool = false) -> String {
                "POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
                    + (last ? "Connection: close\r\n" : "") + "\r\n" + body
            }
            // Alert, router, alert, bad alert, router, alert: all in one write, before any answer.
            let requests =
                post("/alerts", alert) + "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n" + post("/alerts/generic", "{\"title\": \"two\"}")
                + post("/alerts", "{\"alerts\": [") + "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + post("/alerts/generic", "{\"title\": \"three\"}", last: true)
            let connection = try await RawConnection.open(port: port)
            #expect(await connection.send(requests))
            let answer = try #require(await connection.readUntilClosed())
            let statuses = answer.components(separatedBy: "HTTP/1.1 ").dropFirst().map { String($0.prefix(3)) }
            #expect(statuses == ["202", "200", "202", "400", "200", "202"], "\(answer)")
            // The event loop's answers carry the headers the router's do.
            #expect(answer.components(separatedBy: "\r\nServer: alert2jira\r\n").count == 7, "\(answer)")
            #expect(answer.components(separatedBy: "\r\nDate: ").count == 7, "\(answer)")
            #expect(answer.contains(#"{"accepted":1,"ids":[1]}"#))
            #expect(answer.contains(#"{"accepted":1,"ids":[2]}"#))
            #expect(answer.contains(#"{"accepted":1,"ids":[3]}"#))
            #expect(answer.contains(#"{"status":"alive"}"#))
            #expect(answer.contains("alert2jira_alerts_received_total"))
            #expect(try await harness.server.spool.list().map(\.title) == ["three", "two", "ProbeFailure"])
        }
    }

    @Test(arguments: [
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"), (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (1_796_223_600, "Wed, 02 Dec 2026 15:00:00 GMT"), (4_102_444_799, "Thu, 31 Dec 2099 23:59:59 GMT"),
    ])
    func answersAreDatedInIMFFixdate(epochSeconds: Int, text: String) {
        #expect(HTTPDate.format(epochSeconds: epochSeconds) == text)
    }

    @Test(arguments: [
        ("/alerts", AlertIntake.Target(source: nil, format: nil)),
        ("/alerts?since=1", AlertIntake.Target(source: nil, format: nil)),
        ("/alerts/grafana", AlertIntake.Target(source: nil, format: "grafana")),
        ("/alerts/src/am", AlertIntake.Target(source: "am", format: nil)),
        ("/alerts/src/am/alertmanager", AlertIntake.Target(source: "am", format: "alertmanager")),
        ("/alerts/src", AlertIntake.Target(source: nil, format: "src")),
    ])
    func pathsNameTheirTarget(path: String, target: AlertIntake.Target) {
        #expect(AlertIntake.Target(path: path) == target)
    }

    /// Left to the router, which answers them as it always has (404, or a decoded name).
    @Test(arguments: ["/", "/alert", "/alerts/", "/alerts//x", "/alerts/a/b", "/alerts/src/a/b/c", "/alerts/gr%61fana", "alerts", "/healthz"])
    func otherPathsAreLeftToTheRouter(path: String) {
        #expect(AlertIntake.Target(path: path) == nil)
    }
}

/// Status and body of each answer, in order, from a test's client.
final class Answers: Sendable {
    struct Answer: Equatable, Sendable {
        let status: Int
        let body: String
    }

    private let answers = Mutex<[Answer]>([])

    func append(_ status: Int, _ body: String) {
        answers.withLock { $0.append(Answer(status: status, body: body)) }
    }

    var all: [Answer] { answers.withLock { $0 } }
}
