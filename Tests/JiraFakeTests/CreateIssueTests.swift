import HTTPTypes
import JiraFake
import JiraSpec
import Testing

@Suite("Creating issues")
struct CreateIssueTests {
    /// Posts `fields` and returns the reply.
    private func create(_ client: FakeClient, _ fields: SpecObject) async throws -> FakeReply {
        try await client.post("\(client.api)/issue", ["fields": .object(fields)])
    }

    @Test("A valid issue gets the next key, the initial status, defaults and the caller as reporter", arguments: JiraDeployment.allCases)
    func success(flavor: JiraDeployment) async throws {
        try await Fixture.withFake(flavor) { client, fake in
            var fields = client.bugFields(labels: ["alertname=DiskFull"])
            fields["description"] = client.description("The disk of db-1 is full.")
            let reply = try await create(client, fields)
            #expect(reply.status == 201)
            #expect(reply.json.canonical == #"{"id":"10000","key":"OPS-1","self":"http://localhost\#(client.api)/issue/10000"}"#)
            #expect(try await client.createIssue(client.bugFields()) == "OPS-2")
            #expect(try await client.createIssue(client.taskFields("Cost spike")) == "FINOPS-1")

            let issue = try await client.get("\(client.api)/issue/OPS-1")
            let got = try #require(issue.json["fields"])
            #expect(got["summary"] == "Disk full on db-1")
            #expect(got["status"]?["name"] == "To Do")
            #expect(got["status"]?["statusCategory"]?["key"] == "new")
            #expect(got["priority"]?["name"] == "Medium")
            #expect(got["labels"] == ["alertname=DiskFull"])
            #expect(got["customfield_10050"]?["value"] == "Production")
            #expect(got["components"]?[0]?["name"] == "Database")
            #expect(got["resolutiondate"] == .null)
            #expect(got["description"] == client.description("The disk of db-1 is full."))
            #expect(got["created"]?.stringValue?.hasSuffix("+0000") == true)
            let reporter = try #require(got["reporter"])
            if flavor == .cloud {
                #expect(reporter["accountId"]?.stringValue == Fixture.serviceAccountId)
            } else {
                #expect(reporter["name"] == "svc-alert2jira")
            }
            let stored = await fake.issues()
            #expect(stored.arrayValue?.count == 3)
        }
    }

