import HTTPTypes
import JiraFake
import JiraSpec
import Testing

@Suite("Comments, transitions and links")
struct WorkflowTests {
    @Test("Comments: ADF on Cloud, strings on Data Center, validated", arguments: JiraDeployment.allCases)
    func comments(flavor: JiraDeployment) async throws {
        try await Fixture.withFake(flavor) { client, _ in
            let key = try await client.createIssue(client.bugFields())
            let added = try await client.post("\(client.api)/issue/\(key)/comment", ["body": client.description("Fired again at 13:05")])
            #expect(added.status == 201)
            #expect(added.json["body"] == client.description("Fired again at 13:05"))
            #expect(added.json["id"] == "10000")
            #expect(added.json["author"]?[flavor == .cloud ? "accountId" : "name"] != nil)

            // Each flavor refuses the other's format.
            let wrongShape: SpecJSON = flavor == .cloud ? "plain text" : ["type": "doc", "version": 1, "content": []]
            let refused = try await client.post("\(client.api)/issue/\(key)/comment", ["body": wrongShape])
            #expect(refused.status == 400)
            let expected =
                flavor == .cloud
                ? "Operation value must be an Atlassian Document (see the Atlassian Document Format)" : "Operation value must be a string"
            #expect(refused.json["errors"]?["comment"] == .string(expected))
            let empty = try await client.post("\(client.api)/issue/\(key)/comment", ["visibility": ["type": "role", "value": "Developers"]])
            #expect(empty.json.canonical == #"{"errorMessages":[],"errors":{"comment":"Comment body can not be empty!"}}"#)

            let list = try await client.get("\(client.api)/issue/\(key)/comment")
            #expect(list.json["total"] == 1)
            #expect(list.json["startAt"] == 0)
            #expect(list.json["comments"]?[0]?["body"] == client.description("Fired again at 13:05"))
            #expect(try await client.get("\(client.api)/issue/NOPE-1/comment").status == 404)
        }
    }

