import Alert2JiraServer
import AlertSpool
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// Read timeouts: a slow client cannot hold a connection, whether it dawdles over its headers or
/// trickles its body.
@Suite("Slow clients")
struct SlowClientTests {
    @Test func headersThatNeverFinishGet408AndTheConnectionIsClosed() async throws {
        let harness = try await ServerHarness.make("rules: []", server: ["header_timeout": "300ms"])
        try await harness.live { (_, port) async throws in
            let connection = try await RawConnection.open(port: port)
            #expect(await connection.send("POST /alerts HTTP/1.1\r\nHost: localhost\r\nContent-Type: appl"))
            let answer = await connection.readUntilClosed()
            #expect(answer?.hasPrefix("HTTP/1.1 408 Request Timeout") == true, "\(answer ?? "the connection stayed open")")
        }
    }

    @Test func aBodyTrickledPastTheBodyTimeoutIsCutOffAndNothingIsSpooled() async throws {
        let harness = try await ServerHarness.make("rules: []", server: ["body_timeout": "500ms"])
        try await harness.live { (_, port) async throws in
            let connection = try await RawConnection.open(port: port)
            // Thirty seconds of trickling against a half-second deadline: cut off however busy the machine.
            let body = "{\"title\": \"" + String(repeating: "x", count: 288) + "\"}"
            #expect(
                await connection.send(
                    "POST /alerts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
                )
            )
            // One byte every 100 ms keeps Hummingbird's idle timer happy, but not the body deadline.
            var sent = 0
            for character in body {
                guard await connection.send(String(character)) else { break }
                sent += 1
                try await Task.sleep(for: .milliseconds(100))
            }
            let answer = await connection.readUntilClosed()
            #expect(answer != nil, "the connection stayed open")
            #expect(sent < body.utf8.count, "the whole body went through")
            #expect(try await harness.server.spool.list().isEmpty)
        }
    }

    @Test func aChunkedBodyOverTheLimitIs413() async throws {
        let harness = try await ServerHarness.make("rules: []", server: ["body_limit": "1KiB"])
        try await harness.live { (_, port) async throws in
            let connection = try await RawConnection.open(port: port)
            let chunk = String(repeating: "x", count: 800)
            let request =
                "POST /alerts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "320\r\n\(chunk)\r\n320\r\n\(chunk)\r\n0\r\n\r\n"
            #expect(await connection.send(request))
            let answer = await connection.readUntilClosed()
            #expect(answer?.hasPrefix("HTTP/1.1 413") == true, "\(answer ?? "no answer")")
        }
    }

    @Test func aPromptClientIsServedOnAKeptAliveConnection() async throws {
        let harness = try await ServerHarness.make("rules: []", server: ["header_timeout": "2s"])
        try await harness.live { (client, _) async throws in
            for index in 0..<3 {
                #expect(try await client.post("/alerts", "{\"title\": \"prompt \(index)\"}").status == .accepted)
            }
            #expect(try await harness.server.spool.list().count == 3)
        }
    }
}
