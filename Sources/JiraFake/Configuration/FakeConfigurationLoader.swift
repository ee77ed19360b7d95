import Foundation
import JiraSpec
import Yams

/// Reads a fake's config file (YAML, or JSON which is valid YAML) into a ``FakeConfiguration``.
///
/// Every key is checked, so a typo is an error with its `file:line:column` instead of a silently ignored
/// setting. See `samples/jira-fake.yaml` for a complete example.
public enum FakeConfigurationLoader {
    static let topLevelKeys = [
        "flavor", "version", "deployment_type", "cloud_id", "base_url", "server_title", "page_size", "token_lifetime_seconds",
        "request_log_limit",
        "users", "oauth_clients", "priorities", "resolutions", "custom_fields", "projects", "link_types", "faults",
    ]

    /// Loads the file at `path`.
    public static func load(path: String) throws(FakeConfigurationError) -> FakeConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw FakeConfigurationError(file: path, line: 1, column: 1, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try load(text: text, file: path)
    }

    /// Loads config text; `file` only names it in error messages.
    public static func load(text: String, file: String = "<config>") throws(FakeConfigurationError) -> FakeConfiguration {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw FakeConfigurationError(file: file, line: 1, column: 1, message: "the file is empty")
            }
            root = node
        } catch let error as FakeConfigurationError {
            throw error
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        } catch {
            throw FakeConfigurationError(file: file, line: 1, column: 1, message: "\(error)")
        }
        return try configuration(from: ConfigNode(node: root, file: file))
    }

    private static func yamlError(_ error: YamlError, file: String) -> FakeConfigurationError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return FakeConfigurationError(file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(problem)")
        default:
            return FakeConfigurationError(file: file, line: 1, column: 1, message: "invalid YAML: \(error)")
        }
    }

    static func configuration(from root: ConfigNode) throws(FakeConfigurationError) -> FakeConfiguration {
        let top = try root.mapping(allowed: topLevelKeys)
        let flavorNode = try top.required("flavor")
        guard let flavor = JiraDeployment(rawValue: try flavorNode.string()) else {
            throw flavorNode.error("flavor must be 'cloud' or 'datacenter'")
        }
        var configuration = FakeConfiguration(flavor: flavor)
        if let versionNode = top["version"] {
            guard let version = FakeVersion(parsing: try versionNode.string()) else {
                throw versionNode.error("version must look like 10.3.0")
            }
            configuration.version = version
        }
        if let typeNode = top["deployment_type"] {
            let type = try typeNode.string()
            guard ["Server", "DataCenter"].contains(type) else {
                throw typeNode.error("deployment_type is 'Server' or 'DataCenter' (Cloud always reports 'Cloud')")
            }
            configuration.deploymentType = type
        }
        if let cloudId = try top.string("cloud_id") { configuration.cloudId = cloudId }
        if let baseURL = try top.string("base_url") {
            configuration.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        }
        if let title = try top.string("server_title") { configuration.serverTitle = title }
        if let pageNode = top["page_size"] {
            let size = try pageNode.int()
            guard size >= 1 else { throw pageNode.error("page_size must be at least 1") }
            configuration.pageSize = size
        }
        if let lifetime = try top.int("token_lifetime_seconds") { configuration.tokenLifetimeSeconds = lifetime }
        if let limitNode = top["request_log_limit"] {
            let limit = try limitNode.int()
            guard limit >= 1 else { throw limitNode.error("request_log_limit must be at least 1") }
            configuration.requestLogLimit = limit
        }
        if let node = top["priorities"] { configuration.priorities = try namedValues(node, labelKey: "name") }
        if let node = top["resolutions"] { configuration.resolutions = try namedValues(node, labelKey: "name") }
        if let node = top["users"] { configuration.users = try users(node) }
        if let node = top["oauth_clients"] { configuration.oauthClients = try oauthClients(node) }
        if let node = top["custom_fields"] { configuration.customFields = try customFields(node) }
        if let node = top["link_types"] { configuration.linkTypes = try linkTypes(node) }
        if let node = top["projects"] { configuration.projects = try projects(node, configuration: configuration) }
        if let node = top["faults"] { configuration.faults = try faults(node) }
        try checkReferences(configuration, top: top)
        return configuration
    }

    /// `[{id: "1", name: Highest}, …]` (or `value:` for select options).
    static func namedValues(_ node: ConfigNode, labelKey: String) throws(FakeConfigurationError) -> [FakeAllowedValue] {
        var values: [FakeAllowedValue] = []
        for element in try node.sequence() {
            let mapping = try element.mapping(allowed: ["id", labelKey])
            let value = FakeAllowedValue(id: try mapping.required("id").string(), label: try mapping.required(labelKey).string())
            if values.contains(where: { $0.id == value.id }) { throw element.error("duplicate id '\(value.id)'") }
            values.append(value)
        }
        return values
    }

    static func linkTypes(_ node: ConfigNode) throws(FakeConfigurationError) -> [FakeLinkType] {
        var types: [FakeLinkType] = []
        for element in try node.sequence() {
            let mapping = try element.mapping(allowed: ["id", "name", "inward", "outward"])
            types.append(
                FakeLinkType(
                    id: try mapping.required("id").string(),
                    name: try mapping.required("name").string(),
                    inward: try mapping.required("inward").string(),
                    outward: try mapping.required("outward").string()
                )
            )
        }
        return types
    }

    static func faults(_ node: ConfigNode) throws(FakeConfigurationError) -> [FaultRule] {
        var rules: [FaultRule] = []
        for element in try node.sequence() {
            do {
                rules.append(try FaultRule(json: try element.json()))
            } catch let error as FaultRuleError {
                throw element.error(error.description)
            } catch {
                throw element.error("\(error)")
            }
        }
        return rules
    }

    /// Cross-references the sections can only check once all are read.
    private static func checkReferences(_ configuration: FakeConfiguration, top: ConfigMapping) throws(FakeConfigurationError) {
        for client in configuration.oauthClients {
            let known = configuration.users.contains { $0.accountId == client.user || $0.name == client.user }
            if !known, let node = top["oauth_clients"] {
                throw node.error("OAuth client '\(client.clientId)' acts as unknown user '\(client.user)'")
            }
        }
        var keys: Set<String> = []
        var ids: Set<String> = []
        for project in configuration.projects {
            if !keys.insert(project.key.uppercased()).inserted || !ids.insert(project.id).inserted, let node = top["projects"] {
                throw node.error("duplicate project key or id: \(project.key) (\(project.id))")
            }
        }
    }
}
