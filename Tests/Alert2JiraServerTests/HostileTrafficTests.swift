import Alert2JiraServer
import AlertSpool
import Foundation
import HTTPTypes
import HummingbirdTesting
import JSON
import NIOCore
import TestSupport
import Testing

/// What an exposed server meets besides well-behaved senders: strangers with large bodies, floods of
/// bodies, requests of a thousand tiny documents, invented paths, compressed bodies and compression
/// bombs, old HTTP versions and other methods. Each is refused with a clear answer and the server stays up.
@Suite("Hostile traffic")
struct HostileTrafficTests {
    static let bearerSource = """
        rules: []
        sources:
          alertmanager:
            bearer_token: am-token
        """

    /// A generic alert of exactly `size` bytes.
    static func alert(_ title: String, size: Int) -> String {
        let frame = #"{"title": "\#(title)", "description": ""}"#
        let padding = String(repeating: "x", count: max(0, size - frame.utf8.count))
        return #"{"title": "\#(title)", "description": "\#(padding)"}"#
    }

    /// The head of a POST that announces `length` bytes of JSON.
    static func head(_ path: String, length: Int, extra: String = "") -> String {
        "POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: \(length)\r\n\(extra)\r\n"
    }

    @Test func aStrangersBodyIsDroppedAsItComesAndHoldsNoMemory() async throws {
        // The budget holds one full-size body: had the stranger's been kept, the sender's would not fit.
        let harness = try await ServerHarness.make(Self.bearerSource, server: ["body_limit": "1MiB", "body_memory": "1MiB"])
        try await harness.live { (client, port) async throws in
            let stranger = try await RawConnection.open(port: port)
            let body = Self.alert("stranger", size: 1 << 20)
            let sent = body.utf8.count * 7 / 8
            #expect(await stranger.send(Self.head("/alerts", length: body.utf8.count) + body.prefix(sent)))
            #expect(await eventually { stranger.serverHasRead(serverPort: port) }, "the server stopped reading the stranger's body")

            let response = try await client.post("/alerts", Self.alert("sender", size: 700 << 10), headers: [.authorization: "Bearer am-token"])
            #expect(response.status == .accepted, "\(response.status) \(response.text)")

            #expect(await stranger.send(body.dropFirst(sent)))
            let refused = await stranger.readResponse()
            #expect(refused?.hasPrefix("HTTP/1.1 401") == true, "\(refused ?? "no answer")")
            #expect(try await harness.server.spool.list().map(\.source) == ["alertmanager"])
            #expect(
                harness.logs.captured.contains {
                    $0.contains("refused a request without valid credentials") && $0.contains("peer=") && $0.contains("path=/alerts")
                }
            )
        }
    }

    @Test func aRequestRefusedOnItsHeadIsAnsweredBeforeItsBody() async throws {
        let harness = try await ServerHarness.make(Self.bearerSource)
        try await harness.live { (_, port) async throws in
            let connection = try await RawConnection.open(port: port)
            let body = Self.alert("unauthenticated", size: 1 << 20)
            #expect(await connection.send(Self.head("/alerts", length: body.utf8.count)))
            let unauthorized = await connection.readResponse()
            #expect(unauthorized?.hasPrefix("HTTP/1.1 401") == true, "\(unauthorized ?? "no answer before the body")")
            // The body the client sends anyway is dropped, and the connection serves the next request.
            let next = #"{"title": "next"}"#
            #expect(await connection.send(body))
            #expect(await connection.send(Self.head("/alerts", length: next.utf8.count, extra: "Authorization: Bearer am-token\r\n") + next))
            let accepted = await connection.readResponse()
            #expect(accepted?.hasPrefix("HTTP/1.1 202") == true, "\(accepted ?? "no answer")")

            let large = try await RawConnection.open(port: port)
            #expect(await large.send(Self.head("/alerts", length: 2 << 20, extra: "Authorization: Bearer am-token\r\n")))
            let tooLarge = await large.readResponse()
            #expect(tooLarge?.hasPrefix("HTTP/1.1 413") == true, "\(tooLarge ?? "no answer before the body")")
            #expect(tooLarge?.contains("server.body_limit") == true)
            #expect(try await harness.server.spool.list().map(\.title) == ["next"])
        }
    }

    @Test func bodiesPastTheMemoryBudgetGet503AndTheBudgetComesBack() async throws {
        let harness = try await ServerHarness.make("rules: []", server: ["body_limit": "1MiB", "body_memory": "1MiB"])
        try await harness.live { (client, port) async throws in
            let holder = try await RawConnection.open(port: port)
            let held = Self.alert("held", size: 1 << 20)
            let sent = held.utf8.count * 3 / 4
            #expect(await holder.send(Self.head("/alerts", length: held.utf8.count) + held.prefix(sent)))
            #expect(await eventually { holder.serverHasRead(serverPort: port) })

            let busy = try await client.post("/alerts", Self.alert("crowded out", size: 400 << 10))
            #expect(busy.status == .serviceUnavailable, "\(busy.status)")
            #expect(busy.headers[.retryAfter] == "1")
            #expect(busy.json["error"]?.stringValue?.contains("server.body_memory") == true, "\(busy.text)")

            #expect(await holder.send(held.dropFirst(sent)))
            let finished = await holder.readResponse()
            #expect(finished?.hasPrefix("HTTP/1.1 202") == true, "\(finished ?? "no answer")")
            // Once answered, the held body's bytes are back in the budget.
            #expect(try await client.post("/alerts", Self.alert("after", size: 400 << 10)).status == .accepted)
            #expect(Set(try await harness.server.spool.list().map(\.title)) == ["held", "after"])
        }
    }

    @Test func aRequestHoldsAtMostMaxDocumentsAndItsAnswerStaysSmall() async throws {
        let small = try await ServerHarness.make("rules: []", server: ["max_documents": "3"])
        try await small.test { (client) async throws in
            let four = (0..<4).map { #"{"title": "tiny \#($0)"}"# }.joined(separator: "\n")
            let refused = try await client.post("/alerts", four)
            #expect(refused.status == .contentTooLarge)
            #expect(refused.json["error"]?.stringValue?.contains("more than 3 documents (server.max_documents)") == true, "\(refused.text)")
            #expect(try await small.server.spool.list().isEmpty)
            let three = (0..<3).map { #"{"title": "tiny \#($0)"}"# }.joined(separator: "\n")
            #expect(try await client.post("/alerts", three).status == .accepted)
        }
        let large = try await ServerHarness.make("rules: []")
        try await large.test { (client) async throws in
            let many = (0..<150).map { #"{"title": "tiny \#($0)"}"# }.joined(separator: "\n")
            let response = try await client.post("/alerts", many)
            #expect(response.status == .accepted)
            #expect(response.json["accepted"] == 150)
            #expect(response.json["ids"]?.arrayValue?.count == 100)
            #expect(response.json["ids_omitted"] == 50)
            #expect(try await large.server.spool.list(state: nil, limit: 1000).count == 150)
        }
    }

    @Test func inventedPathsShareOneMetricLabel() async throws {
        let harness = try await ServerHarness.make("rules: []")
        try await harness.test { (client) async throws in
            for index in 0..<20 {
                #expect(try await client.post("/alerts/invented-\(index)", #"{"title": "x"}"#).status == .notFound)
            }
            let metrics = try await client.get("/metrics").text
            #expect(!metrics.contains("invented-"), "a path segment became a label value")
            #expect(metrics.contains(#"alert2jira_alerts_received_total{format="unknown",result="unknown_format"} 20"#), "\(metrics)")
        }
    }

    @Test func compressedBodiesAreReadAndBombsAreRefused() async throws {
        let harness = try await ServerHarness.make("rules: []")
        try await harness.test { (client) async throws in
            for encoding in ["gzip", "deflate"] {
                let body = try Self.compress(Array(#"{"title": "compressed with \#(encoding)"}"#.utf8), encoding: encoding)
                let response = try await client.post("/alerts", body, headers: [.contentEncoding: encoding])
                #expect(response.status == .accepted, "\(encoding): \(response.text)")
            }
            #expect(Set(try await harness.server.spool.list().map(\.title)) == ["compressed with gzip", "compressed with deflate"])

            // 4 MiB of one byte compresses to a few KiB: the 1 MiB limit holds for what it expands to.
            let bomb = try Self.compress(Array(Self.alert("bomb", size: 4 << 20).utf8), encoding: "gzip")
            #expect(bomb.count < 16 << 10)
            let exploded = try await client.post("/alerts", bomb, headers: [.contentEncoding: "gzip"])
            #expect(exploded.status == .contentTooLarge, "\(exploded.text)")

            let corrupt = try await client.post("/alerts", #"{"title": "not gzip"}"#, headers: [.contentEncoding: "gzip"])
            #expect(corrupt.status == .badRequest)
            #expect(corrupt.json["error"]?.stringValue?.contains("Content-Encoding") == true, "\(corrupt.text)")

            let brotli = try await client.post("/alerts", #"{"title": "x"}"#, headers: [.contentEncoding: "br"])
            #expect(brotli.status == .unsupportedMediaType)
            #expect(brotli.json["error"]?.stringValue?.contains("\"br\"") == true, "\(brotli.text)")
            #expect(try await harness.server.spool.list().count == 2)
        }
    }

    @Test func otherMethodsGet405WithTheMethodsThePathTakes() async throws {
        let harness = try await ServerHarness.make("rules: []")
        try await harness.test { (client) async throws in
            for path in ["/alerts", "/alerts/alertmanager", "/alerts/src/am"] {
                for method: HTTPRequest.Method in [.get, .put, .delete] {
                    let response = try await client.execute(uri: path, method: method)
                    #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                    #expect(response.headers[.allow] == "POST")
                }
                let options = try await client.execute(uri: path, method: .options)
                #expect(options.status == .noContent)
                #expect(options.headers[.allow] == "POST")
            }
            let post = try await client.post("/healthz", "{}")
            #expect(post.status == .methodNotAllowed)
            #expect(post.headers[.allow] == "GET, HEAD")
            for path in ["/healthz", "/readyz", "/metrics"] {
                let get = try await client.get(path)
                let head = try await client.execute(uri: path, method: .head)
                #expect(head.status == get.status, "HEAD \(path)")
                #expect(head.body.readableBytes == 0)
            }
        }
    }

    @Test func http10IsAnsweredAs10AndClosed() async throws {
        let harness = try await ServerHarness.make("rules: []")
        try await harness.live { (_, port) async throws in
            let old = try await RawConnection.open(port: port)
            #expect(await old.send("GET /healthz HTTP/1.0\r\n\r\n"))
            let answer = await old.readUntilClosed()
            #expect(answer?.hasPrefix("HTTP/1.0 200") == true, "\(answer ?? "the connection stayed open")")

            let post = try await RawConnection.open(port: port)
            let body = #"{"title": "from an HTTP/1.0 client"}"#
            #expect(await post.send("POST /alerts HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"))
            let accepted = await post.readUntilClosed()
            #expect(accepted?.hasPrefix("HTTP/1.0 202") == true, "\(accepted ?? "the connection stayed open")")
            #expect(try await harness.server.spool.list().map(\.title) == ["from an HTTP/1.0 client"])
        }
    }

    @Test func readyzSaysWhetherNotWhy() async throws {
        let port = try freeLoopbackPort()
        let config = """
            connections:
              jira: { url: "http://127.0.0.1:\(port)", auth: { email: bot@example.com, api_token: secret-token } }
            rules: []
            """
        let harness = try await ServerHarness.make(config)
        try await harness.test { (client) async throws in
            #expect(try await eventually { try await client.get("/readyz").status == .serviceUnavailable })
            let readiness = try await client.get("/readyz").text
            #expect(!readiness.contains("127.0.0.1"), "\(readiness)")
            #expect(!readiness.contains("\(port)"), "\(readiness)")
            #expect(readiness.contains("the log says why"))
            let why = harness.logs.captured.first { $0.contains("Jira connection is failing") }
            #expect(why?.contains("connection=jira") == true && why?.contains("error=") == true, "the log never said why: \(why ?? "")")
        }
    }

    @Test func aFloodOfRefusedRequestsLogsOneLine() async throws {
        let harness = try await ServerHarness.make(Self.bearerSource)
        try await harness.test { (client) async throws in
            for _ in 0..<50 {
                #expect(try await client.post("/alerts", #"{"title": "x"}"#).status == .unauthorized)
            }
            let lines = harness.logs.captured.filter { $0.contains("refused a request without valid credentials") }
            // One line per 10 s: a slow machine might cross into a second interval, never into fifty.
            #expect((1...2).contains(lines.count), "\(lines.count) lines")
            #expect(lines.first?.contains("source=-") == true, "\(lines)")
        }
    }

    @Test func theDataDirectoryIsClosedToOtherUsers() async throws {
        let directory = try TemporaryDirectory()
        let data = directory.path + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let harness = try await ServerHarness.make("rules: []", directory: directory)
        try await harness.test { (client) async throws in
            #expect(try await client.post("/alerts", #"{"title": "private"}"#).status == .accepted)
            let modes = try FileManager.default.contentsOfDirectory(atPath: data).filter { $0.hasPrefix("spool") }.map { name in
                (name, try FileManager.default.attributesOfItem(atPath: data + "/" + name)[.posixPermissions] as? Int)
            }
            #expect(!modes.isEmpty)
            for (name, mode) in modes {
                #expect(mode == 0o600, "\(name) has mode \(String(mode ?? 0, radix: 8))")
            }
            #expect(try FileManager.default.attributesOfItem(atPath: data)[.posixPermissions] as? Int == 0o700)
            #expect(harness.logs.captured.contains { $0.contains("was open to other users (mode 755); it is now 0700") })
        }
    }

    /// `bytes` compressed by Python's zlib, apart from the product's inflate: `gzip`, or `deflate` (zlib's format).
    static func compress(_ bytes: [UInt8], encoding: String) throws -> [UInt8] {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let input = directory.path + "/input"
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        let bits = encoding == "gzip" ? 31 : 15
        process.arguments = [
            "-c",
            "import sys, zlib; c = zlib.compressobj(9, zlib.DEFLATED, \(bits)); "
                + "sys.stdout.buffer.write(c.compress(open(sys.argv[1], 'rb').read()) + c.flush())",
            input,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let compressed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ChildProcessError("python3 could not compress the body") }
        return Array(compressed)
    }
}
