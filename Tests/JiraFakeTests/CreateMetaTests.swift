import HTTPTypes
import JiraFake
import JiraSpec
import Testing

@Suite("Create metadata")
struct CreateMetaTests {
    @Test("Cloud pages issue types under `issueTypes` and fields under `fields`")
    func cloudShapes() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let types = try await client.get("/rest/api/3/issue/createmeta/OPS/issuetypes")
            #expect(types.status == 200)
            #expect(types.json["total"] == 3)
            #expect(types.json["startAt"] == 0)
            #expect(types.json["maxResults"] == 50)
            #expect(types.json["values"] == nil)
            #expect(types.json["isLast"] == nil)
            #expect(types.json["issueTypes"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Bug", "Task", "Sub-task"])
            #expect(types.json["issueTypes"]?[2]?["subtask"] == true)

            let fields = try await client.get("/rest/api/3/issue/createmeta/OPS/issuetypes/10001")
            let list = try #require(fields.json["fields"]?.arrayValue)
            let environment = try #require(list.first { $0["fieldId"] == "customfield_10050" })
            #expect(
                environment.canonical
                    == #"{"allowedValues":[{"id":"10100","self":"http://localhost/rest/api/3/customFieldOption/10100","value":"Production"},{"id":"10101","self":"http://localhost/rest/api/3/customFieldOption/10101","value":"Staging"}],"fieldId":"customfield_10050","hasDefaultValue":false,"key":"customfield_10050","name":"Environment","operations":["set"],"required":true,"schema":{"custom":"com.atlassian.jira.plugin.system.customfieldtypes:select","customId":10050,"type":"option"}}"#
            )
            let priority = try #require(list.first { $0["fieldId"] == "priority" })
            #expect(priority["hasDefaultValue"] == true)
            #expect(priority["defaultValue"]?["name"] == "Medium")
            #expect(priority["allowedValues"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Highest", "High", "Medium", "Low", "Lowest"])
            let reporter = try #require(list.first { $0["fieldId"] == "reporter" })
            #expect(reporter["required"] == true)
            #expect(reporter["hasDefaultValue"] == true)
            let components = try #require(list.first { $0["fieldId"] == "components" })
            #expect(components["required"] == true)
            #expect(components["schema"]?.canonical == #"{"items":"component","system":"components","type":"array"}"#)
        }
    }

    @Test("A create screen without description")
    func screenWithoutDescription() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let fields = try await client.get("/rest/api/3/issue/createmeta/OPS/issuetypes/10002")
            let ids = fields.json["fields"]?.arrayValue?.compactMap { $0["fieldId"]?.stringValue } ?? []
            #expect(ids.contains("summary"))
            #expect(!ids.contains("description"))
        }
    }

    @Test("Data Center pages under `values` with `isLast`")
    func dataCenterShapes() async throws {
        try await Fixture.withFake(.datacenter) { client, _ in
            let types = try await client.get("/rest/api/2/issue/createmeta/FINOPS/issuetypes")
            #expect(types.status == 200)
            #expect(types.json["isLast"] == true)
            #expect(types.json["issueTypes"] == nil)
            #expect(types.json["values"]?[0]?["name"] == "Task")
            let fields = try await client.get("/rest/api/2/issue/createmeta/FINOPS/issuetypes/10002")
            let list = try #require(fields.json["values"]?.arrayValue)
            let cost = try #require(list.first { $0["fieldId"] == "customfield_10060" })
            #expect(cost["name"] == "Cost impact")
            #expect(cost["schema"]?["type"] == "number")
            #expect(cost["key"] == nil)
            #expect(list.first { $0["fieldId"] == "summary" }?["required"] == true)
        }
    }

    @Test("startAt and maxResults page through fields; the page size is configurable", arguments: [JiraDeployment.cloud, .datacenter])
    func pagination(flavor: JiraDeployment) async throws {
        let smallPages: (inout FakeConfiguration) -> Void = { $0.pageSize = 4 }
        try await Fixture.withFake(flavor, adjust: smallPages) { client, _ in
            let base = "\(client.api)/issue/createmeta/OPS/issuetypes/10001"
            var seen: [String] = []
            var startAt = 0
            var pages = 0
            while true {
                let page = try await client.get("\(base)?startAt=\(startAt)")
                #expect(page.json["maxResults"] == 4)
                #expect(page.json["startAt"] == .number(SpecNumber(startAt)))
                let items = page.json[flavor == .cloud ? "fields" : "values"]?.arrayValue ?? []
                seen += items.compactMap { $0["fieldId"]?.stringValue }
                pages += 1
                let total = Int(page.json["total"]?.numericValue ?? 0)
                if flavor == .datacenter { #expect(page.json["isLast"] == .bool(startAt + items.count >= total)) }
                startAt += items.count
                if items.isEmpty || startAt >= total { break }
            }
            #expect(pages == 3)
            #expect(seen.count == 12)
            #expect(Set(seen).count == 12)
            let explicit = try await client.get("\(base)?startAt=10&maxResults=5")
            #expect(explicit.json[flavor == .cloud ? "fields" : "values"]?.arrayValue?.count == 2)
        }
    }

    @Test("Unknown projects and issue types answer 400")
    func unknown() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let project = try await client.get("/rest/api/3/issue/createmeta/NOPE/issuetypes")
            #expect(project.status == 400)
            #expect(project.json["errorMessages"] == ["No project could be found with key 'NOPE'."])
            #expect(try await client.get("/rest/api/3/issue/createmeta/OPS/issuetypes/99999").status == 400)
        }
    }

    @Test("Paged createmeta answers 404 before Data Center 8.4")
    func pagedNeeds84() async throws {
        try await Fixture.withFake(.datacenter, version: "8.3.4") { client, _ in
            let types = try await client.get("/rest/api/2/issue/createmeta/OPS/issuetypes")
            let fields = try await client.get("/rest/api/2/issue/createmeta/OPS/issuetypes/10001")
            #expect(types.status == 404)
            #expect(fields.status == 404)
        }
        try await Fixture.withFake(.datacenter, version: "8.4.0") { client, _ in
            let types = try await client.get("/rest/api/2/issue/createmeta/OPS/issuetypes")
            #expect(types.status == 200)
        }
    }

    @Test("The old createmeta works before 9.0, with fields only when expanded")
    func legacyCreateMeta() async throws {
        try await Fixture.withFake(.datacenter, version: "8.20.10") { client, _ in
            let expanded = try await client.get("/rest/api/2/issue/createmeta?projectKeys=OPS&issuetypeNames=Bug&expand=projects.issuetypes.fields")
            #expect(expanded.status == 200)
            let project = try #require(expanded.json["projects"]?[0])
            #expect(project["key"] == "OPS")
            let bug = try #require(project["issuetypes"]?[0])
            #expect(bug["name"] == "Bug")
            #expect(project["issuetypes"]?.arrayValue?.count == 1)
            #expect(bug["fields"]?["customfield_10050"]?["required"] == true)
            #expect(bug["fields"]?["summary"]?["key"] == "summary")
            let plain = try await client.get("/rest/api/2/issue/createmeta?projectKeys=OPS")
            #expect(plain.json["projects"]?[0]?["issuetypes"]?[0]?["fields"] == nil)
        }
        try await Fixture.withFake(.datacenter, version: "9.0.0") { client, _ in
            let gone = try await client.get("/rest/api/2/issue/createmeta?projectKeys=OPS&expand=projects.issuetypes.fields")
            #expect(gone.status == 404)
        }
    }

    @Test("A user who may not create gets no issue types")
    func noCreatePermission() async throws {
        try await Fixture.withFake(.cloud) { client, _ in
            let reply = try await client.get("/rest/api/3/issue/createmeta/OPS/issuetypes", as: .basic("viewer@example.com", "viewer-token"))
            #expect(reply.status == 200)
            #expect(reply.json["total"] == 0)
        }
    }
}
