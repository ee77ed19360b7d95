import AlertModel
import AlertRules
import JiraKit

/// Turns planned drafts into Jira issues: create metadata, preflight, create, through one
/// ``JiraClient`` per connection.
///
/// With `dryRun` it stops after preflight, so `--dry-run --online` shows the exact body that would be
/// posted, shaped by live metadata, refusals included.
public struct Delivery: Sendable {
    public let pipeline: Pipeline
    public let clients: [String: JiraClient]

    public init(pipeline: Pipeline, clients: [String: JiraClient]) {
        self.pipeline = pipeline
        self.clients = clients
    }

    /// A client per configured connection, over libcurl.
    public static func curlClients(for config: Config, concurrency: Int) -> [String: JiraClient] {
        var clients: [String: JiraClient] = [:]
        for (name, connection) in config.connections {
            let transport = CurlTransport(
                options: CurlTransport.Options(
                    caFile: connection.caFile,
                    insecureSkipVerify: connection.insecureSkipVerify,
                    connectTimeout: connection.connectTimeout,
                    requestTimeout: connection.requestTimeout,
                    maximumConnections: max(1, concurrency)
                )
            )
            clients[name] = JiraClient(connection: connection, transport: transport)
        }
        return clients
    }

    /// Warnings worth printing before anything is sent.
    public static func startupWarnings(for config: Config) -> [String] {
        config.connections.values.sorted { $0.name < $1.name }.compactMap { connection in
            connection.insecureSkipVerify
                ? "connection \"\(connection.name)\": TLS certificate verification is OFF (insecure_skip_verify: true); anyone on the path can read the service account's credentials"
                : nil
        }
    }

    public func deliver(_ plan: Pipeline.Plan, dryRun: Bool) async -> Outcome {
        switch plan {
        case .done(let outcome):
            return outcome
        case .create(let alert, let draft):
            var outcome = Outcome(draft: draft, alert: alert)
            guard let name = draft.connection, let client = clients[name] else {
                outcome.action = .refused
                outcome.problems.append("no Jira connection is configured for project \(draft.project)")
                return outcome
            }
            do throws(JiraError) {
                try await create(draft, with: client, dryRun: dryRun, into: &outcome)
            } catch {
                outcome.action = .failed
                outcome.problems.append(error.description)
                outcome.failureStatus = Self.status(for: error)
            }
            return outcome
        }
    }

    private func create(_ draft: IssueDraft, with client: JiraClient, dryRun: Bool, into outcome: inout Outcome) async throws(JiraError) {
        let flavor = try await client.flavor()
        var retriedAfterRefresh = false
        while true {
            let request: IssueRequest
            switch try await client.createMetadata(project: draft.project, issueTypeName: draft.issueType) {
            case .failure(let refusal):
                refuse(&outcome, refusal)
                return
            case .success(let metadata):
                switch Preflight(flavor: flavor).check(draft, metadata: metadata) {
                case .failure(let refusal):
                    refuse(&outcome, refusal)
                    return
                case .success(let (shaped, notes)):
                    request = shaped
                    outcome.problems += notes
                }
            }
            outcome.request = request
            if dryRun { return }
            do {
                let issue = try await client.createIssue(request)
                outcome.issueKey = issue.key
                outcome.issueURL = issue.url
                return
            } catch .rejected(let status, let messages, let fieldErrors) where !fieldErrors.isEmpty && !retriedAfterRefresh {
                // Jira knows something the cached metadata didn't (a field became required, an
                // option was removed): fetch it again and preflight once more before giving up.
                retriedAfterRefresh = true
                await client.invalidateMetadata(project: draft.project)
                outcome.problems.append(
                    "Jira refused the create (\(status)): \(JiraError.join(messages, fieldErrors)); create metadata was refreshed and the issue checked again"
                )
            }
        }
    }

    private func refuse(_ outcome: inout Outcome, _ refusal: Refusal) {
        outcome.action = .refused
        outcome.problems += refusal.reasons.map { "project \(refusal.project) / \(refusal.issueType): \($0)" }
    }

    static func status(for error: JiraError) -> ExitStatus {
        switch error {
        case .unreachable: .unavailable
        case .temporarilyUnavailable: .temporaryFailure
        case .unauthenticated: .configError
        case .forbidden, .rejected, .notFound, .invalidResponse: .someFailed
        }
    }
}
