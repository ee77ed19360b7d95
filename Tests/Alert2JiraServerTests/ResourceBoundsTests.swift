import Alert2JiraServer
import AlertSpool
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// The server's resource bounds as a user sets them: `server.max_connections` and `server.spool_limit`
/// answer 503 (with `Retry-After`) past their limit, and what was accepted before stays accepted.
@Suite("Resource bounds")
struct ResourceBoundsTests {
    static let alert = #"{"title": "disk full", "severity": "critical"}"#

    @Test func connectionsPastTheLimitGet503AndTheSlotsComeBack() async throws {
        let harness = try await ServerHarness.make("rules: []", server: ["max_connections": "3", "header_timeout": "5s"])
        try await harness.live { (client, port) async throws in
            // The test client's own kept-alive connection takes the first slot, whenever it would have connected.
            #expect(try await client.get("/healthz").status == .ok)
            // Two more kept-alive connections take the other slots: each is served, and stays open.
            var first: RawConnection? = try await RawConnection.open(port: port)
            let second = try await RawConnection.open(port: port)
            for connection in [first, second] {
                #expect(await connection?.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n") == true)
                let answer = await connection?.readResponse()
                #expect(answer?.hasPrefix("HTTP/1.1 200") == true, "\(answer ?? "no answer")")
            }

            let third = try await RawConnection.open(port: port)
            #expect(await third.send("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n"))
            let refused = await third.readUntilClosed()
            #expect(refused?.hasPrefix("HTTP/1.1 503") == true, "\(refused ?? "no answer")")
            #expect(refused?.contains("retry-after: 1") == true || refused?.contains("Retry-After: 1") == true)
            #expect(refused?.contains("server.max_connections is 3") == true)

            // A liveness probe is answered even while every slot is taken, so an orchestrator doesn't restart
            // a server that is only busy; its connection is closed after the answer.
            let probe = try await RawConnection.open(port: port)
            #expect(await probe.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"))
            let live = await probe.readUntilClosed()
            #expect(live?.hasPrefix("HTTP/1.1 200") == true, "\(live ?? "no answer")")

            // A client closing its connection frees the slot, once the server has seen it close.
            first = nil
            _ = first
            let served = await eventually {
                guard let fourth = try? await RawConnection.open(port: port),
                    await fourth.send("GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                else { return false }
                return await fourth.readUntilClosed()?.hasPrefix("HTTP/1.1 200") == true
            }
            #expect(served, "the slot of the closed connection never came back")
        }
    }

    @Test func aFullSpoolAnswers503AndKeepsEverythingItAccepted() async throws {
        let harness = try await ServerHarness.make("rules: []", server: ["spool_limit": "64KiB"])
        let body = Array(#"{"title": "\#(String(repeating: "x", count: 2000))"}"#.utf8)
        let spool = harness.server.spool
        try await harness.test { (client) async throws in
            var accepted = 0
            for _ in 0..<500 {
                let response = try await client.post("/alerts", body)
                guard response.status == .accepted else {
                    #expect(response.status == .serviceUnavailable, "\(response.status)")
                    #expect(response.headers[.retryAfter] != nil)
                    break
                }
                accepted += 1
            }
            #expect(accepted > 0)
            #expect(accepted < 500, "64 KiB of spool never filled up")
            #expect(try await spool.list().count == accepted)
        }
    }
}
