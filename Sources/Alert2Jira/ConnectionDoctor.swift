import AlertModel
import AlertRules
import JiraKit

/// The online half of `alert2jira check`: logs in on every connection, checks the service account's
/// permissions, and preflights every (project, issue type) the rules can target, so a missing
/// permission or a new required field is found by a human before an alert finds it.
public struct ConnectionDoctor: Sendable {
    /// One line of the report, under a heading (a connection or a rule).
    public struct Finding: Sendable, Equatable {
        public enum Level: String, Sendable {
            case ok
            case warning
            case problem
        }

        public var heading: String
        public var level: Level
        public var message: String
    }

    public let delivery: Delivery
    public let samples: [String]

    public init(delivery: Delivery, samples: [String]) {
        self.delivery = delivery
        self.samples = samples
    }

    /// Permissions every target needs; the lifecycle adds more when rules comment or transition.
    static let basePermissions = ["BROWSE_PROJECTS", "CREATE_ISSUES"]

    public func run() async -> (findings: [Finding], status: ExitStatus) {
        var findings: [Finding] = []
        var status = ExitStatus.success
        var reachable: Set<String> = []
        let config = delivery.pipeline.config

        for name in delivery.clients.keys.sorted() {
            let client = delivery.clients[name]!
            let heading = "connection \(name) (\(client.connection.url))"
            do throws(JiraError) {
                let info = try await client.serverInfo()
                let flavor = try await client.flavor()
                let version = info["version"]?.stringValue ?? "?"
                findings.append(
                    Finding(
                        heading: heading,
                        level: .ok,
                        message: "Jira \(flavor == .cloud ? "Cloud" : "Data Center") \(version), REST \(flavor.apiPath)"
                    )
                )
                let me = try await client.myself()
                findings.append(Self.accountFinding(me, flavor: flavor, heading: heading))
                reachable.insert(name)
            } catch {
                findings.append(Finding(heading: heading, level: .problem, message: error.description))
                status = max(status, Delivery.status(for: error))
            }
        }

        // What each rule targets: from the samples it takes, else its own constant project/issue type.
        var targets: [String: [(draft: IssueDraft, fromSample: Bool)]] = [:]
        for path in samples {
            for case .create(_, let draft) in delivery.pipeline.plans(forFile: path) {
                targets[draft.rule, default: []].append((draft, true))
            }
        }
        for rule in config.rules where targets[rule.name] == nil {
            guard rule.project.isConstant, rule.issueType.isConstant else {
                findings.append(
                    Finding(
                        heading: "rule \(rule.name)",
                        level: .warning,
                        message: "its project or issue type is templated and no sample reaches it; add a sample to check it"
                    )
                )
                continue
            }
            let draft = delivery.pipeline.renderer.render(rule, for: Alert(source: "generic", title: "check"))
            targets[rule.name] = [(draft, false)]
        }

        var checkedPermissions: Set<String> = []
        for rule in config.rules {
            guard let drafts = targets[rule.name] else { continue }
            let heading = "rule \(rule.name)"
            var seen: Set<String> = []
            for (draft, fromSample) in drafts {
                let target = "\(draft.connection ?? "?") \(draft.project) / \(draft.issueType)"
                guard seen.insert(target + (fromSample ? "" : "#")).inserted else { continue }
                guard let connection = draft.connection, let client = delivery.clients[connection], reachable.contains(connection) else {
                    findings.append(Finding(heading: heading, level: .problem, message: "\(target): connection not reachable"))
                    status = max(status, .someFailed)
                    continue
                }
                if checkedPermissions.insert(connection + "/" + draft.project).inserted {
                    do throws(JiraError) {
                        let held = try await client.permissions(project: draft.project, keys: Self.basePermissions)
                        let missing = Self.basePermissions.filter { held[$0] != true }
                        if missing.isEmpty {
                            findings.append(
                                Finding(
                                    heading: heading,
                                    level: .ok,
                                    message: "\(connection) \(draft.project): permissions \(Self.basePermissions.joined(separator: ", "))"
                                )
                            )
                        } else {
                            findings.append(
                                Finding(
                                    heading: heading,
                                    level: .problem,
                                    message: "\(connection) \(draft.project): the service account lacks \(missing.joined(separator: ", "))"
                                )
                            )
                            status = max(status, .someFailed)
                        }
                    } catch {
                        findings.append(Finding(heading: heading, level: .problem, message: "\(connection) \(draft.project): \(error)"))
                        status = max(status, Delivery.status(for: error))
                    }
                }
                let outcome = await delivery.deliver(.create(Alert(source: "generic"), draft), dryRun: true)
                switch outcome.action {
                case .refused, .failed:
                    for problem in outcome.problems {
                        findings.append(Finding(heading: heading, level: .problem, message: problem))
                    }
                    status = max(status, outcome.failureStatus ?? .someFailed)
                default:
                    let origin = fromSample ? "a sample" : "the rule's own settings"
                    findings.append(Finding(heading: heading, level: .ok, message: "\(target): preflight passes for \(origin)"))
                }
            }
        }
        return (findings, status)
    }

    /// Who the connection acts as, and whether that looks like a dedicated account.
    static func accountFinding(_ me: JSONValue, flavor: JiraFlavor, heading: String) -> Finding {
        let display = me["displayName"]?.stringValue ?? "?"
        let id = me["accountId"]?.stringValue ?? me["name"]?.stringValue ?? "?"
        let email = me["emailAddress"]?.stringValue ?? ""
        let accountType = me["accountType"]?.stringValue
        let looksLikeService: Bool
        switch flavor {
        case .cloud:
            looksLikeService = accountType == "app" || email.hasSuffix("@serviceaccount.atlassian.com")
        case .datacenter:
            let lowered = (id + " " + display).lowercased()
            looksLikeService = ["bot", "svc", "service", "integration", "automation", "alert"].contains { lowered.contains($0) }
        }
        let message = "logged in as \(display) (\(id)\(accountType.map { ", \($0) account" } ?? ""))"
        return looksLikeService
            ? Finding(heading: heading, level: .ok, message: message + ": a dedicated service account")
            : Finding(
                heading: heading,
                level: .warning,
                message: message + ": looks like a person's account; use a dedicated service account so issues don't depend on one employee"
            )
    }
}
