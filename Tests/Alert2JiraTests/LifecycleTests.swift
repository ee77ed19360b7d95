import AlertConfig
import AlertModel
import AlertRules
import Foundation
import JSON
import JiraFake
import JiraKit
import JiraSpec
import TestSupport
import Testing

@testable import Alert2Jira

/// The alert lifecycle against the fake Jira over real HTTP: one issue per alert however often it
/// fires, comments on repeats, resolve and reopen transitions, flood control and bulk creates.
@Suite("Lifecycle against jira-fake")
struct LifecycleTests {
    /// A delivery with one rule to FINOPS / Task (standard workflow: Resolve needs a resolution).
    static func delivery(_ fake: InProcessJiraFake, rule extra: String = "", project: String = "FINOPS") throws -> Delivery {
        let yaml = """
            connections:
              jira: { url: "\(fake.url)", auth: { email: alert2jira@serviceaccount.example.com, api_token: fake-api-token } }
            rules:
              - name: costs
                project: \(project)
                issue_type: Task
                summary: "{{title}}"
            \(extra)
            """
        let config = try ConfigLoader(environment: [:]).load(yaml: yaml, file: "test.yaml", baseDirectory: "/nonexistent")
        let pipeline = Pipeline(config: config, ingestor: try Ingestor())
        return Delivery(pipeline: pipeline, clients: Delivery.curlClients(for: config, concurrency: 4), concurrency: 4)
    }

    static func plans(_ delivery: Delivery, _ documents: [String]) throws -> [Pipeline.Plan] {
        try documents.flatMap { json in
            try delivery.pipeline.plan(InputDocument(source: "test", line: 1, byteOffset: 0, result: .success(try JSONParser.parse(json)))).get()
        }
    }

    static func alert(_ fingerprint: String, status: String = "firing", title: String = "Spend spike", team: String = "finops") -> String {
        #"{"title":"\#(title)","fingerprint":"\#(fingerprint)","status":"\#(status)","labels":{"team":"\#(team)"}}"#
    }

    func issues(_ fake: InProcessJiraFake) async -> [SpecJSON] {
        await fake.fake.issues().arrayValue ?? []
    }

    func requests(_ fake: InProcessJiraFake) async -> [(method: String, path: String)] {
        ((await fake.fake.requestLog())["requests"]?.arrayValue ?? []).compactMap { entry in
            guard let method = entry["method"]?.stringValue, let path = entry["path"]?.stringValue else { return nil }
            return (method, path)
        }
    }

    @Test func firingRepeatResolvedAndFiringAgainGiveOneIssueCommentTransitionAndReopen() async throws {
        let fake = try await InProcessJiraFake.start()
        defer { fake.stop() }
        let delivery = try Self.delivery(
            fake,
            rule: """
                    dedup: { repeat_interval: 0s, reopen_window: 1h, reopen_transition: Reopen }
                    on_resolved: transition
                    resolve_transition: Resolve
                    resolution: Done
                """
        )
        var actions: [Outcome.Action] = []
        for status in ["firing", "firing", "resolved", "firing"] {
            let outcome = await delivery.deliver(try Self.plans(delivery, [Self.alert("fp-1", status: status)])[0], dryRun: false)
            #expect(outcome.failureStatus == nil, "\(outcome.problems)")
            actions.append(outcome.action)
        }
        #expect(actions == [.create, .comment, .transition, .transition])
        let all = await issues(fake)
        #expect(all.count == 1)
        let issue = try #require(all.first)
        #expect(issue["status"]?["category"] == "new")
        let comments = issue["comments"]?.arrayValue ?? []
        #expect(comments.count == 2)
        let history = issue["transitions"]?.arrayValue ?? issue["history"]?.arrayValue ?? []
        #expect(history.count == 2)
        // Reopening added no second dedup label: one dedup label and the three report labels.
        #expect(issue["fields"]?["labels"]?.arrayValue?.count == 4)
    }

