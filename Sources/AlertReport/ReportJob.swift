import AlertRules
import Contracts
import Foundation
import JSON
import JiraKit

/// What `alert2jira report` asks: the window, the filters and the grouping; and how it reads Jira to answer.
///
/// Read-only: it logs in, reads the status categories, searches the issues carrying alert2jira's marker label
/// and reads their changelogs. Browse Projects is all the service account needs.
public struct ReportJob: Sendable {
    public var window: ReportWindow
    public var projects: [String]
    public var rules: [String]
    public var groupBy: [ReportDimension]

    public init(window: ReportWindow, projects: [String] = [], rules: [String] = [], groupBy: [ReportDimension] = [.rule]) {
        self.window = window
        self.projects = projects
        self.rules = rules
        self.groupBy = groupBy
    }

    /// The search: the marker label, the window widened by a day each side (JQL dates are in the service
    /// account's time zone; the exact window is applied to the results), the projects and rules asked for.
    public func jql() -> String {
        var clauses = ["labels = \(JQL.string(ReportLabels.marker))"]
        clauses.append("created >= \(JQL.string(Self.day(window.since.addingTimeInterval(-86_400))))")
        clauses.append("created < \(JQL.string(Self.day(window.until.addingTimeInterval(2 * 86_400))))")
        if !projects.isEmpty { clauses.append("project in \(JQL.list(projects))") }
        if !rules.isEmpty { clauses.append("labels in \(JQL.list(rules.map(ReportLabels.rule)))") }
        return clauses.joined(separator: " AND ") + " ORDER BY created ASC"
    }

    /// Reads every connection's issues and computes the report. Connections to the same site count each issue once.
    /// - Parameter progress: hears what is being read, for a terminal.
    public func run(
        config: Config,
        clients: [String: JiraClient],
        progress: (@Sendable (String) -> Void)? = nil
    ) async throws(ReportError) -> Report {
        let known = Set(config.rules.map(\.name))
        for rule in rules where !known.contains(rule) {
            throw .badOption(
                "--rule",
                rule,
                "no rule of that name in \(config.file); rules: \(config.rules.map(\.name).sorted().joined(separator: ", "))"
            )
        }
        guard !clients.isEmpty else {
            throw .nothingToReport("\(config.file) defines no Jira connection; add a `jira:` or `connections:` section")
        }
        var ruleNames: [String: String] = [:]
        for rule in config.rules { ruleNames[ReportLabels.rule(rule.name)] = rule.name }
        let query = jql()
        var seen = Set<String>()
        var facts: [IssueFacts] = []
        for name in clients.keys.sorted() {
            guard let client = clients[name] else { continue }
            let site = client.connection.url.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            let serviceAccount: JiraUser
            let categories: [String: String]
            let histories: [IssueHistory]
            do throws(JiraError) {
                let account = try await client.myself()
                serviceAccount = JiraUser(json: account) ?? JiraUser(id: "", displayName: "")
                categories = try await client.statusCategories()
                histories = try await client.issueHistories(jql: query) { read, total in
                    progress?("\(name): \(read)\(total.map { " of \($0)" } ?? "") issues read")
                }
            } catch {
                if case .unauthenticated = error { throw .credentials(connection: name, error.description) }
                throw .jira(connection: name, error.description)
            }
            guard !serviceAccount.id.isEmpty else {
                throw .jira(connection: name, "GET myself named no user; check the connection's credentials")
            }
            for history in histories where history.created >= window.since && history.created < window.until {
                guard seen.insert(site + "|" + history.key).inserted else { continue }
                facts.append(
                    IssueFacts(history: history, serviceAccount: serviceAccount, categories: categories, ruleNames: ruleNames, siteURL: site)
                )
            }
        }
        return Report(window: window, groupBy: groupBy, issues: facts)
    }

    /// `2026-11-30`, UTC.
    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}
