/// `alert2jira init --from-jiralert` and `--from-alertmanager`: another tool's Jira settings converted into an
/// alert2jira configuration that loads as it is, with what did not carry over kept as comments and returned
/// as problems.
public enum ConfigMigration {
    /// The rule file's path in the output, relative to `alert2jira.yaml`.
    public static let rulesPath = MigrationWriter.rulesPath

    /// Converts jiralert's `jiralert.yml` and the template file it names.
    public static func fromJiralert(configPath: String) throws(MigrationError) -> ConvertedConfig {
        var converter = JiralertConverter(document: try SourceDocument.load(configPath, what: "a jiralert config"))
        return try converter.convert()
    }

    /// Converts the `jira_configs` of the receivers in Alertmanager's `alertmanager.yml` (0.28 and later),
    /// with the templates its `templates:` files define.
    public static func fromAlertmanager(configPath: String) throws(MigrationError) -> ConvertedConfig {
        var converter = AlertmanagerConverter(document: try SourceDocument.load(configPath, what: "an Alertmanager config"))
        return try converter.convert()
    }

    static func assemble(
        header: [String],
        notes: [String],
        rules: [MigratedRule],
        planner: ConnectionPlanner,
        problems: [MigrationProblem]
    ) -> ConvertedConfig {
        var rules = rules
        // Rule names must be unique in alert2jira; receivers' names are, but several configs of one receiver are not.
        var seen: [String: Int] = [:]
        for index in rules.indices {
            let count = seen[rules[index].name, default: 0] + 1
            seen[rules[index].name] = count
            if count > 1 { rules[index].name += "-\(count)" }
        }
        if planner.connections.count == 1 {
            for index in rules.indices { rules[index].connection = nil }
        }
        var unique: [MigrationProblem] = []
        for problem in problems where !unique.contains(problem) {
            unique.append(problem)
        }
        let variables = planner.connections.flatMap(\.variables)
        var mainHeader = header
        if !variables.isEmpty {
            mainHeader.append("Set \(variables.joined(separator: ", ")) in the environment before running alert2jira.")
        }
        let files = [
            ConvertedFile(
                path: "alert2jira.yaml",
                contents: MigrationWriter.mainFile(header: mainHeader, connections: planner.connections, notes: notes)
            ),
            ConvertedFile(path: rulesPath, contents: MigrationWriter.rulesFile(header: header, rules: rules)),
        ]
        return ConvertedConfig(files: files, problems: unique, environmentVariables: variables)
    }
}
