import Foundation
import HTTPTypes
import JiraFake
import JiraSpec
import Testing

@Suite("Search and JQL")
struct SearchTests {
    /// OPS-1 (Production, labels fp-1 team-a), OPS-2 (Staging, fp-2), FINOPS-1 (fingerprint abc123, cost 120), FINOPS-2 (cost 5).
    private func seed(_ client: FakeClient) async throws {
        _ = try await client.createIssue(client.bugFields("Disk full on db-1", labels: ["fp-1", "team-a"]))
        var staging = client.bugFields("Pod crash looping", labels: ["fp-2"])
        staging["customfield_10050"] = ["value": "Staging"]
        _ = try await client.createIssue(staging)
        _ = try await client.createIssue(client.taskFields("EC2 cost anomaly: +120 USD", labels: ["finops"], fingerprint: "abc123", cost: 120))
        _ = try await client.createIssue(client.taskFields("S3 budget at 80%", labels: ["finops", "budget"], cost: 5))
    }

    @Test("Dedup-style queries", arguments: JiraDeployment.allCases)
    func forms(flavor: JiraDeployment) async throws {
        try await Fixture.withFake(flavor) { client, _ in
            try await seed(client)
            let cases: [(String, [String])] = [
                ("project = OPS", ["OPS-2", "OPS-1"]),
                ("project = ops ORDER BY created ASC", ["OPS-1", "OPS-2"]),
                (#"labels = "fp-1""#, ["OPS-1"]),
                (#"labels in ("fp-2", "budget")"#, ["FINOPS-2", "OPS-2"]),
                (#"labels not in ("finops")"#, ["OPS-2", "OPS-1"]),
                (#""Alert fingerprint" ~ "abc123""#, ["FINOPS-1"]),
                (#"summary ~ "cost anomaly""#, ["FINOPS-1"]),
                (#"summary ~ "crash*""#, ["OPS-2"]),
                (#"cf[10050] = "Production""#, ["OPS-1"]),
                (#"customfield_10050 = Staging"#, ["OPS-2"]),
                (#"Environment = 10100"#, ["OPS-1"]),
                ("\"Cost impact\" > 100", ["FINOPS-1"]),
                ("statusCategory != Done", ["FINOPS-2", "FINOPS-1", "OPS-2", "OPS-1"]),
                ("statusCategory = Done", []),
                (#"project = OPS AND (labels = "fp-1" OR labels = "fp-2") ORDER BY created DESC"#, ["OPS-2", "OPS-1"]),
                (#"project = FINOPS OR labels = team-a ORDER BY key ASC"#, ["FINOPS-1", "FINOPS-2", "OPS-1"]),
                (#"NOT project = OPS AND labels is EMPTY"#, []),
                (#"key = OPS-1 OR issuekey in (FINOPS-2)"#, ["FINOPS-2", "OPS-1"]),
                (#"issuetype = Bug AND priority = Medium AND reporter = currentUser()"#, ["OPS-2", "OPS-1"]),
                (#"status = "To Do" AND resolution is EMPTY AND resolution = Unresolved"#, ["FINOPS-2", "FINOPS-1", "OPS-2", "OPS-1"]),
                (#"text ~ "db-1""#, ["OPS-1"]),
            ]
            for (jql, expected) in cases {
                #expect(try await client.searchKeys(jql) == expected, "\(jql)")
            }
        }
    }

    @Test("Resolution dates: relative periods and absolute dates")
    func resolutionDates() async throws {
        let clock = TestClock()
        try await Fixture.withFake(.cloud, clock: clock) { client, _ in
            let key = try await client.createIssue(client.bugFields())
            _ = try await client.createIssue(client.bugFields("still open"))
            #expect(try await client.post("/rest/api/3/issue/\(key)/transitions", ["transition": ["id": "31"]]).status == 204)
            let resolved = clock.now
            clock.advance(2 * 3600)
            #expect(try await client.searchKeys("resolutiondate >= -24h") == [key])
            #expect(try await client.searchKeys("resolutiondate >= -30m") == [])
            #expect(try await client.searchKeys(#"resolved >= "-7d" AND statusCategory = Done"#) == [key])
            let format = { (date: Date, offset: TimeInterval) -> String in
                let parts = JiraFormat.minutes(date.addingTimeInterval(offset))
                return "\"\(parts)\""
            }
            #expect(try await client.searchKeys("resolutiondate >= \(format(resolved, -60))") == [key])
            #expect(try await client.searchKeys("resolutiondate >= \(format(resolved, 120))") == [])
            #expect(try await client.searchKeys(#"resolutiondate >= "2020/01/01""#) == [key])
            let bad = try await client.search(#"resolutiondate >= "yesterday""#)
            #expect(bad.status == 400)
            #expect(bad.json["errorMessages"]?[0]?.stringValue?.hasPrefix("Date value 'yesterday' for field 'resolutiondate' is invalid.") == true)
        }
    }

    @Test("A quoted string is data: escapes and injection attempts stay inside the value")
    func injection() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            try await seed(client)
            #expect(try await client.searchKeys(#"labels = "fp-1\" OR project = FINOPS OR labels = \"x""#) == [])
            #expect(try await client.searchKeys(#"summary ~ "\") OR project = OPS OR (summary ~ \"""#).isEmpty)
            #expect(try await client.searchKeys(#"project = OPS AND labels = 'fp-1'"#) == ["OPS-1"])
            let key = try await client.createIssue(client.taskFields(#"Quote " and backslash \ in summary"#, labels: [#"we"ird\"#]))
            #expect(try await client.searchKeys(#"labels = "we\"ird\\""#) == [key])
        }
    }

    @Test("Syntax and semantic errors answer 400 with Jira's messages")
    func errors() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            try await seed(client)
            let cases: [(String, String)] = [
                ("project = ", "Error in the JQL Query: Expecting either a value, list or function before the end of the query."),
                (
                    "project OPS",
                    "Error in the JQL Query: Expecting operator but got 'OPS'. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. (line 1, character 9)"
                ),
                (#"labels = "open"#, "Error in the JQL Query: The quoted string 'open' has not been completed. (line 1, character 10)"),
                ("(project = OPS", "Error in the JQL Query: Expecting ')' before the end of the query."),
                ("project = OPS labels = x", "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'labels'. (line 1, character 15)"),
                (
                    "labels = end",
                    "Error in the JQL Query: Expecting either a value, list or function but got 'end'. You must surround 'end' in quotation marks to use it as a value. (line 1, character 10)"
                ),
                (
                    "labels = a.b",
                    "Error in the JQL Query: The character '.' is a reserved JQL character. You must enclose it in a string or use the escape '\\u002e' instead. (line 1, character 11)"
                ),
                ("project = NOPE", "The value 'NOPE' does not exist for the field 'project'."),
                ("nosuchfield = x", "Field 'nosuchfield' does not exist or you do not have permission to view it."),
                ("summary = x", "The operator '=' is not supported by the 'summary' field."),
                ("Environment = Dev", "The option 'Dev' for field 'Environment' does not exist."),
                ("statusCategory = Finished", "The value 'Finished' does not exist for the field 'statusCategory'."),
            ]
            for (jql, message) in cases {
                let reply = try await client.search(jql)
                #expect(reply.status == 400, "\(jql)")
                #expect(reply.json["errorMessages"] == [.string(message)], "\(jql)")
                #expect(reply.json["errors"] == [:], "\(jql)")
            }
        }
    }

    @Test("Cloud search/jql: fields default to ids, token pagination, GET and POST, bounded queries")
    func cloudSearch() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            try await seed(client)
            let ids = try await client.post("/rest/api/3/search/jql", ["jql": "project = FINOPS"])
            #expect(ids.json.canonical == #"{"isLast":true,"issues":[{"id":"10003"},{"id":"10002"}]}"#)

            var keys: [String] = []
            var token: String?
            repeat {
                var body: SpecObject = ["jql": "project in (OPS, FINOPS) ORDER BY key ASC", "maxResults": 3, "fields": ["status", "resolutiondate"]]
                if let token { body["nextPageToken"] = .string(token) }
                let page = try await client.post("/rest/api/3/search/jql", .object(body))
                let issues = page.json["issues"]?.arrayValue ?? []
                keys += issues.compactMap { $0["key"]?.stringValue }
                #expect(issues.first?["fields"]?["status"]?["statusCategory"]?["key"] == "new")
                #expect(issues.first?["fields"]?["resolutiondate"] == .null)
                token = page.json["nextPageToken"]?.stringValue
                #expect(page.json["isLast"] == .bool(token == nil))
            } while token != nil
            #expect(keys == ["FINOPS-1", "FINOPS-2", "OPS-1", "OPS-2"])

            let get = try await client.get("/rest/api/3/search/jql?jql=labels%20%3D%20fp-1&fields=summary,labels")
            #expect(get.json["issues"]?[0]?["fields"]?.canonical == #"{"labels":["fp-1","team-a"],"summary":"Disk full on db-1"}"#)

            let unbounded = try await client.post("/rest/api/3/search/jql", ["jql": "ORDER BY created DESC"])
            #expect(unbounded.status == 400)
            #expect(unbounded.json["errorMessages"] == ["Unbounded JQL queries are not allowed here. Please add a search restriction to your query."])
            let startAt = try await client.post("/rest/api/3/search/jql", ["jql": "project = OPS", "startAt": 0])
            #expect(startAt.status == 400)
        }
    }

    @Test("The old Cloud search answers 410 Gone")
    func oldCloudSearch() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            for reply in [
                try await client.get("/rest/api/3/search?jql=project%20%3D%20OPS"),
                try await client.post("/rest/api/3/search", ["jql": "project = OPS"]),
                try await client.get("/rest/api/2/search?jql=project%20%3D%20OPS"),
            ] {
                #expect(reply.status == 410)
                #expect(
                    reply.json.canonical
                        == #"{"errorMessages":["The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"],"errors":{}}"#
                )
            }
        }
    }

    @Test("Data Center search: startAt, maxResults, total; navigable fields by default")
    func dataCenterSearch() async throws {
        try await Fixture.withFake(.datacenter) { client, _ in
            try await seed(client)
            let page = try await client.get("/rest/api/2/search?jql=project%20in%20(OPS,FINOPS)%20ORDER%20BY%20key%20ASC&startAt=1&maxResults=2")
            #expect(page.status == 200)
            #expect(page.json["startAt"] == 1)
            #expect(page.json["maxResults"] == 2)
            #expect(page.json["total"] == 4)
            #expect(page.json["issues"]?.arrayValue?.compactMap { $0["key"]?.stringValue } == ["FINOPS-2", "OPS-1"])
            #expect(page.json["issues"]?[0]?["fields"]?["summary"] == "S3 budget at 80%")
            #expect(page.json["issues"]?[0]?["fields"]?["comment"] == nil)
            let post = try await client.post(
                "/rest/api/2/search",
                ["jql": "labels = finops", "startAt": 0, "maxResults": 1, "fields": ["summary", "status"]]
            )
            #expect(post.json["total"] == 2)
            #expect(post.json["issues"]?[0]?["fields"]?["status"]?["statusCategory"]?["key"] == "new")
            let all = try await client.post("/rest/api/2/search", ["jql": ""])
            #expect(all.json["total"] == 4)
        }
    }

    @Test("Issues in projects the caller cannot browse are invisible")
    func visibility() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            try await seed(client)
            let viewer = Credentials.basic("viewer@example.com", "viewer-token")
            let reply = try await client.post(
                "/rest/api/3/search/jql",
                ["jql": "labels = finops OR project = OPS", "fields": ["summary"]],
                as: viewer
            )
            #expect(reply.json["issues"]?.arrayValue?.compactMap { $0["key"]?.stringValue } == ["OPS-2", "OPS-1"])
            let finops = try await client.post("/rest/api/3/search/jql", ["jql": "project = FINOPS"], as: viewer)
            #expect(finops.status == 400)
            #expect(try await client.get("/rest/api/3/issue/FINOPS-1", as: viewer).status == 404)
        }
    }
}
