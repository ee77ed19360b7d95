import JiraFake
import JiraSpec
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test("The sample config describes OPS and FINOPS as documented")
    func sample() throws {
        let configuration = try FakeConfigurationLoader.load(path: Fixture.samplePath)
        #expect(configuration.flavor == .cloud)
        #expect(configuration.priorities.map(\.label) == ["Highest", "High", "Medium", "Low", "Lowest"])
        let ops = try #require(configuration.project("OPS"))
        let bug = try #require(ops.issueType(name: "Bug"))
        let environment = try #require(bug.field("customfield_10050"))
        #expect(environment.required)
        #expect(!environment.hasDefaultValue)
        #expect(environment.allowedValues?.map(\.label) == ["Production", "Staging"])
        #expect(bug.field("components")?.required == true)
        #expect(bug.field("components")?.allowedValues?.isEmpty == false)
        #expect(ops.issueType(name: "Task")?.field("description") == nil)
        let task = try #require(configuration.project("FINOPS")?.issueType(name: "Task"))
        #expect(task.fields.filter(\.required).map(\.fieldId).sorted() == ["issuetype", "project", "reporter", "summary"])
        #expect(task.field("reporter")?.hasDefaultValue == true)
        #expect(task.field("customfield_10060")?.name == "Cost impact")
        #expect(task.field("labels") != nil)
        let transitions = ops.workflow.transitions.map(\.name)
        #expect(transitions == ["In Progress", "Done", "Reopen", "Resolve"])
        #expect(ops.workflow.transitions.last?.fields.first?.required == true)
    }

    @Test(
        "Errors name the file, line and column",
        arguments: [
            ("flavor: cloudy\n", "<config>:1:9: flavor must be 'cloud' or 'datacenter'"),
            ("flavor: cloud\nusers:\n  - name: a\n    pasword: x\n", "<config>:4:5: unknown key 'pasword'"),
            ("flavor: cloud\nversion: ten\n", "<config>:2:10: version must look like 10.3.0"),
            (
                "flavor: cloud\nprojects:\n  - key: OPS\n    id: \"1\"\n    issue_types:\n      - id: \"1\"\n        name: Bug\n        fields: [summary, customfield_1]\n",
                "<config>:8:27: unknown field 'customfield_1' (declare it under custom_fields)"
            ),
            ("flavor: cloud\nfaults:\n  - { kind: status, status: 42 }\n", "<config>:3:5: 'status' must be a whole number ≥ 100"),
            ("flavor: [cloud\n", "<config>:2:1: invalid YAML"),
        ]
    )
    func errors(text: String, expected: String) throws {
        do {
            _ = try FakeConfigurationLoader.load(text: text)
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }

    @Test("JSON configs load too, and a minimal config gets the standard workflow")
    func json() throws {
        let configuration = try FakeConfigurationLoader.load(
            text:
                #"{"flavor": "datacenter", "version": "8.20.1", "projects": [{"key": "X", "id": "1", "issue_types": [{"id": "1", "name": "Task", "fields": ["summary"]}]}]}"#
        )
        #expect(configuration.flavor == .datacenter)
        #expect(configuration.version == FakeVersion([8, 20, 1]))
        #expect(configuration.project("X")?.workflow.statuses.map(\.name) == ["To Do", "In Progress", "Done"])
        #expect(configuration.project("X")?.issueTypes[0].fields.map(\.fieldId) == ["project", "issuetype", "summary"])
    }

    @Test("Versions compare numerically")
    func versions() throws {
        let v = { (text: String) in FakeVersion(parsing: text)! }
        #expect(v("8.4") > v("8.3.9"))
        #expect(v("10.3.0") > v("9.12.3"))
        #expect(v("9.0") == v("9.0.0"))
        #expect(FakeVersion(parsing: "9.x") == nil)
    }
}
