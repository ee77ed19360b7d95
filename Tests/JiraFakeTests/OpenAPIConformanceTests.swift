import Foundation
import HTTPTypes
import JiraFake
import JiraSpec
import TestSupport
import Testing

/// Runs a realistic alert2jira-like session against the fake and checks every logged request and response
/// against Atlassian's OpenAPI specs with `openapi_check.py`.
@Suite("OpenAPI conformance", .childProcessesStopped)
struct OpenAPIConformanceTests {
    static let script = Fixture.repositoryRoot.appendingPathComponent("Tests/JiraFakeTests/openapi_check.py")

    @Test("Every request and response of a session matches the flavor's spec", arguments: JiraDeployment.allCases)
    func session(flavor: JiraDeployment) async throws {
        try await Fixture.withFake(flavor) { client, _ in
            try await Self.runSession(client)
            let log = try await client.get("/_fake/requests", as: Credentials.none)
            #expect((log.json["requests"]?.arrayValue?.count ?? 0) > 30)
            // Keeps the log for a look at what was checked: JIRA_FAKE_OPENAPI_DUMP=/tmp/dir swift test --filter OpenAPI
            if let directory = ProcessInfo.processInfo.environment["JIRA_FAKE_OPENAPI_DUMP"] {
                try Data(log.text.utf8).write(to: URL(fileURLWithPath: directory).appendingPathComponent("requests-\(flavor.rawValue).json"))
            }
            let (status, output) = try await Self.check(log.text, flavor: flavor)
            #expect(status == 0, "openapi_check.py --flavor \(flavor.rawValue) exited \(status):\n\(output)")
        }
    }

    @Test("The checker catches a response that breaks the spec")
    func catchesMismatch() async throws {
        let bad: SpecJSON = [
            "requests": [
                [
                    "id": 1, "method": "POST", "path": "/rest/api/3/issue", "query": "", "status": 201, "fault": nil,
                    "requestBody": ["fields": ["summary": "x"]], "responseBody": ["id": 10000, "key": "OPS-1", "extra": true],
                ]
            ]
        ]
        let (status, output) = try await Self.check(bad.jsonString, flavor: .cloud)
        #expect(status == 1, "\(output)")
        #expect(output.contains("#1 POST /rest/api/3/issue -> 201: response"), "\(output)")
    }

