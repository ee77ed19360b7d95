import Alert2JiraServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The server's resource bounds as a user sets them: `server.max_connections` and `server.spool_limit`
/// answer 503 (with `Retry-After`) past their limit, and what was accepted before stays accepted.
@Suite("Resource bounds")
struct ResourceBoundsTests {
    static let alert = #"{"title": "disk full", "severity": "critical"}"#

    @Test func connectionsPastTheLimitGet503AndTheSlotsComeBack() async throws {
        let harness = try await ServerHarness.make("rules: []", server: ["max_connections": "2", "header_timeout": "5s"])
        try await harness.live { (_, port) async throws in
            // Two kept-alive connections take both slots.
            var first: RawConnection? = try await RawConnection.open(port: port)
            let second = try await RawConnection.open(port: port)
            #expect(await first?.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n") == true)
            #expect(await second.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"))
            try await Task.sleep(for: .milliseconds(200))

            let third = try await RawConnection.open(port: port)
            #expect(await third.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"))
            let refused = await third.readUntilClosed()
            #expect(refused?.hasPrefix("HTTP/1.1 503") == true, "\(refused ?? "no answer")")
            #expect(refused?.contains("retry-after: 1") == true || refused?.contains("Retry-After: 1") == true)
            #expect(refused?.contains("server.max_connections is 2") == true)

            // A client closing its connection frees the slot.
            first = nil
            try await Task.sleep(for: .milliseconds(200))
            let fourth = try await RawConnection.open(port: port)
            #expect(await fourth.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
            let served = await fourth.readUntilClosed()
            #expect(served?.hasPrefix("HTTP/1.1 200") == true, "\(served ?? "no answer")")
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
            #expect(try spool.list().count == accepted)
        }
    }
}
