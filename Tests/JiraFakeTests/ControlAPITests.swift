import Foundation
import HTTPTypes
import JiraFake
import JiraSpec
import Testing

@Suite("Control API and request log")
struct ControlAPITests {
    @Test("The request log records method, path, query, status and bodies, without credentials")
    func requestLog() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            _ = try await client.createIssue(client.bugFields())
            _ = try await client.get("/rest/api/3/issue/createmeta/OPS/issuetypes?startAt=0&maxResults=10")
            _ = try await client.send(
                .post,
                "/oauth/token",
                as: Credentials.none,
                body: "grant_type=client_credentials&client_id=fake-client-id&client_secret=fake-client-secret",
                contentType: "application/x-www-form-urlencoded"
            )
            let log = try await client.get("/_fake/requests", as: Credentials.none)
            let entries = try #require(log.json["requests"]?.arrayValue)
            #expect(entries.count == 3)
            let create = entries[0]
            #expect(create["method"] == "POST")
            #expect(create["path"] == "/rest/api/3/issue")
            #expect(create["status"] == 201)
            #expect(create["requestHeaders"]?["authorization"] == "Basic ***")
            #expect(create["requestBody"]?["fields"]?["summary"] == "Disk full on db-1")
            #expect(create["responseBody"]?["key"] == "OPS-1")
            #expect(create["timestamp"]?.stringValue?.hasSuffix("+0000") == true)
            #expect(create["fault"] == .null)
            #expect(entries[1]["query"] == "startAt=0&maxResults=10")
            #expect(entries[2]["requestBody"] == "grant_type=client_credentials&client_id=fake-client-id&client_secret=***")
            #expect(entries[2]["responseBody"]?["access_token"] == "***")
            #expect(!log.text.contains("fake-api-token"))

            let after = try await client.get("/_fake/requests?after=2", as: Credentials.none)
            #expect(after.json["requests"]?.arrayValue?.count == 1)
            #expect(try await client.send(.delete, "/_fake/requests", as: Credentials.none).status == 204)
            // Control requests are not logged themselves.
            #expect(try await client.get("/_fake/requests", as: Credentials.none).json["requests"] == [])
        }
    }

    @Test("GET /_fake/issues shows fields, status, comments, links and history; reset empties the site")
    func issuesAndReset() async throws {
        try await Fixture.withFake(.datacenter) { client, _ in
            let key = try await client.createIssue(client.bugFields())
            _ = try await client.post("/rest/api/2/issue/\(key)/comment", ["body": "seen again"])
            _ = try await client.post("/rest/api/2/issue/\(key)/transitions", ["transition": ["id": "31"]])
            let issues = try await client.get("/_fake/issues", as: Credentials.none)
            let issue = try #require(issues.json["issues"]?[0])
            #expect(issue["key"] == .string(key))
            #expect(issue["status"]?["category"] == "done")
            #expect(issue["resolution"] == "Done")
            #expect(issue["fields"]?["customfield_10050"]?["value"] == "Production")
            #expect(issue["comments"]?[0]?["body"] == "seen again")
            #expect(issue["transitions"]?[0]?["name"] == "Done")
            #expect(issue["resolutiondate"]?.stringValue != nil)

            #expect(try await client.post("/_fake/reset", [:], as: Credentials.none).status == 204)
            #expect(try await client.get("/_fake/issues", as: Credentials.none).json["issues"] == [])
            #expect(try await client.createIssue(client.bugFields()) == "OPS-1")
            #expect(try await client.get("/_fake/nothing", as: Credentials.none).status == 404)
        }
    }

    @Test("Unknown routes and methods answer like Jira's REST layer")
    func unknownRoutes() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let missing = try await client.get("/rest/api/3/nothing")
            #expect(missing.status == 404)
            #expect(missing.json["status-code"] == 404)
            let method = try await client.send(.delete, "/rest/api/3/issue")
            #expect(method.status == 405)
            #expect(method.header("Allow") == "POST")
        }
    }

    @Test("The request log keeps the newest entries up to its limit")
    func logLimit() async throws {
        let smallLog: (inout FakeConfiguration) -> Void = { $0.requestLogLimit = 5 }
        try await Fixture.withFake(.cloud, adjust: smallLog) { client, _ in
            for _ in 0..<20 { _ = try await client.get("/rest/api/3/serverInfo") }
            let entries = try #require(try await client.get("/_fake/requests", as: Credentials.none).json["requests"]?.arrayValue)
            #expect((5...6).contains(entries.count))
            #expect(entries.last?["id"] == 20)
        }
    }
}