    /// What alert2jira does against a site: discover, check permissions and metadata, dedup-search, create,
    /// comment, transition, link; plus the errors it must cope with.
    static func runSession(_ client: FakeClient) async throws {
        let api = client.api
        let cloud = client.flavor == .cloud
        _ = try await client.get("\(api)/serverInfo", as: Credentials.none)
        if cloud {
            _ = try await client.get("/rest/api/2/serverInfo", as: Credentials.none)
            _ = try await client.get("/ex/jira/\(Fixture.cloudId)/rest/api/3/myself", as: .basic(Fixture.serviceEmail, "fake-scoped-token"))
        }
        _ = try await client.get("\(api)/myself")
        _ = try await client.get("\(api)/myself", as: .basic("nobody", "wrong"))
        _ = try await client.get("\(api)/mypermissions?projectKey=OPS&permissions=BROWSE_PROJECTS,CREATE_ISSUES,ADD_COMMENTS,TRANSITION_ISSUES")
        _ = try await client.get("\(api)/field")
        for project in ["OPS", "FINOPS"] {
            var startAt = 0
            repeat {
                let page = try await client.get("\(api)/issue/createmeta/\(project)/issuetypes?startAt=\(startAt)&maxResults=2")
                let types = page.json[cloud ? "issueTypes" : "values"]?.arrayValue ?? []
                for type in types {
                    guard let id = type["id"]?.stringValue else { continue }
                    _ = try await client.get("\(api)/issue/createmeta/\(project)/issuetypes/\(id)?startAt=0&maxResults=5")
                    _ = try await client.get("\(api)/issue/createmeta/\(project)/issuetypes/\(id)?startAt=5&maxResults=50")
                }
                startAt += types.count
                if types.isEmpty || startAt >= Int(page.json["total"]?.numericValue ?? 0) { break }
            } while true
        }
        _ = try await client.get("\(api)/issue/createmeta/NOPE/issuetypes")

        let dedup = #"project = OPS AND labels = "fp-1" AND statusCategory != Done ORDER BY created DESC"#
        _ = try await client.search(dedup, fields: ["summary", "status", "labels", "resolutiondate", "customfield_10050"])
        var bug = client.bugFields("Disk full on db-1", labels: ["fp-1", "alertname=DiskFull"])
        bug["description"] = client.description("db-1: / is 97% full")
        bug["priority"] = ["name": "High"]
        let key = try await client.createIssue(bug)
        _ = try await client.post("\(api)/issue", ["fields": ["project": ["key": "OPS"], "issuetype": ["name": "Bug"], "summary": "x"]])
        _ = try await client.post(
            "\(api)/issue/bulk",
            [
                "issueUpdates": [
                    ["fields": .object(client.taskFields("EC2 spend +120 USD", labels: ["finops"], fingerprint: "fp-9", cost: 120))],
                    ["fields": .object(client.taskFields("bad", labels: ["with space"]))],
                ]
            ]
        )
        _ = try await client.search(dedup, fields: ["summary", "status"])
        _ = try await client.search(#""Alert fingerprint" ~ "fp-9" AND resolution = Unresolved"#)
        if cloud {
            _ = try await client.get("/rest/api/3/search/jql?jql=project%20%3D%20OPS&fields=summary,status&maxResults=10")
            _ = try await client.post("/rest/api/3/search/jql", ["jql": "project = OPS"])
            _ = try await client.get("/rest/api/3/search?jql=project%20%3D%20OPS")
        } else {
            _ = try await client.get("/rest/api/2/search?jql=project%20%3D%20OPS&startAt=0&maxResults=10&fields=summary,status")
            _ = try await client.post("/rest/api/2/search", ["jql": "project = OPS", "startAt": 0, "maxResults": 10, "fields": ["*navigable"]])
        }
        _ = try await client.search("project = ")
        _ = try await client.get("\(api)/issue/\(key)")
        _ = try await client.get("\(api)/issue/\(key)?fields=summary,status,labels,resolutiondate")
        _ = try await client.get("\(api)/issue/NOPE-1")
        _ = try await client.send(
            .put,
            "\(api)/issue/\(key)",
            json: ["fields": ["summary": "Disk full on db-1 (again)"], "update": ["labels": [["add": "seen-twice"]]]]
        )
        _ = try await client.post("\(api)/issue/\(key)/comment", ["body": client.description("Fired again at 13:05 UTC")])
        _ = try await client.get("\(api)/issue/\(key)/comment")
        _ = try await client.get("\(api)/issue/\(key)/editmeta")
        _ = try await client.get("\(api)/resolution")
        _ = try await client.get("\(api)/issue/\(key)/transitions")
        _ = try await client.get("\(api)/issue/\(key)/transitions?expand=transitions.fields")
        _ = try await client.post("\(api)/issue/\(key)/transitions", ["transition": ["id": "51"]])
        _ = try await client.post("\(api)/issue/\(key)/transitions", ["transition": ["id": "51"], "fields": ["resolution": ["name": "Done"]]])
        _ = try await client.search("resolutiondate >= -24h", fields: ["resolutiondate", "status"])
        _ = try await client.post("\(api)/issue/\(key)/transitions", ["transition": ["id": "41"]])
        let other = try await client.createIssue(client.bugFields("Replica lag on db-2"))
        _ = try await client.post(
            "\(api)/issueLink",
            ["type": ["name": "Relates"], "inwardIssue": ["key": .string(key)], "outwardIssue": ["key": .string(other)]]
        )
        for title in ["Grafana panel", "Grafana panel (renamed)"] {
            _ = try await client.post(
                "\(api)/issue/\(key)/remotelink",
                ["globalId": "grafana-db-1", "object": ["url": "https://grafana.example.com/d/db", "title": .string(title)]]
            )
        }
        _ = try await client.get("\(api)/issue/\(key)?fields=issuelinks,comment")

        // What a person does to an alert issue, and what `report` reads back: statuses, changelogs, comments.
        _ = try await client.send(.put, "\(api)/issue/\(key)/assignee", json: cloud ? ["accountId": "5b10ac8d82e05b22cc7d4ef5"] : ["name": "ada"])
        _ = try await client.get("\(api)/status")
        _ = try await client.get("\(api)/issue/\(key)?expand=changelog")
        if cloud {
            _ = try await client.post("/rest/api/3/changelog/bulkfetch", ["issueIdsOrKeys": [.string(key), .string(other)], "maxResults": 2])
            _ = try await client.post("/rest/api/3/changelog/bulkfetch", ["issueIdsOrKeys": []])
            _ = try await client.get(
                "/rest/api/3/search/jql?jql=labels%20%3D%20fp-1&fields=summary,created,resolutiondate,status,comment&maxResults=100"
            )
        } else {
            _ = try await client.get(
                "/rest/api/2/search?jql=labels%20%3D%20fp-1&expand=changelog&fields=summary,created,resolutiondate,status,comment"
            )
        }
    }

    /// Runs the checker on a request log; its exit status and combined output.
    static func check(_ log: String, flavor: JiraDeployment) async throws -> (Int32, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("requests.json")
        try Data(log.utf8).write(to: input)
        let checker: ChildProcess
        do {
            checker = try ChildProcess.start(
                "/usr/bin/env",
                ["python3", script.path, "--flavor", flavor.rawValue],
                stdin: .file(input.path),
                stdout: .pipe,
                stderr: .stdout
            )
        } catch {
            throw SubprocessError("cannot run python3 (needed for the OpenAPI check, with jsonschema and referencing): \(error)")
        }
        let text = await checker.readToEnd()
        let status = await checker.waitForExit().status
        if status == 127 { throw SubprocessError("python3 is not installed: \(text)") }
        return (status, text)
    }
}
