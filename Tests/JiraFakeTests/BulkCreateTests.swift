import HTTPTypes
import JiraFake
import JiraSpec
import Testing

@Suite("Bulk create")
struct BulkCreateTests {
    @Test("Good elements are created, bad ones reported by position", arguments: JiraDeployment.allCases)
    func mixed(flavor: JiraDeployment) async throws {
        try await Fixture.withFake(flavor) { client, _ in
            var missingEnvironment = client.bugFields()
            missingEnvironment["customfield_10050"] = nil
            let reply = try await client.post(
                "\(client.api)/issue/bulk",
                [
                    "issueUpdates": [
                        ["fields": .object(client.bugFields("first"))],
                        ["fields": .object(missingEnvironment)],
                        ["fields": .object(client.taskFields("third", labels: ["bad label"]))],
                        ["fields": .object(client.taskFields("fourth"))],
                    ]
                ]
            )
            #expect(reply.status == 201)
            let issues = try #require(reply.json["issues"]?.arrayValue)
            #expect(issues.compactMap { $0["key"]?.stringValue } == ["OPS-1", "FINOPS-1"])
            #expect(
                reply.json["errors"]?.canonical
                    == #"[{"elementErrors":{"errorMessages":[],"errors":{"customfield_10050":"Environment is required."}},"failedElementNumber":1,"status":400},{"elementErrors":{"errorMessages":[],"errors":{"labels":"The label 'bad label' contains spaces which is invalid."}},"failedElementNumber":2,"status":400}]"#
            )
        }
    }

    @Test("All elements bad: 400 with the same body")
    func allBad() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let reply = try await client.post(
                "/rest/api/3/issue/bulk",
                ["issueUpdates": [["fields": ["project": ["key": "NOPE"], "issuetype": ["name": "Bug"], "summary": "x"]]]]
            )
            #expect(reply.status == 400)
            #expect(reply.json["issues"] == [])
            #expect(reply.json["errors"]?[0]?["failedElementNumber"] == 0)
            #expect(reply.json["errors"]?[0]?["elementErrors"]?["errors"]?["project"] == "Specify a valid project ID or key")
        }
    }
}
