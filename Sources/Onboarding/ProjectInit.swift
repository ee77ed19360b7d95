import Alert2Jira
import AlertConfig
import AlertModel
import AlertRules
import Contracts
import Foundation
import JiraKit
import Yams

/// `alert2jira init --url … --project …`: logs in, reads the project's create screens, writes the scaffold, then
/// checks what it wrote the way `check --online` does.
public struct ProjectInit: Sendable {
    public var url: String
    public var project: String
    /// Issue type names; empty: Task, else Bug, else the first that is not a sub-task.
    public var issueTypes: [String]
    /// `nil`: ask the site.
    public var flavor: JiraFlavor?
    public var auth: ScaffoldAuth
    /// What the config's `${…}` references read: the process environment, plus an auth file's secrets.
    public var environment: [String: String]

    /// The scaffold, and what checking it online found.
    public struct Result: Sendable {
        public var scaffold: ProjectScaffold
        public var findings: [ConnectionDoctor.Finding]
        public var status: ExitStatus
    }

    public init(url: String, project: String, issueTypes: [String], flavor: JiraFlavor?, auth: ScaffoldAuth, environment: [String: String]) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.project = project.uppercased()
        self.issueTypes = issueTypes
        self.flavor = flavor
        self.auth = auth
        self.environment = environment
    }

    /// From an `--auth-file`: its `auth:` mapping (or a bare one). Secret values are handed over in the returned
    /// environment and written as `${VARIABLE}`; `*_file` paths and other keys are kept as they are.
    public static func auth(fromFile path: String) throws(InitError) -> (auth: ScaffoldAuth, environment: [String: String]) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .authFile(path: path, "cannot read it: \(error.localizedDescription)")
        }
        let root: Any?
        do {
            root = try Yams.load(yaml: text)
        } catch {
            throw .authFile(path: path, "not YAML: \(error)")
        }
        guard let top = root as? [String: Any], let mapping = (top["auth"] as? [String: Any]) ?? (top["auth"] == nil ? top : nil) else {
            throw .authFile(path: path, "expected an auth: mapping such as {email: …, api_token_file: …}")
        }
        var entries: [(key: String, value: String)] = []
        var variables: [String] = []
        var secrets: [String: String] = [:]
        for key in mapping.keys.sorted() {
            guard let value = mapping[key].map({ "\($0)" }) else { continue }
            if let variable = ScaffoldAuth.secretVariables[key] {
                entries.append((key, "${\(variable)}"))
                variables.append(variable)
                secrets[variable] = value
            } else {
                entries.append((key, ProjectScaffold.quoted(value)))
            }
        }
        guard !entries.isEmpty else { throw .authFile(path: path, "the auth: mapping is empty") }
        return (ScaffoldAuth(entries: entries, variables: variables), secrets)
    }

    /// Reads the project and writes nothing; the caller writes `result.scaffold`.
    public func run(today: Date = Date()) async throws(InitError) -> Result {
        let probe = ProjectScaffold(url: url, flavor: flavor ?? .cloud, auth: auth, project: project, screens: [], date: "")
        let client = try connect(probe, detectFlavor: flavor == nil)
        let siteFlavor = try await Self.asking { () async throws(JiraError) in try await client.flavor() }
        let types: [IssueTypeInfo]
        do {
            types = try await client.issueTypes(project: project)
        } catch .notFound {
            throw .noProject(project, url: url)
        } catch .rejected(status: 400, _, _, _) {
            // Cloud answers an unknown project's create metadata with 400 "No project could be found".
            throw .noProject(project, url: url)
        } catch {
            throw Self.initError(error)
        }
        var screens: [CreateMetadata] = []
        for type in try chosen(types) {
            let answer = try await Self.asking { () async throws(JiraError) in
                try await client.createMetadata(project: project, issueTypeName: type.name)
            }
            switch answer {
            case .success(let metadata): screens.append(metadata)
            case .failure(let refusal): throw .jira(refusal.description)
            }
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let scaffold = ProjectScaffold(
            url: url,
            flavor: siteFlavor,
            auth: auth,
            project: project,
            screens: screens,
            date: formatter.string(from: today)
        )
        let (findings, status) = await check(scaffold)
        return Result(scaffold: scaffold, findings: findings, status: status)
    }

    private static func asking<T>(_ call: () async throws(JiraError) -> T) async throws(InitError) -> T {
        do {
            return try await call()
        } catch {
            throw initError(error)
        }
    }

    private static func initError(_ error: JiraError) -> InitError {
        if case .unauthenticated = error { return .credentials(error.description) }
        return .jira(error.description)
    }

    private func chosen(_ types: [IssueTypeInfo]) throws(InitError) -> [IssueTypeInfo] {
        let standard = types.filter { !$0.subtask }
        guard !issueTypes.isEmpty else {
            let preferred = ["task", "bug"].lazy.compactMap { name in standard.first { $0.name.lowercased() == name } }.first
            return (preferred ?? standard.first ?? types.first).map { [$0] } ?? []
        }
        var picked: [IssueTypeInfo] = []
        for name in issueTypes {
            guard let type = types.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw .unknownIssueType(name, available: types.map(\.name))
            }
            if !picked.contains(type) { picked.append(type) }
        }
        return picked
    }

    /// A client for the connection the scaffold describes, loaded through the real config loader.
    private func connect(_ scaffold: ProjectScaffold, detectFlavor: Bool) throws(InitError) -> JiraClient {
        var text = scaffold.connectionLines().joined(separator: "\n") + "\n"
        if detectFlavor { text = text.replacingOccurrences(of: "    flavor: cloud\n", with: "    flavor: auto\n") }
        let config: Config
        do {
            config = try ConfigLoader(environment: environment).load(
                yaml: text + "rules: []\n",
                file: "init",
                baseDirectory: FileManager.default.currentDirectoryPath
            )
        } catch {
            throw .connection(error.problems.map(\.description).joined(separator: "; "))
        }
        guard let connection = config.connections["jira"] else { throw .connection("the connection could not be built") }
        return JiraClient(connection: connection, transport: Delivery.curlTransport(for: connection, concurrency: 2))
    }

    /// The written config, loaded and checked online: connection, permissions, and each rule's preflight.
    private func check(_ scaffold: ProjectScaffold) async -> ([ConnectionDoctor.Finding], ExitStatus) {
        do {
            let config = try ConfigLoader(environment: environment).load(
                yaml: scaffold.mainFile(includeRules: false),
                file: "alert2jira.yaml",
                baseDirectory: FileManager.default.currentDirectoryPath
            )
            let pipeline = Pipeline(config: config, ingestor: try Ingestor())
            let delivery = Delivery(pipeline: pipeline, clients: Delivery.curlClients(for: config, concurrency: 2))
            return await ConnectionDoctor(delivery: delivery, samples: []).run()
        } catch {
            return (
                [ConnectionDoctor.Finding(heading: "config", level: .problem, message: "the written config does not load: \(error)")], .configError
            )
        }
    }
}
