/// A Jira connection for the output: where, which flavor, and credentials as `${VAR}` references or file
/// paths, never as values.
struct MigratedConnection: Sendable {
    var name: String
    var url: String
    var flavor: String
    /// `auth:` keys in order, values already written as they go in the file.
    var auth: [(key: String, value: String)]
    /// Extra connection keys (`ca_file`, `insecure_skip_verify`).
    var extra: [(key: String, value: String)] = []
    var comments: [String] = []
    var variables: [String]
}
