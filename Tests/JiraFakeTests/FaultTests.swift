import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JiraFake
import JiraSpec
import Testing

@Suite("Fault injection")
struct FaultTests {
    private func addFault(_ client: FakeClient, _ rule: SpecJSON) async throws -> Int {
        let reply = try await client.post("/_fake/faults", rule, as: Credentials.none)
        #expect(reply.status == 201, "\(reply.text)")
        return Int(reply.json["id"]?.numericValue ?? 0)
    }

    @Test("429 with Retry-After for the next K matching requests, then normal answers")
    func rateLimitNextK() async throws {
        try await Fixture.withFake(.cloud) { client, fake in
            _ = try await addFault(
                client,
                ["kind": "status", "status": 429, "retry_after": 7, "method": "POST", "path": "/rest/api/3/issue", "count": 2]
            )
            #expect(try await client.get("/rest/api/3/myself").status == 200)
            for _ in 0..<2 {
                let limited = try await client.post("/rest/api/3/issue", ["fields": .object(client.bugFields())])
                #expect(limited.status == 429)
                #expect(limited.header("Retry-After") == "7")
                #expect(limited.json["errorMessages"] == ["Rate limit exceeded."])
            }
            #expect(try await client.post("/rest/api/3/issue", ["fields": .object(client.bugFields())]).status == 201)
            // A rate-limited request changes nothing.
            #expect(await fake.issues().arrayValue?.count == 1)
            let faults = try await client.get("/_fake/faults", as: Credentials.none)
            #expect(faults.json["faults"]?[0]?["fired"] == 2)
            // An exhausted rule stops counting.
            #expect(faults.json["faults"]?[0]?["matched"] == 2)
        }
    }

    @Test("503 on every N-th request, with and without Retry-After; 500")
    func everyNth() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            _ = try await addFault(client, ["kind": "status", "status": 503, "every_n": 3, "path": "/rest/api/3/serverInfo"])
            var statuses: [Int] = []
            for _ in 0..<6 { statuses.append(try await client.get("/rest/api/3/serverInfo").status) }
            #expect(statuses == [200, 200, 503, 200, 200, 503])
            #expect(try await client.send(.delete, "/_fake/faults", as: Credentials.none).status == 204)

            _ = try await addFault(client, ["kind": "status", "status": 503, "retry_after": "120", "count": 1])
            let withRetry = try await client.get("/rest/api/3/serverInfo")
            #expect(withRetry.status == 503)
            #expect(withRetry.header("Retry-After") == "120")
            _ = try await addFault(client, ["kind": "status", "status": 503, "count": 1])
            let without = try await client.get("/rest/api/3/serverInfo")
            #expect(without.status == 503)
            #expect(without.header("Retry-After") == nil)
            _ = try await addFault(client, ["kind": "status", "status": 500, "count": 1, "body": ["message": "boom"]])
            let error = try await client.get("/rest/api/3/serverInfo")
            #expect(error.status == 500)
            #expect(error.json.canonical == #"{"message":"boom"}"#)
        }
    }

    @Test("Latency delays the answer")
    func latency() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            _ = try await addFault(client, ["kind": "latency", "latency_ms": 300, "path": "/rest/api/3/myself"])
            #expect(try await client.get("/rest/api/3/myself").status == 200)
            let log = try await client.get("/_fake/requests", as: Credentials.none)
            let entry = try #require(log.json["requests"]?.arrayValue?.last)
            #expect(entry["fault"] == "latency")
            #expect((entry["durationMs"]?.numericValue ?? 0) >= 300)
        }
    }

    @Test("Bad rules are refused with a reason")
    func badRules() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let unknown = try await client.post("/_fake/faults", ["kind": "explode"], as: Credentials.none)
            #expect(unknown.status == 400)
            #expect(unknown.json["error"]?.stringValue?.contains("unknown fault kind 'explode'") == true)
            let key = try await client.post("/_fake/faults", ["kind": "status", "statuss": 500], as: Credentials.none)
            #expect(key.json["error"]?.stringValue?.contains("unknown key 'statuss'") == true)
        }
    }

    @Test("Faults from the config are active from the start and after a reset")
    func configuredFaults() async throws {
        let standingFault: (inout FakeConfiguration) -> Void = { $0.faults = [FaultRule(kind: .status, status: 503, retryAfter: "1", count: 1)] }
        try await Fixture.withFake(.cloud, adjust: standingFault) { client, _ in
            let first = try await client.get("/rest/api/3/serverInfo")
            let second = try await client.get("/rest/api/3/serverInfo")
            let reset = try await client.post("/_fake/reset", [:], as: Credentials.none)
            let afterReset = try await client.get("/rest/api/3/serverInfo")
            #expect([first.status, second.status, reset.status, afterReset.status] == [Int]([503, 200, 204, 503]))
        }
    }

    @Test("Dropping the connection: the client gets no answer, nothing is created")
    func drop() async throws {
        let fake = JiraFake(configuration: try Fixture.configuration(.cloud))
        await fake.addFault(FaultRule(kind: .drop, method: "POST", pathPattern: "/rest/api/3/issue", count: 1))
        try await fake.makeApplication().test(.live) { live in
            let client = FakeClient(client: live, flavor: .cloud)
            await #expect(throws: (any Error).self) {
                _ = try await client.post("/rest/api/3/issue", ["fields": .object(client.bugFields())])
            }
        }
        #expect(await fake.issues().arrayValue?.isEmpty == true)
        let log = await fake.requestLog()
        #expect(log["requests"]?[0]?["status"] == .null)
        #expect(log["requests"]?[0]?["fault"] == "drop")
    }

    @Test("Dropping after commit: the issue exists, the client never hears of it")
    func dropAfterCommit() async throws {
        let fake = JiraFake(configuration: try Fixture.configuration(.cloud))
        await fake.addFault(FaultRule(kind: .dropAfterCommit, method: "POST", pathPattern: "/rest/api/3/issue", count: 1))
        try await fake.makeApplication().test(.live) { live in
            let client = FakeClient(client: live, flavor: .cloud)
            await #expect(throws: (any Error).self) {
                _ = try await client.post("/rest/api/3/issue", ["fields": .object(client.bugFields("the lost one"))])
            }
        }
        // A retry on a new connection succeeds and makes a second issue: the duplicate that dedup must prevent.
        try await fake.makeApplication().test(.live) { live in
            let client = FakeClient(client: live, flavor: .cloud)
            let retry = try await client.post("/rest/api/3/issue", ["fields": .object(client.bugFields("the lost one"))])
            #expect(retry.status == 201)
        }
        let issues = try #require(await fake.issues().arrayValue)
        #expect(issues.compactMap { $0["key"]?.stringValue } == ["OPS-1", "OPS-2"])
        let first = try #require(await fake.requestLog()["requests"]?[0])
        #expect(first["fault"] == "drop_after_commit")
        #expect(first["status"] == 201)
    }

    @Test("A reset fault ends the connection with a TCP reset")
    func reset() async throws {
        let fake = JiraFake(configuration: try Fixture.configuration(.cloud))
        await fake.addFault(FaultRule(kind: .reset, count: 1))
        try await fake.makeApplication().test(.live) { live in
            let client = FakeClient(client: live, flavor: .cloud)
            await #expect(throws: (any Error).self) {
                _ = try await client.get("/rest/api/3/serverInfo")
            }
        }
        try await fake.makeApplication().test(.live) { live in
            let client = FakeClient(client: live, flavor: .cloud)
            let next = try await client.get("/rest/api/3/serverInfo")
            #expect(next.status == 200)
        }
    }
}