    @Test func aBurstOfIdenticalAlertsDeliveredConcurrentlyMakesOneIssue() async throws {
        let fake = try await InProcessJiraFake.start()
        defer { fake.stop() }
        let delivery = try Self.delivery(fake)
        let plan = try Self.plans(delivery, [Self.alert("burst")])[0]
        let outcomes = await withTaskGroup(of: Outcome.self) { group in
            for _ in 0..<200 { group.addTask { await delivery.deliver(plan, dryRun: false) } }
            var all: [Outcome] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(await issues(fake).count == 1)
        #expect(outcomes.filter { $0.action == .create }.count == 1)
        #expect(outcomes.filter { $0.action == .skip }.count == 199)
        #expect(Set(outcomes.compactMap(\.issueKey)).count == 1)
    }

    @Test func distinctAlertsInOneBatchGoOutFiftyToABulkRequest() async throws {
        let fake = try await InProcessJiraFake.start()
        defer { fake.stop() }
        let delivery = try Self.delivery(fake)
        let outcomes = await delivery.deliver(try Self.plans(delivery, (0..<200).map { Self.alert("distinct-\($0)") }), dryRun: false)
        #expect(outcomes.allSatisfy { $0.action == .create && $0.issueKey != nil })
        #expect(await issues(fake).count == 200)
        let log = await requests(fake)
        #expect(log.filter { $0.method == "POST" && $0.path.hasSuffix("/issue/bulk") }.count == 4)
        #expect(log.filter { $0.method == "POST" && $0.path.hasSuffix("/issue") }.isEmpty)
        // One search per 50 keys, and the metadata once.
        #expect(log.filter { $0.path.hasSuffix("/search/jql") }.count == 4)
        #expect(log.count == 3 + 4 + 4)
    }

    @Test func aCreateWhoseAnswerWasLostIsFoundInsteadOfMadeTwice() async throws {
        let fake = try await InProcessJiraFake.start()
        defer { fake.stop() }
        _ = await fake.fake.addFault(FaultRule(kind: .dropAfterCommit, method: "POST", pathPattern: "/rest/api/3/issue", count: 1))
        let delivery = try Self.delivery(fake)
        let outcome = await delivery.deliver(try Self.plans(delivery, [Self.alert("lost")])[0], dryRun: false)
        #expect(outcome.action == .create, "\(outcome.problems)")
        #expect(outcome.issueKey == "FINOPS-1")
        #expect(await issues(fake).count == 1)
        #expect(await requests(fake).filter { $0.method == "POST" && $0.path.hasSuffix("/issue") }.count == 1)
    }

    /// `on_repeat: update` sends only what the issue's edit screen allows: OPS's Task screen has no description, and
    /// Jira would refuse an edit that sets it (the alert became a dead letter under serve).
    @Test(arguments: [("FINOPS", true), ("OPS", false)])
    func updatesSendOnlyTheFieldsOnTheEditScreen(project: String, descriptionOnScreen: Bool) async throws {
        let fake = try await InProcessJiraFake.start()
        defer { fake.stop() }
        let delivery = try Self.delivery(fake, rule: "    dedup: { on_repeat: update }", project: project)
        _ = await delivery.deliver(try Self.plans(delivery, [Self.alert("a", title: "Spend spike")]), dryRun: false)
        let outcome = await delivery.deliver(try Self.plans(delivery, [Self.alert("a", title: "Spend spike, again")])[0], dryRun: false)
        #expect(outcome.action == .update, "\(outcome.problems)")
        #expect(outcome.issueKey == "\(project)-1")
        let note = "description is not on the edit screen of \(project) / Task, so the update leaves it out"
        #expect(outcome.problems.contains(note) == !descriptionOnScreen, "\(outcome.problems)")
        let issue = try #require(await issues(fake).first)
        #expect(issue["fields"]?["summary"] == "Spend spike, again")
        let edits = await requests(fake).filter { $0.method == "PUT" }
        #expect(edits.map(\.path) == ["/rest/api/3/issue/\(project)-1"])
        // The edit screen is asked once per project and issue type.
        let second = await delivery.deliver(try Self.plans(delivery, [Self.alert("a", title: "Spend spike, third")])[0], dryRun: false)
        #expect(second.action == .update)
        #expect(await requests(fake).filter { $0.path.hasSuffix("/editmeta") }.count == 1)
    }

    @Test func labelTextThatLooksLikeJQLIsOnlyEverData() async throws {
        let fake = try await InProcessJiraFake.start()
        defer { fake.stop() }
        let delivery = try Self.delivery(fake, rule: "    dedup: { key: \"{{labels.team}}\" }")
        let hostile = #"x\" OR labels is not EMPTY OR labels = \"y"#
        _ = await delivery.deliver(try Self.plans(delivery, [Self.alert("a", team: "sre")]), dryRun: false)
        let outcome = await delivery.deliver(try Self.plans(delivery, [Self.alert("b", team: hostile)])[0], dryRun: false)
        // Had the text reached JQL it would have matched the first issue; it made its own instead.
        #expect(outcome.action == .create)
        #expect(await issues(fake).count == 2)
        let log = (await fake.fake.requestLog())["requests"]?.arrayValue ?? []
        // Searches are GETs with the JQL in the query string.
        let queries = log.compactMap { entry -> String? in
            guard entry["path"]?.stringValue?.hasSuffix("/search/jql") == true, let query = entry["query"]?.stringValue else { return nil }
            return URLComponents(string: "?" + query)?.queryItems?.first { $0.name == "jql" }?.value
        }
        #expect(!queries.isEmpty)
        #expect(queries.allSatisfy { !$0.contains("EMPTY") && $0.hasPrefix("labels in (\"alert2jira-") })
    }

    /// OPS's Task screen has no description: the flood issue is shaped from the create screen like any other issue,
    /// not refused for a description the rule never set.
    @Test(arguments: ["FINOPS", "OPS"])
    func floodControlSendsAlertsOverTheLimitToOneFloodIssue(project: String) async throws {
        let fake = try await InProcessJiraFake.start()
        defer { fake.stop() }
        let delivery = try Self.delivery(fake, rule: "    max_new_issues: { count: 2, per: 1h }", project: project)
        let outcomes = await delivery.deliver(
            try Self.plans(delivery, (0..<5).map { Self.alert("storm-\($0)", title: "storm \($0)") }),
            dryRun: false
        )
        #expect(outcomes.map(\.action) == [.create, .create, .comment, .comment, .comment])
        let all = await issues(fake)
        #expect(all.count == 3)
        let flood = try #require(
            all.first { $0["fields"]?["summary"]?.stringValue?.hasPrefix("Alert flood: rule costs passed 2 new issues per 1h") == true }
        )
        #expect(flood["comments"]?.arrayValue?.count == 3)
        #expect(Set(outcomes.suffix(3).compactMap(\.issueKey)) == [flood["key"]?.stringValue ?? "?"])
    }