    @Test("Invalid ADF in a comment is INVALID_INPUT")
    func invalidADFComment() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let key = try await client.createIssue(client.bugFields())
            let reply = try await client.post(
                "/rest/api/3/issue/\(key)/comment",
                [
                    "body": [
                        "type": "doc", "version": 1,
                        "content": [["type": "paragraph", "content": [["type": "text", "text": "x", "marks": [["type": "blink"]]]]]],
                    ]
                ]
            )
            #expect(reply.json.canonical == #"{"errorMessages":[],"errors":{"comment":"INVALID_INPUT"}}"#)
        }
    }

    @Test("Transitions from the current status, with screen fields when expanded", arguments: JiraDeployment.allCases)
    func listTransitions(flavor: JiraDeployment) async throws {
        try await Fixture.withFake(flavor) { client, _ in
            let key = try await client.createIssue(client.bugFields())
            let plain = try await client.get("\(client.api)/issue/\(key)/transitions")
            let transitions = try #require(plain.json["transitions"]?.arrayValue)
            #expect(transitions.compactMap { $0["name"]?.stringValue } == ["In Progress", "Done", "Resolve"])
            #expect(transitions[0]["to"]?["statusCategory"]?["key"] == "indeterminate")
            #expect(transitions[2]["fields"] == nil)
            let expanded = try await client.get("\(client.api)/issue/\(key)/transitions?expand=transitions.fields")
            let resolve = try #require(expanded.json["transitions"]?.arrayValue?.first { $0["id"] == "51" })
            let resolution = try #require(resolve["fields"]?["resolution"])
            #expect(resolution["required"] == true)
            #expect(resolution["name"] == "Resolution")
            #expect(resolution["allowedValues"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Done", "Won't Do", "Duplicate"])
        }
    }

    @Test("Doing transitions: required screen fields, availability, resolution date set and cleared", arguments: JiraDeployment.allCases)
    func doTransitions(flavor: JiraDeployment) async throws {
        try await Fixture.withFake(flavor) { client, fake in
            let key = try await client.createIssue(client.bugFields())
            let path = "\(client.api)/issue/\(key)/transitions"
            let missing = try await client.post(path, ["transition": ["id": "51"]])
            #expect(missing.status == 400)
            #expect(missing.json.canonical == #"{"errorMessages":[],"errors":{"resolution":"Resolution is required."}}"#)
            let reopen = try await client.post(path, ["transition": ["id": "41"]])
            #expect(reopen.status == 400)
            #expect(reopen.json.canonical == #"{"errorMessages":["Transition id '41' is not valid for this issue."],"errors":{}}"#)
            let offScreen = try await client.post(path, ["transition": ["id": "21"], "fields": ["resolution": ["name": "Done"]]])
            #expect(offScreen.json["errors"]?["resolution"] == "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown.")
            #expect(try await client.post(path, [:]).json["errorMessages"] == ["Missing 'transition' identifier"])

            let resolve = try await client.post(
                path,
                [
                    "transition": ["id": "51"], "fields": ["resolution": ["name": "Won't Do"]],
                    "update": ["comment": [["add": ["body": client.description("Resolved by alert2jira")]]]],
                ]
            )
            #expect(resolve.status == 204)
            var issue = try await client.get("\(client.api)/issue/\(key)?fields=status,resolution,resolutiondate,comment")
            #expect(issue.json["fields"]?["status"]?["name"] == "Done")
            #expect(issue.json["fields"]?["resolution"]?["name"] == "Won't Do")
            #expect(issue.json["fields"]?["resolutiondate"]?.stringValue != nil)
            #expect(issue.json["fields"]?["comment"]?["total"] == 1)

            #expect(try await client.post(path, ["transition": ["id": "41"]]).status == 204)
            issue = try await client.get("\(client.api)/issue/\(key)?fields=status,resolution,resolutiondate")
            #expect(issue.json["fields"]?["status"]?["name"] == "To Do")
            #expect(issue.json["fields"]?["resolution"] == .null)
            #expect(issue.json["fields"]?["resolutiondate"] == .null)

            let history = try #require(await fake.issues()[0]?["transitions"]?.arrayValue)
            #expect(history.compactMap { $0["name"]?.stringValue } == ["Resolve", "Reopen"])
            #expect(history[0]["from"] == "To Do")
            #expect(history[0]["to"] == "Done")
        }
    }

    @Test("Issue links and remote links")
    func links() async throws {
        try await Fixture.withFake(.cloud) { client, fake in
            let first = try await client.createIssue(client.bugFields("first"))
            let second = try await client.createIssue(client.bugFields("second"))
            let link = try await client.post(
                "/rest/api/3/issueLink",
                ["type": ["name": "Relates"], "inwardIssue": ["key": .string(first)], "outwardIssue": ["key": .string(second)]]
            )
            #expect(link.status == 201)
            #expect(link.text.isEmpty)
            let unknownType = try await client.post(
                "/rest/api/3/issueLink",
                ["type": ["name": "Causes"], "inwardIssue": ["key": .string(first)], "outwardIssue": ["key": .string(second)]]
            )
            #expect(unknownType.status == 404)
            let issue = try await client.get("/rest/api/3/issue/\(first)?fields=issuelinks")
            #expect(issue.json["fields"]?["issuelinks"]?[0]?["outwardIssue"]?["key"] == .string(second))
            #expect(issue.json["fields"]?["issuelinks"]?[0]?["type"]?["name"] == "Relates")

            let remote = try await client.post(
                "/rest/api/3/issue/\(first)/remotelink",
                ["globalId": "grafana-1", "object": ["url": "https://grafana.example.com/d/abc", "title": "Dashboard"]]
            )
            #expect(remote.status == 201)
            #expect(remote.json["id"] == 10000)
            let update = try await client.post(
                "/rest/api/3/issue/\(first)/remotelink",
                ["globalId": "grafana-1", "object": ["url": "https://grafana.example.com/d/abc", "title": "Renamed"]]
            )
            #expect(update.status == 200)
            let noTitle = try await client.post("/rest/api/3/issue/\(first)/remotelink", ["object": ["url": "https://x"]])
            #expect(noTitle.status == 400)
            let stored = try #require(await fake.issues()[0])
            #expect(stored["links"]?[0]?["direction"] == "relates to")
            #expect(stored["remoteLinks"]?[0]?["object"]?["title"] == "Renamed")
        }
    }
}
