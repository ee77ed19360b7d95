import Hummingbird
import HummingbirdTesting
import JiraFake
import JiraSpec
import Testing

@Suite("Embedding")
struct EmbeddingTests {
    @Test("buildRouter() mounts the whole fake in another Hummingbird application")
    func router() async throws {
        let fake = JiraFake(configuration: try Fixture.configuration(.datacenter))
        let application = Application(router: fake.buildRouter())
        try await application.test(.router) { testClient in
            let client = FakeClient(client: testClient, flavor: .datacenter)
            let info = try await client.get("/rest/api/2/serverInfo")
            #expect(info.json["deploymentType"] == "Server")
            #expect(try await client.createIssue(client.taskFields("via router")) == "FINOPS-1")
        }
    }
}