    /// A preview asks Jira what the run asks (transitions and their screens, the edit screen), so over random
    /// lifecycles `--dry-run --online` shows, step by step, the action and the problems the real run then has.
    @Test(arguments: [
        "    on_resolved: transition\n    resolve_transition: Resolve\n    resolution: Done\n    dedup: { reopen_window: 1h, repeat_interval: 0s }",
        "    on_resolved: transition\n    resolve_transition: Close",
        "    on_resolved: transition\n    resolve_transition: Resolve",
        "    on_resolved: transition\n    resolve_transition: Done\n    dedup: { reopen_window: 1h, reopen_transition: Back }",
        "    dedup: { on_repeat: update }",
    ])
    func previewsShowWhatTheRunThenDoes(rule: String) async throws {
        for seed in 1...6 {
            let fake = try await InProcessJiraFake.start()
            defer { fake.stop() }
            let delivery = try Self.delivery(fake, rule: rule, project: seed % 2 == 0 ? "OPS" : "FINOPS")
            var generator = SeededGenerator(seed: UInt64(seed))
            for step in 0..<8 {
                let status = Bool.random(using: &generator) ? "firing" : "resolved"
                let alert = Self.alert("fp-\(Int.random(in: 0...1, using: &generator))", status: status, title: "step \(step)")
                let preview = await delivery.deliver(try Self.plans(delivery, [alert])[0], dryRun: true)
                let real = await delivery.deliver(try Self.plans(delivery, [alert])[0], dryRun: false)
                let context =
                    "seed \(seed) step \(step) \(status): preview \(preview.action) \(preview.problems), run \(real.action) \(real.problems)"
                #expect(preview.action == real.action, "\(context)")
                #expect(preview.problems == real.problems, "\(context)")
                if real.action != .create { #expect(preview.issueKey == real.issueKey, "\(context)") }
            }
        }
    }

    /// An issue resolved as Won't Do is never reopened and gets no successor while it stays so, as in jiralert and
    /// Alertmanager; without wont_fix_resolution the same lifecycle reopens it.
    @Test(arguments: [true, false])
    func anIssueResolvedAsWontFixIsLeftAlone(wontFix: Bool) async throws {
        let fake = try await InProcessJiraFake.start()
        defer { fake.stop() }
        let rule = """
                on_resolved: transition
                resolve_transition: Resolve
                resolution: "Won't Do"
                dedup: { reopen_window: 1h, repeat_interval: 0s }
            """ + (wontFix ? "\n    wont_fix_resolution: \"won't do\"" : "")
        let delivery = try Self.delivery(fake, rule: rule)
        var actions: [Outcome.Action] = []
        var last: Outcome?
        for status in ["firing", "resolved", "firing", "firing"] {
            let outcome = await delivery.deliver(try Self.plans(delivery, [Self.alert("wf", status: status)])[0], dryRun: false)
            actions.append(outcome.action)
            last = outcome
        }
        #expect(await issues(fake).count == 1)
        if wontFix {
            #expect(actions == [.create, .transition, .skip, .skip])
            #expect(last?.reason?.hasPrefix("FINOPS-1 was resolved as \"Won't Do\" (wont_fix_resolution): it is not reopened") == true)
            #expect(await issues(fake).first?["status"]?["category"] == "done")
        } else {
            #expect(actions == [.create, .transition, .transition, .comment])
        }
    }

    @Test func anUnknownResolveTransitionListsTheAvailableOnes() async throws {
        let fake = try await InProcessJiraFake.start()
        defer { fake.stop() }
        let delivery = try Self.delivery(fake, rule: "    on_resolved: transition\n    resolve_transition: Close")
        _ = await delivery.deliver(try Self.plans(delivery, [Self.alert("t")])[0], dryRun: false)
        let outcome = await delivery.deliver(try Self.plans(delivery, [Self.alert("t", status: "resolved")])[0], dryRun: false)
        #expect(outcome.action == .refused)
        #expect(outcome.problems.first?.hasPrefix("transition \"Close\" is not available for FINOPS-1 from its current status; available: ") == true)
    }

    @Test func aResolveTransitionNeedingAResolutionTheRuleDoesNotGiveIsRefused() async throws {
        let fake = try await InProcessJiraFake.start()
        defer { fake.stop() }
        let delivery = try Self.delivery(fake, rule: "    on_resolved: transition\n    resolve_transition: Resolve")
        _ = await delivery.deliver(try Self.plans(delivery, [Self.alert("r")])[0], dryRun: false)
        let outcome = await delivery.deliver(try Self.plans(delivery, [Self.alert("r", status: "resolved")])[0], dryRun: false)
        #expect(outcome.action == .refused)
        #expect(
            outcome.problems == ["transition \"Resolve\" of FINOPS-1 requires field \"Resolution\" (resolution); set resolution: in rule \"costs\""]
        )
    }