    @Test("Options, priorities and components are accepted by id too")
    func byId() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            var fields = client.bugFields()
            fields["customfield_10050"] = ["id": "10101"]
            fields["priority"] = ["id": "1"]
            fields["components"] = [["id": "10201"]]
            let key = try await client.createIssue(fields)
            let issue = try await client.get("/rest/api/3/issue/\(key)?fields=customfield_10050,priority,components")
            #expect(issue.json["fields"]?["customfield_10050"]?["value"] == "Staging")
            #expect(issue.json["fields"]?["priority"]?["name"] == "Highest")
            #expect(issue.json["fields"]?["components"]?[0]?["name"] == "Network")
            #expect(issue.json["fields"]?["summary"] == nil)
        }
    }

    @Test("Missing required fields without a default are named, with Jira's messages")
    func requiredFields() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let reply = try await create(client, ["project": ["key": "OPS"], "issuetype": ["name": "Bug"]])
            #expect(reply.status == 400)
            #expect(
                reply.json.canonical
                    == #"{"errorMessages":[],"errors":{"components":"Component/s is required.","customfield_10050":"Environment is required.","summary":"You must specify a summary of the issue."}}"#
            )
            // reporter is required too, but has a default: the caller.
        }
    }

    @Test("Fields not on the create screen are refused")
    func notOnScreen() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            var fields: SpecObject = ["project": ["key": "OPS"], "issuetype": ["name": "Task"], "summary": "x"]
            fields["description"] = client.description("not on this screen")
            fields["customfield_99999"] = "x"
            let reply = try await create(client, fields)
            #expect(reply.status == 400)
            #expect(
                reply.json.canonical
                    == #"{"errorMessages":[],"errors":{"customfield_99999":"Field 'customfield_99999' cannot be set. It is not on the appropriate screen, or unknown.","description":"Field 'description' cannot be set. It is not on the appropriate screen, or unknown."}}"#
            )
        }
    }

    @Test("Values outside allowedValues are refused")
    func allowedValues() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            var fields = client.bugFields()
            fields["customfield_10050"] = ["value": "Dev"]
            fields["priority"] = ["name": "Urgent"]
            fields["components"] = [["name": "Printer"]]
            let reply = try await create(client, fields)
            #expect(
                reply.json.canonical
                    == #"{"errorMessages":[],"errors":{"components":"Component name 'Printer' is not valid","customfield_10050":"Option value 'Dev' is not valid","priority":"The priority selected is invalid."}}"#
            )
            fields = client.bugFields()
            fields["customfield_10050"] = ["id": "1"]
            fields["components"] = [["id": "1"]]
            let byId = try await create(client, fields)
            #expect(byId.json["errors"]?["customfield_10050"] == "Option id '1' is not valid")
            #expect(byId.json["errors"]?["components"] == "Component with id '1' does not exist.")
        }
    }

    @Test("Wrong value shapes are refused per schema type", arguments: JiraDeployment.allCases)
    func shapes(flavor: JiraDeployment) async throws {
        try await Fixture.withFake(flavor) { client, _ in
            var bug = client.bugFields()
            bug["customfield_10050"] = "Production"
            bug["components"] = ["name": "Database"]
            bug["labels"] = "single"
            bug["assignee"] = flavor == .cloud ? ["name": "ada"] : ["accountId": "5b10ac8d82e05b22cc7d4ef5"]
            let reply = try await create(client, bug)
            let errors = try #require(reply.json["errors"])
            #expect(errors["customfield_10050"] == "Could not find valid 'id' or 'value' in the Parent Option object.")
            #expect(errors["components"] == "data was not an array")
            #expect(errors["labels"] == "data was not an array")
            #expect(errors["assignee"] == (flavor == .cloud ? "Specify a valid value for assignee" : "User '' does not exist."))

            var task = client.taskFields("x")
            task["customfield_10060"] = "12.5"
            task["duedate"] = "23/11/2026"
            task["summary"] = 42
            let taskReply = try await create(client, task)
            let taskErrors = try #require(taskReply.json["errors"])
            #expect(taskErrors["customfield_10060"] == "Operation value must be a number")
            #expect(taskErrors["duedate"] == "Error parsing date string: 23/11/2026")
            #expect(taskErrors["summary"] == "Operation value must be a string")

            var users = client.bugFields()
            users["assignee"] = flavor == .cloud ? ["accountId": "5b10ac8d82e05b22cc7d4ef5"] : ["name": "ada"]
            users["reporter"] = flavor == .cloud ? ["accountId": "nobody"] : ["name": "nobody"]
            let userReply = try await create(client, users)
            #expect(userReply.json["errors"]?["assignee"] == nil)
            #expect(
                userReply.json["errors"]?["reporter"]
                    == (flavor == .cloud ? "Specify a valid value for reporter" : "The reporter specified is not a user.")
            )
        }
    }

    @Test("Summary: at most 255 characters, one line")
    func summary() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            #expect(try await client.createIssue(client.taskFields(String(repeating: "x", count: 255))) == "FINOPS-1")
            let long = try await create(client, client.taskFields(String(repeating: "x", count: 256)))
            #expect(long.json.canonical == #"{"errorMessages":[],"errors":{"summary":"Summary can't exceed 255 characters."}}"#)
            let twoLines = try await create(client, client.taskFields("first\nsecond"))
            #expect(twoLines.json["errors"]?["summary"] == "The summary is invalid because it contains newline characters.")
            let blank = try await create(client, client.taskFields("   "))
            #expect(blank.json["errors"]?["summary"] == "You must specify a summary of the issue.")
        }
        try await Fixture.withFake(.datacenter) { client, _ in
            let long = try await create(client, client.taskFields(String(repeating: "é", count: 256)))
            #expect(long.json["errors"]?["summary"] == "Summary must be less than 255 characters.")
        }
    }

    @Test("Labels with spaces are refused")
    func labelSpaces() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let reply = try await create(client, client.taskFields("x", labels: ["ok", "a b"]))
            #expect(reply.status == 400)
            #expect(reply.json.canonical == #"{"errorMessages":[],"errors":{"labels":"The label 'a b' contains spaces which is invalid."}}"#)
        }
    }

    @Test("Cloud descriptions must be valid ADF; Data Center descriptions must be strings")
    func descriptions() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            var fields = client.taskFields("x")
            fields["description"] = "plain text"
            let string = try await create(client, fields)
            #expect(
                string.json.canonical
                    == #"{"errorMessages":[],"errors":{"description":"Operation value must be an Atlassian Document (see the Atlassian Document Format)"}}"#
            )
            fields["description"] = ["type": "doc", "version": 1, "content": [["type": "paragraph", "content": [["type": "text", "text": ""]]]]]
            let invalid = try await create(client, fields)
            #expect(invalid.json.canonical == #"{"errorMessages":[],"errors":{"description":"INVALID_INPUT"}}"#)
            #expect(invalid.header("X-Jira-Fake-Detail")?.hasPrefix("INVALID_INPUT:") == true)
            fields["description"] = ["type": "doc", "version": 1, "content": [["type": "script", "text": "alert(1)"]]]
            #expect(try await create(client, fields).json["errors"]?["description"] == "INVALID_INPUT")
            fields["description"] = client.description(String(repeating: "a", count: 32_768))
            #expect(
                try await create(client, fields).json["errors"]?["description"]
                    == "The entered text is too long. It exceeds the allowed limit of 32,767 characters."
            )
        }
        try await Fixture.withFake(.datacenter) { client, _ in
            var fields = client.taskFields("x")
            fields["description"] = ["type": "doc", "version": 1, "content": []]
            let adf = try await create(client, fields)
            #expect(adf.json["errors"]?["description"] == "Operation value must be a string")
            fields["description"] = "h1. Wiki markup is fine"
            let wiki = try await create(client, fields)
            #expect(wiki.status == 201)
        }
    }

    @Test("Unknown project or issue type", arguments: JiraDeployment.allCases)
    func unknownTargets(flavor: JiraDeployment) async throws {
        try await Fixture.withFake(flavor) { client, _ in
            let project = try await create(client, ["project": ["key": "NOPE"], "issuetype": ["name": "Bug"], "summary": "x"])
            #expect(project.status == 400)
            #expect(
                project.json["errors"]?["project"] == .string(flavor == .cloud ? "Specify a valid project ID or key" : "valid project is required")
            )
            let type = try await create(client, ["project": ["key": "OPS"], "issuetype": ["name": "Epic"], "summary": "x"])
            #expect(
                type.json["errors"]?["issuetype"]
                    == .string(flavor == .cloud ? "The issue type selected is invalid." : "valid issue type is required")
            )
            let none = try await create(client, ["summary": "x"])
            #expect(none.json["errors"]?["project"] != nil)
            #expect(none.json["errors"]?["issuetype"] == .string(flavor == .cloud ? "Specify an issue type" : "issue type is required"))
        }
    }

    @Test("Malformed requests: no body, bad JSON, wrong content type")
    func malformed() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let empty = try await client.send(.post, "/rest/api/3/issue", body: "", contentType: "application/json")
            #expect(empty.json.canonical == #"{"errorMessages":["No content to map to Object due to end of input"],"errors":{}}"#)
            let broken = try await client.send(.post, "/rest/api/3/issue", body: "{\"fields\":", contentType: "application/json")
            #expect(broken.status == 400)
            let form = try await client.send(.post, "/rest/api/3/issue", body: "a=b", contentType: "application/x-www-form-urlencoded")
            #expect(form.status == 403)
            #expect(form.text == "XSRF check failed")
            let xml = try await client.send(.post, "/rest/api/3/issue", body: "<a/>", contentType: "application/xml")
            #expect(xml.status == 415)
        }
    }

    @Test("Editing summary, description and labels")
    func edit() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let key = try await client.createIssue(client.bugFields(labels: ["one"]))
            let edit = try await client.send(
                .put,
                "/rest/api/3/issue/\(key)",
                json: [
                    "fields": ["summary": "Renamed", "description": client.description("new text")],
                    "update": ["labels": [["add": "two"], ["remove": "one"]]],
                ]
            )
            #expect(edit.status == 204)
            let issue = try await client.get("/rest/api/3/issue/\(key)?fields=summary,labels,description")
            #expect(issue.json["fields"]?["summary"] == "Renamed")
            #expect(issue.json["fields"]?["labels"] == ["two"])
            #expect(issue.json["fields"]?["description"] == client.description("new text"))
            let bad = try await client.send(.put, "/rest/api/3/issue/\(key)", json: ["fields": ["summary": "", "labels": ["a b"]]])
            #expect(bad.status == 400)
            #expect(bad.json["errors"]?["summary"] == "You must specify a summary of the issue.")
            #expect(bad.json["errors"]?["labels"] == "The label 'a b' contains spaces which is invalid.")
            let missing = try await client.get("/rest/api/3/issue/OPS-99")
            #expect(missing.json.canonical == #"{"errorMessages":["Issue does not exist or you do not have permission to see it."],"errors":{}}"#)
        }
    }

    @Test("Concurrent creates get distinct, gapless keys")
    func concurrentCreates() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let keys = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<40 {
                    group.addTask { try await client.createIssue(client.taskFields("parallel \(index)")) }
                }
                var keys: [String] = []
                for try await key in group { keys.append(key) }
                return keys
            }
            #expect(Set(keys) == Set((1...40).map { "FINOPS-\($0)" }))
        }
    }
}
