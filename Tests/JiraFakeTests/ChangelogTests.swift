import Foundation
import HTTPTypes
import JiraFake
import JiraSpec
import Testing

/// Changelogs as Jira keeps them, and the control endpoints that let a test build a history: the clock, and acting
/// as a person.
@Suite("Changelogs, the clock and acting as a user")
struct ChangelogTests {
    @Test("A set clock stamps issues, comments and changes; DELETE gives the real clock back")
    func clock() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let set = try await client.post("/_fake/clock", ["now": "2026-11-02T09:00:00Z"], as: Credentials.none)
            #expect(set.json["now"] == "2026-11-02T09:00:00.000+0000")
            let key = try await client.createIssue(client.bugFields())
            let moved = try await client.post("/_fake/clock", ["advance_seconds": 600], as: Credentials.none)
            #expect(moved.json["now"] == "2026-11-02T09:10:00.000+0000")
            _ = try await client.post("/rest/api/3/issue/\(key)/transitions", ["transition": ["id": "21"]])
            let issue = try await client.get("/rest/api/3/issue/\(key)?expand=changelog&fields=created")
            #expect(issue.json["fields"]?["created"] == "2026-11-02T09:00:00.000+0000")
            #expect(issue.json["changelog"]?["histories"]?[0]?["created"] == "2026-11-02T09:10:00.000+0000")
            #expect(try await client.send(.delete, "/_fake/clock", as: Credentials.none).status == 200)
            let now = try await client.get("/_fake/clock", as: Credentials.none)
            #expect(now.json["now"]?.stringValue?.hasPrefix("2026-11-02T09:10") == false)
            let bad = try await client.post("/_fake/clock", ["now": "yesterday"], as: Credentials.none)
            #expect(bad.status == 400)
            #expect(bad.json["error"] == "now: yesterday is not an RFC 3339 time")
        }
    }

    @Test("Acting as a person needs no credentials and records that person as the author", arguments: JiraDeployment.allCases)
    func actingAs(flavor: JiraDeployment) async throws {
        try await Fixture.withFake(flavor) { client, _ in
            let api = client.api
            let key = try await client.createIssue(client.bugFields())
            let assignee: SpecJSON = flavor == .cloud ? ["accountId": "5b10ac8d82e05b22cc7d4ef5"] : ["name": "ada"]
            let assigned = try await client.send(.put, "/_fake/as/ada\(api)/issue/\(key)/assignee", as: Credentials.none, json: assignee)
            #expect(assigned.status == 204)
            let moved = try await client.post("/_fake/as/ada\(api)/issue/\(key)/transitions", ["transition": ["id": "21"]], as: Credentials.none)
            #expect(moved.status == 204)
            let issue = try await client.get("\(api)/issue/\(key)?expand=changelog&fields=assignee")
            let histories = issue.json["changelog"]?["histories"]?.arrayValue ?? []
            #expect(histories.count == 2)
            let author = flavor == .cloud ? histories.first?["author"]?["accountId"] : histories.first?["author"]?["name"]
            #expect(author == (flavor == .cloud ? "5b10ac8d82e05b22cc7d4ef5" : "ada"))
            #expect(histories.first?["items"]?[0]?["field"] == "assignee")
            #expect(histories.first?["items"]?[0]?["to"] == (flavor == .cloud ? "5b10ac8d82e05b22cc7d4ef5" : "ada"))
            #expect(histories.first?["items"]?[0]?["toString"] == "Ada Lovelace")
            #expect(histories.first?["items"]?[0]?["from"] == nil)
            #expect(histories.last?["items"]?[0]?["field"] == "status")
            #expect(histories.last?["items"]?[0]?["fromString"] == "To Do")
            #expect(issue.json["fields"]?["assignee"]?["displayName"] == "Ada Lovelace")
            // Ada's own permissions still hold: she may not create in FINOPS.
            let refused = try await client.post(
                "/_fake/as/ada\(api)/issue",
                ["fields": .object(client.taskFields("not hers"))],
                as: Credentials.none
            )
            #expect(refused.status == 400 || refused.status == 403)
            let nobody = try await client.get("/_fake/as/mallory\(api)/myself", as: Credentials.none)
            #expect(nobody.status == 404)
        }
    }

    @Test("Bulk fetch pages changelog entries across issues and leaves out what the caller cannot see")
    func bulkFetch() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            var keys: [String] = []
            for summary in ["one", "two"] {
                let key = try await client.createIssue(client.bugFields(summary))
                _ = try await client.post("/rest/api/3/issue/\(key)/transitions", ["transition": ["id": "21"]])
                _ = try await client.send(
                    .put,
                    "/rest/api/3/issue/\(key)",
                    json: ["fields": ["summary": .string(summary + " (renamed)")]]
                )
                keys.append(key)
            }
            let first = try await client.post(
                "/rest/api/3/changelog/bulkfetch",
                ["issueIdsOrKeys": .array(keys.map(SpecJSON.string)), "maxResults": 3]
            )
            #expect(first.status == 200)
            let logs = first.json["issueChangeLogs"]?.arrayValue ?? []
            #expect(logs.map { $0["changeHistories"]?.arrayValue?.count ?? 0 } == [2, 1])
            #expect(logs.first?["changeHistories"]?[1]?["items"]?[0]?["fieldId"] == "summary")
            #expect(logs.first?["changeHistories"]?[1]?["items"]?[0]?["toString"] == "one (renamed)")
            let token = try #require(first.json["nextPageToken"]?.stringValue)
            let second = try await client.post(
                "/rest/api/3/changelog/bulkfetch",
                ["issueIdsOrKeys": .array(keys.map(SpecJSON.string)), "maxResults": 3, "nextPageToken": .string(token)]
            )
            #expect(second.json["issueChangeLogs"]?.arrayValue?.count == 1)
            #expect(second.json["nextPageToken"] == nil)
            let empty = try await client.post("/rest/api/3/changelog/bulkfetch", ["issueIdsOrKeys": []])
            #expect(empty.status == 400)
            // The viewer may browse OPS only: a FINOPS issue's changelog is left out for them.
            let task = try await client.createIssue(client.taskFields("spend"))
            _ = try await client.post("/rest/api/3/issue/\(task)/transitions", ["transition": ["id": "21"]])
            let hidden = try await client.post(
                "/rest/api/3/changelog/bulkfetch",
                ["issueIdsOrKeys": [.string(task), .string(keys[0])]],
                as: .basic("viewer@example.com", "viewer-token")
            )
            #expect(hidden.json["issueChangeLogs"]?.arrayValue?.map { $0["issueId"] } == [first.json["issueChangeLogs"]?[0]?["issueId"]])
        }
    }
}