    @Test func aReplacedIssueLinksToTheOneResolvedBefore() async throws {
        let fake = try await InProcessJiraFake.start()
        defer { fake.stop() }
        let delivery = try Self.delivery(
            fake,
            rule: "    on_resolved: transition\n    resolve_transition: Resolve\n    resolution: Done\n    dedup: { reopen_window: 0s }"
        )
        for status in ["firing", "resolved", "firing"] {
            _ = await delivery.deliver(try Self.plans(delivery, [Self.alert("again", status: status)])[0], dryRun: false)
        }
        let all = await issues(fake)
        #expect(all.count == 2)
        let second = try #require(all.first { $0["key"] == "FINOPS-2" })
        #expect(second["links"]?.arrayValue?.first?["issue"] == "FINOPS-1")
    }

    /// Reopening is on by default (24h), as jiralert users expect: a flapping alert stays on one issue.
    @Test func aFlappingAlertReopensItsIssueByDefault() async throws {
        let fake = try await InProcessJiraFake.start()
        defer { fake.stop() }
        let delivery = try Self.delivery(fake, rule: "    on_resolved: transition\n    resolve_transition: Resolve\n    resolution: Done")
        var actions: [Outcome.Action] = []
        for status in ["firing", "resolved", "firing"] {
            actions.append(await delivery.deliver(try Self.plans(delivery, [Self.alert("flap", status: status)])[0], dryRun: false).action)
        }
        #expect(actions == [.create, .transition, .transition])
        let all = await issues(fake)
        #expect(all.count == 1)
        #expect(all.first?["status"]?["category"] == "new")
    }

