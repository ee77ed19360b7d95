import AlertModel
import AlertRules
import Contracts
import JSON
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

        public init(heading: String, level: Level, message: String) {
            self.heading = heading
            self.level = level
            self.message = message
        }
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
            for case .deliver(_, let draft) in delivery.pipeline.plans(forFile: path) {
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
        var checkedLifecycles: Set<String> = []
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
                let needed = Self.permissions(for: rule.lifecycle)
                if checkedPermissions.insert(connection + "/" + draft.project + "/" + needed.joined(separator: ",")).inserted {
                    await check(permissions: needed, project: draft.project, client: client, heading: heading, into: &findings, status: &status)
                }
                let outcome = await delivery.preflight(Alert(source: "generic"), draft)
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
                if checkedLifecycles.insert(rule.name + "/" + connection + "/" + draft.project).inserted {
                    await checkLifecycle(rule.lifecycle, draft: draft, client: client, heading: heading, into: &findings, status: &status)
                }
            }
        }
        return (findings, status)
    }

    /// The project permissions a rule's lifecycle needs: commenting, transitioning, editing issues.
    static func permissions(for policy: LifecyclePolicy) -> [String] {
        var keys = basePermissions
        if policy.needsComments { keys.append("ADD_COMMENTS") }
        if policy.needsTransitions { keys.append("TRANSITION_ISSUES") }
        if policy.needsEdits { keys.append("EDIT_ISSUES") }
        return keys
    }

    private func check(
        permissions keys: [String],
        project: String,
        client: JiraClient,
        heading: String,
        into findings: inout [Finding],
        status: inout ExitStatus
    ) async {
        let connection = client.connection.name
        do throws(JiraError) {
            let held = try await client.permissions(project: project, keys: keys)
            let missing = keys.filter { held[$0] != true }
            if missing.isEmpty {
                findings.append(
                    Finding(heading: heading, level: .ok, message: "\(connection) \(project): permissions \(keys.joined(separator: ", "))")
                )
            } else {
                findings.append(
                    Finding(
                        heading: heading,
                        level: .problem,
                        message: "\(connection) \(project): the service account lacks \(missing.joined(separator: ", "))"
                    )
                )
                status = max(status, .someFailed)
            }
        } catch {
            findings.append(Finding(heading: heading, level: .problem, message: "\(connection) \(project): \(error)"))
            status = max(status, Delivery.status(for: error))
        }
    }

    /// The dedup field exists, is on the create screen and holds text; the resolve and reopen
    /// transitions exist, checked on an issue of the project in the status they start from.
    private func checkLifecycle(
        _ policy: LifecyclePolicy,
        draft: IssueDraft,
        client: JiraClient,
        heading: String,
        into findings: inout [Finding],
        status: inout ExitStatus
    ) async {
        do throws(JiraError) {
            if let field = policy.dedupField {
                let id = try await delivery.dedupFieldID(field, client: client)
                if case .success(let metadata) = try await client.createMetadata(project: draft.project, issueTypeName: draft.issueType) {
                    if let info = metadata.fields.first(where: { $0.id == id }) {
                        if info.schema.type == "string" {
                            findings.append(
                                Finding(
                                    heading: heading,
                                    level: .ok,
                                    message: "dedup field \"\(field)\" (\(id)) is a text field on the create screen"
                                )
                            )
                        } else {
                            findings.append(
                                Finding(
                                    heading: heading,
                                    level: .problem,
                                    message: "dedup field \"\(field)\" (\(id)) holds \(info.schema.displayName), not text"
                                )
                            )
                            status = max(status, .someFailed)
                        }
                    } else {
                        findings.append(
                            Finding(
                                heading: heading,
                                level: .problem,
                                message: "dedup field \"\(field)\" (\(id)) is not on the create screen of \(draft.project) / \(draft.issueType)"
                            )
                        )
                        status = max(status, .someFailed)
                    }
                }
            }
            for (key, name) in [("resolution", policy.resolution), ("wont_fix_resolution", policy.wontFixResolution)] {
                guard let name else { continue }
                let known = try await client.resolutions()
                if known.contains(where: { $0.lowercased() == name.lowercased() }) {
                    findings.append(Finding(heading: heading, level: .ok, message: "\(key) \"\(name)\" exists"))
                } else {
                    findings.append(
                        Finding(
                            heading: heading,
                            level: .problem,
                            message: "\(key) \"\(name)\" is not a resolution of this site; resolutions: \(known.joined(separator: ", "))"
                        )
                    )
                    status = max(status, .someFailed)
                }
            }
            let checks: [(name: String, fromDone: Bool)] =
                (policy.onResolved == .transition ? [(policy.resolveTransition, false)] : [])
                + (policy.reopenWindow != nil && policy.reopenIsExplicit ? [(policy.reopenTransition, true)] : [])
            for (name, fromDone) in checks {
                let jql = "project = \(JQL.string(draft.project)) AND statusCategory \(fromDone ? "=" : "!=") Done ORDER BY created DESC"
                guard let sample = try await client.search(jql: jql, fields: ["status"], limit: 1).first else {
                    findings.append(
                        Finding(
                            heading: heading,
                            level: .warning,
                            message: "transition \"\(name)\" not checked: \(draft.project) has no \(fromDone ? "done" : "open") issue to look at"
                        )
                    )
                    continue
                }
                let available = try await client.transitions(of: sample.key)
                guard let transition = available.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                    findings.append(
                        Finding(
                            heading: heading,
                            level: .problem,
                            message:
                                "transition \"\(name)\" is not available from the status of \(sample.key); available: \(available.map(\.name).joined(separator: ", "))"
                        )
                    )
                    status = max(status, .someFailed)
                    continue
                }
                let blocking = transition.fields.filter { $0.required && !$0.hasDefaultValue && !($0.id == "resolution" && policy.resolution != nil) }
                if blocking.isEmpty {
                    findings.append(
                        Finding(heading: heading, level: .ok, message: "transition \"\(transition.name)\" is available (checked on \(sample.key))")
                    )
                } else {
                    findings.append(
                        Finding(
                            heading: heading,
                            level: .problem,
                            message:
                                "transition \"\(transition.name)\" requires \(blocking.map { "\"\($0.name)\" (\($0.id))" }.joined(separator: ", ")), which the rule does not fill"
                                + (blocking.contains { $0.id == "resolution" } ? "; set resolution:" : "")
                        )
                    )
                    status = max(status, .someFailed)
                }
            }
        } catch {
            findings.append(Finding(heading: heading, level: .problem, message: error.description))
            status = max(status, Delivery.status(for: error))
        }
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
