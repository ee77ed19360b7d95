import Alert2Jira
import Foundation
import JiraFake
import JiraKit
import Onboarding
import TestSupport
import Testing

/// `init` against jira-fake: it reads the create screens, writes what they need, and checks it online.
@Suite struct ProjectInitTests {
    static let cloud = ["JIRA_EMAIL": "alert2jira@serviceaccount.example.com", "JIRA_API_TOKEN": "fake-api-token"]

    static func job(_ fake: LoopbackJiraFake, project: String = "OPS", types: [String] = [], environment: [String: String] = cloud) -> ProjectInit {
        ProjectInit(
            url: fake.url,
            project: project,
            issueTypes: types,
            flavor: nil,
            auth: ScaffoldAuth.fromEnvironment(environment) ?? ScaffoldAuth(entries: [], variables: []),
            environment: environment
        )
    }

    @Test func aProjectBecomesRulesThatPassTheOnlineCheck() async throws {
        let fake = try await LoopbackJiraFake.start(configurationPath: Repository.samplePath("jira-fake.yaml"))
        defer { fake.stop() }
        let result = try await Self.job(fake, types: ["bug"]).run()
        #expect(result.scaffold.flavor == .cloud)
        #expect(result.scaffold.screens.map(\.issueType.name) == ["Bug"])
        #expect(result.status == .success, "\(result.findings)")
        #expect(result.findings.contains { $0.message.contains("OPS / Bug: preflight passes") })
        let text = result.scaffold.mainFile(includeRules: false)
        #expect(text.contains("components: [\"Database\"]"))
        #expect(text.contains("\"Environment\": \"Production\""))
    }

    @Test func withoutIssueTypesTaskIsChosen() async throws {
        let fake = try await LoopbackJiraFake.start(configurationPath: Repository.samplePath("jira-fake.yaml"))
        defer { fake.stop() }
        let result = try await Self.job(fake, project: "finops").run()
        #expect(result.scaffold.project == "FINOPS")
        #expect(result.scaffold.ruleNames == ["finops-task"])
    }

    @Test func wrongProjectsTypesAndCredentialsSayWhatToDo() async throws {
        let fake = try await LoopbackJiraFake.start(configurationPath: Repository.samplePath("jira-fake.yaml"))
        defer { fake.stop() }
        await #expect(throws: InitError.noProject("NOPE", url: fake.url)) { _ = try await Self.job(fake, project: "NOPE").run() }
        await #expect(throws: InitError.unknownIssueType("Story", available: ["Bug", "Task", "Sub-task"])) {
            _ = try await Self.job(fake, types: ["Story"]).run()
        }
        do {
            _ = try await Self.job(fake, environment: ["JIRA_EMAIL": "alert2jira@serviceaccount.example.com", "JIRA_API_TOKEN": "wrong"]).run()
            Issue.record("a wrong token was accepted")
        } catch {
            guard case .credentials(let message) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(message.contains("401"))
            #expect(!message.contains("wrong"))
        }
    }

    @Test func anAuthFileLogsInButItsSecretsAreNeverWritten() async throws {
        let fake = try await LoopbackJiraFake.start(configurationPath: Repository.samplePath("jira-fake.yaml"))
        defer { fake.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = try directory.write("auth.yaml", "auth:\n  email: alert2jira@serviceaccount.example.com\n  api_token: fake-api-token\n")
        let (auth, secrets) = try ProjectInit.auth(fromFile: path)
        #expect(auth.variables == ["JIRA_API_TOKEN"])
        let job = ProjectInit(url: fake.url, project: "OPS", issueTypes: [], flavor: .cloud, auth: auth, environment: secrets)
        let result = try await job.run()
        #expect(result.status == .success, "\(result.findings)")
        let text = result.scaffold.mainFile(includeRules: false)
        #expect(!text.contains("fake-api-token"))
        #expect(text.contains("api_token: ${JIRA_API_TOKEN}"))
        #expect(text.contains("email: \"alert2jira@serviceaccount.example.com\""))
        let bad = try directory.write("bad.yaml", "- just\n- a list\n")
        #expect(throws: InitError.authFile(path: bad, "expected an auth: mapping such as {email: …, api_token_file: …}")) {
            _ = try ProjectInit.auth(fromFile: bad)
        }
    }
}