    /// A workflow without the reopen transition: the default reopen comments on the resolved issue instead of
    /// refusing the alert, while a configured one is refused with the transitions there are.
    @Test(arguments: [false, true])
    func aDefaultReopenWithoutItsTransitionComments(configured: Bool) async throws {
        let sample = try String(contentsOfFile: RunnerTests.repository.appendingPathComponent("samples/jira-fake.yaml").path, encoding: .utf8)
        let reopen = #"- { id: "41", name: Reopen, from: [Done], to: To Do }"#
        #expect(sample.contains(reopen))
        let directory = try TemporaryDirectory(prefix: "a2j-reopen")
        defer { directory.cleanUp() }
        let path = try directory.write(
            "jira-fake.yaml",
            sample.replacingOccurrences(of: reopen, with: reopen.replacingOccurrences(of: "Reopen", with: "Back to work"))
        )
        let fake = try await InProcessJiraFake.start(configurationPath: path)
        defer { fake.stop() }
        let rule = "    on_resolved: transition\n    resolve_transition: Done" + (configured ? "\n    dedup: { reopen_window: 1h }" : "")
        let delivery = try Self.delivery(fake, rule: rule, project: "OPS")
        var outcomes: [Outcome] = []
        for status in ["firing", "resolved", "firing"] {
            outcomes.append(await delivery.deliver(try Self.plans(delivery, [Self.alert("flap", status: status)])[0], dryRun: false))
        }
        let missing = "transition \"Reopen\" is not available for OPS-1 from its current status; available: Back to work"
        if configured {
            #expect(outcomes.map(\.action) == [.create, .transition, .refused])
            #expect(outcomes[2].problems == [missing])
        } else {
            #expect(outcomes.map(\.action) == [.create, .transition, .comment])
            #expect(outcomes[2].reason?.contains(missing + "; commented on OPS-1 instead") == true, "\(outcomes[2].reason ?? "")")
            #expect(await issues(fake).first?["comments"]?.arrayValue?.count == 1)
        }
        #expect(await issues(fake).count == 1)
    }

    @Test func dryRunOnlineShowsTheActionsWithoutWritingAnything() async throws {
        let fake = try await InProcessJiraFake.start()
        defer { fake.stop() }
        let delivery = try Self.delivery(fake, rule: "    dedup: { repeat_interval: 0s }")
        _ = await delivery.deliver(try Self.plans(delivery, [Self.alert("seen")])[0], dryRun: false)
        let outcomes = await delivery.deliver(try Self.plans(delivery, [Self.alert("seen"), Self.alert("unseen")]), dryRun: true)
        #expect(outcomes.map(\.action) == [.comment, .create])
        #expect(outcomes[0].issueKey == "FINOPS-1")
        #expect(outcomes[1].request?.path == "/rest/api/3/issue")
        let all = await issues(fake)
        #expect(all.count == 1)
        #expect(all.first?["comments"]?.arrayValue?.isEmpty == true)
    }
}

/// A reproducible random sequence (SplitMix64), so a failing lifecycle can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
