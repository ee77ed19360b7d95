import HTTPTypes
import JiraFake
import JiraSpec
import Testing

@Suite("serverInfo, myself, mypermissions, field")
struct SiteTests {
    @Test("serverInfo on Cloud, also under /rest/api/2, and without credentials")
    func cloudServerInfo() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            for path in ["/rest/api/3/serverInfo", "/rest/api/2/serverInfo"] {
                let reply = try await client.get(path, as: Credentials.none)
                #expect(reply.status == 200)
                #expect(reply.json["deploymentType"] == "Cloud")
                #expect(reply.json["version"] == "1001.0.0-SNAPSHOT")
                #expect(reply.json["versionNumbers"] == [1001, 0, 0])
                #expect(reply.json["buildNumber"]?.numericValue != nil)
                #expect(reply.json["baseUrl"] == "http://localhost")
            }
            // Other v2 paths are not served by this Cloud fake.
            #expect(try await client.get("/rest/api/2/myself").status == 404)
        }
    }

    @Test("serverInfo on Data Center reports the configured version and deployment type")
    func dataCenterServerInfo() async throws {
        let dataCenter: (inout FakeConfiguration) -> Void = { $0.deploymentType = "DataCenter" }
        try await Fixture.withFake(.datacenter, version: "9.12.3", adjust: dataCenter) { client, _ in
            let reply = try await client.get("/rest/api/2/serverInfo", as: Credentials.none)
            #expect(reply.json["deploymentType"] == "DataCenter")
            #expect(reply.json["version"] == "9.12.3")
            #expect(reply.json["versionNumbers"] == [9, 12, 3])
            #expect(reply.json["buildNumber"] == 912003)
            #expect(try await client.get("/rest/api/latest/serverInfo").status == 200)
            #expect(try await client.get("/rest/api/3/serverInfo").status == 404)
        }
    }

    @Test("myself on Data Center names the user by name and key")
    func dataCenterMyself() async throws {
        try await Fixture.withFake(.datacenter) { client, _ in
            let reply = try await client.get("/rest/api/2/myself")
            #expect(reply.json["name"] == "svc-alert2jira")
            #expect(reply.json["key"] == "svc-alert2jira")
            #expect(reply.json["accountId"] == nil)
        }
    }

    @Test("mypermissions answers per project")
    func myPermissions() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let ada = Credentials.basic("ada@example.com", "ada-token")
            let ops = try await client.get("/rest/api/3/mypermissions?projectKey=OPS&permissions=CREATE_ISSUES,ADD_COMMENTS", as: ada)
            #expect(ops.status == 200)
            let create = try #require(ops.json["permissions"]?["CREATE_ISSUES"])
            #expect(
                create.canonical
                    == #"{"description":"Ability to create issues.","havePermission":true,"id":"11","key":"CREATE_ISSUES","name":"Create Issues","type":"PROJECT"}"#
            )
            let finops = try await client.get("/rest/api/3/mypermissions?projectKey=FINOPS&permissions=CREATE_ISSUES", as: ada)
            #expect(finops.json["permissions"]?["CREATE_ISSUES"]?["havePermission"] == false)
            let unknown = try await client.get("/rest/api/3/mypermissions?projectKey=NOPE&permissions=CREATE_ISSUES")
            #expect(unknown.status == 404)
            #expect(unknown.json["errorMessages"] == ["No project could be found with key 'NOPE'."])
            #expect(try await client.get("/rest/api/3/mypermissions?projectKey=OPS").status == 400)
        }
    }

    @Test("field lists system and custom fields with clause names")
    func fields() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let reply = try await client.get("/rest/api/3/field")
            let fields = try #require(reply.json.arrayValue)
            let environment = try #require(fields.first { $0["id"] == "customfield_10050" })
            #expect(environment["name"] == "Environment")
            #expect(environment["custom"] == true)
            #expect(environment["clauseNames"] == ["cf[10050]", "Environment"])
            #expect(environment["schema"]?["custom"] == "com.atlassian.jira.plugin.system.customfieldtypes:select")
            #expect(fields.contains { $0["id"] == "summary" && $0["custom"] == false })
        }
    }
}
