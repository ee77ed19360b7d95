import AlertModel
import Foundation
import JSON
import TestSupport
import Testing

/// `alert2jira send` and `check --online` against a real `jira-fake` process on loopback, for Jira
/// Cloud and Data Center: the binary, the libcurl transport, preflight and retries all for real.
@Suite("delivery to jira-fake end to end", .childProcessesStopped)
struct DeliveryTests {
    static let costAnomaly = CommandLineRunner.samplePath("aws-cost-anomaly/mashiike-reactor_testdata_anomaly.json")
    static let probeFailure = CommandLineRunner.samplePath("alertmanager/famedly-alertmanager-webhook-types_sample-v4-payload.json")
    static func dataCenter(_ config: String) -> String {
        config.replacingOccurrences(of: "flavor: cloud ", with: "flavor: datacenter ")
    }

    @Test func createsAnIssueOnCloudWithADFAndPrintsItsKey() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        let config = try fake.alert2jiraConfig()
        let result = try await CommandLineRunner.run(["--config", config, Self.costAnomaly])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("created FINOPS-1 \(fake.url)/browse/FINOPS-1"), "\(result.stdout)")
        let issue = try #require(try await fake.issues().first)
        #expect(issue["key"] == "FINOPS-1")
        let fields = try #require(issue["fields"])
        #expect(fields["summary"] == "Cost anomaly: Amazon Relational Database Service +1001 USD in account 123456789012")
        #expect(fields["description"]?["type"] == "doc")
        let labels = fields["labels"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(labels.prefix(3) == ["finops", "aws", "cost-anomaly"])
        #expect(labels.count == 7 && labels[3].hasPrefix("alert2jira-"))
        // Then what `report` finds the issue by: the marker, the rule and the source.
        #expect(labels.suffix(3) == ["alert2jira", "alert2jira-rule-aws-cost-anomaly", "alert2jira-source-aws-cost-anomaly"])
        // The flavor, a search for an issue with the alert's dedup label, the create metadata, the create.
        let requests = try await fake.requests().map { "\($0.method) \($0.path)" }
        #expect(
            requests == [
                "GET /rest/api/2/serverInfo", "GET /rest/api/3/search/jql", "GET /rest/api/3/issue/createmeta/FINOPS/issuetypes",
                "GET /rest/api/3/issue/createmeta/FINOPS/issuetypes/10002", "POST /rest/api/3/issue",
            ]
        )
    }

    @Test func createsAnIssueOnDataCenterWithWikiMarkupAndAPersonalAccessToken() async throws {
        let fake = try await JiraFakeProcess.start(edit: Self.dataCenter)
        defer { fake.stop() }
        let config = try fake.alert2jiraConfig(auth: "{ personal_access_token: fake-pat }")
        let result = try await CommandLineRunner.run(["--config", config, "--output", "json", Self.costAnomaly])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let line = try #require(try result.jsonLines().first)
        #expect(line["action"] as? String == "create")
        #expect(line["key"] as? String == "FINOPS-1")
        #expect(line["url"] as? String == "\(fake.url)/browse/FINOPS-1")
        let issue = try #require(try await fake.issues().first)
        #expect(issue["fields"]?["description"]?.stringValue?.hasPrefix("AWS Cost Anomaly Detection found spend") == true)
        #expect(try await fake.requests().contains { $0.method == "POST" && $0.path == "/rest/api/2/issue" })
    }

    @Test func aTargetWithAnUnfilledRequiredFieldIsRefusedAndNothingIsPosted() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        // The shipped rule sends critical Alertmanager alerts to OPS / Bug, whose screen requires
        // Environment and components, which the rule doesn't set.
        let result = try await CommandLineRunner.run(["--config", try fake.alert2jiraConfig(), Self.probeFailure])
        #expect(result.status == 1)
        #expect(result.stdout.contains("refused OPS / Bug"))
        #expect(
            result.stdout.contains(
                "project OPS / Bug: required field \"Environment\" (customfield_10050) has no default and the rule does not set it — add fields: {Environment: …} to rule \"infra-urgent\" (allowed: Production, Staging)"
            ),
            "\(result.stdout)"
        )
        #expect(
            result.stdout.contains(
                "required field \"Component/s\" (components) has no default and the rule does not set it — add fields: {components: …}"
            )
        )
        #expect(try await fake.requests().allSatisfy { !$0.path.hasSuffix("/issue") && !$0.path.hasSuffix("/issue/bulk") })
        #expect(try await fake.issues().isEmpty)
    }

    @Test func rateLimitsAndServerErrorsAreRetriedUntilTheIssueIsCreated() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        try await fake.control(
            "POST",
            "/_fake/faults",
            body: ["kind": "status", "status": 429, "retry_after": 1, "method": "POST", "path": "/rest/api/3/issue", "count": 1]
        )
        try await fake.control(
            "POST",
            "/_fake/faults",
            body: ["kind": "status", "status": 503, "method": "POST", "path": "/rest/api/3/issue", "count": 1]
        )
        let result = try await CommandLineRunner.run(["--config", try fake.alert2jiraConfig(), Self.costAnomaly])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let creates = try await fake.requests().filter { $0.method == "POST" && $0.path.hasSuffix("/issue") }.map(\.status)
        #expect(creates == [429, 503, 201])
        #expect(try await fake.issues().count == 1)
    }

    @Test func wrongCredentialsAreAClearConfigurationError() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        let result = try await CommandLineRunner.run(
            ["--config", try fake.alert2jiraConfig(), Self.costAnomaly],
            environment: ["TEST_JIRA_TOKEN": "WRONG-secret-token"]
        )
        #expect(result.status == 78)
        #expect(result.stdout.contains("Jira connection \"jira\" rejected the credentials (GET /rest/api/2/serverInfo → 401)"), "\(result.stdout)")
        #expect(!(result.stdout + result.stderr).contains("WRONG-secret-token"))
    }

    @Test func anUnreachableJiraExits69() async throws {
        let fake = try await JiraFakeProcess.start()
        let config = try fake.alert2jiraConfig()
        await fake.child.stop()
        let result = try await CommandLineRunner.run(["--config", config, Self.costAnomaly])
        #expect(result.status == 69)
        #expect(result.stdout.contains("Jira connection \"jira\" is unreachable"), "\(result.stdout)")
    }

    @Test func anOfflineDryRunNeverLoadsLibcurl() async throws {
        // The loader names every library it opens when LD_DEBUG=files; libcurl and what it pulls in cost
        // more of a one-shot run's start than the rest of the dry run.
        let dryRun = try await CommandLineRunner.run(
            ["--config", CommandLineRunner.samplePath("alert2jira.yaml"), "--dry-run", Self.costAnomaly],
            environment: ["LD_DEBUG": "files"]
        )
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stderr.contains("file=libsqlite3"), "LD_DEBUG did not report the libraries: \(dryRun.stderr.prefix(500))")
        #expect(!dryRun.stderr.contains("libcurl"))

        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        let send = try await CommandLineRunner.run(["--config", try fake.alert2jiraConfig(), Self.costAnomaly], environment: ["LD_DEBUG": "files"])
        #expect(send.status == 0, "\(send.stdout)")
        #expect(send.stderr.contains("file=libcurl.so.4"))
    }

    @Test func aMissingLibcurlIsAnErrorThatSaysWhatToInstall() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        // A libcurl.so.4 that is not a library, found first on the search path: dlopen refuses it.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("a2j-no-curl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("not a library".utf8).write(to: directory.appendingPathComponent("libcurl.so.4"))
        let result = try await CommandLineRunner.run(
            ["--config", try fake.alert2jiraConfig(), Self.costAnomaly],
            environment: ["LD_LIBRARY_PATH": directory.path]
        )
        #expect(result.status == 69, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("cannot load libcurl (\(directory.path)/libcurl.so.4"), "\(result.stdout)")
        #expect(result.stdout.contains("install the libcurl4 package"), "\(result.stdout)")
        #expect(try await fake.requests().isEmpty)
    }

    @Test func dryRunOnlineShowsTheBodyShapedByLiveMetadata() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        let result = try await CommandLineRunner.run([
            "--config", try fake.alert2jiraConfig(), "--dry-run", "--online", "--output", "json", Self.costAnomaly,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(try result.jsonLines().first)
        let fields = try #require(((line["request"] as? [String: Any])?["body"] as? [String: Any])?["fields"] as? [String: Any])
        // Live metadata names the issue type by id; offline previews can only use its name.
        #expect((fields["issuetype"] as? [String: Any])?["id"] as? String == "10002")
        #expect(try await fake.issues().isEmpty)
    }

    @Test func checkOnlineReportsTheAccountPermissionsAndEachTarget() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        let result = try await CommandLineRunner.run(["check", "--online", "--config", try fake.alert2jiraConfig()])
        // OPS / Bug needs fields the shipped rule doesn't set, so the check fails, naming them.
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("✓ Jira Cloud"))
        #expect(
            result.stdout.contains(
                "✓ logged in as alert2jira (712020:5f0e8a7c-9c55-4c43-a5e1-3a1d3b2f9a01, app account): a dedicated service account"
            )
        )
        #expect(result.stdout.contains("✓ jira FINOPS: permissions BROWSE_PROJECTS, CREATE_ISSUES"))
        #expect(result.stdout.contains("✓ jira FINOPS / Task: preflight passes for a sample"))
        #expect(result.stdout.contains("✗ project OPS / Bug: required field \"Environment\" (customfield_10050)"))
        #expect(try await fake.issues().isEmpty)
    }

    @Test func scopedTokensGoThroughTheGatewayWithTheDiscoveredCloudId() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        let config = try fake.alert2jiraConfig(
            auth: "{ email: alert2jira@serviceaccount.example.com, api_token: fake-scoped-token }\n    scoped: true\n    gateway_url: \(fake.url)"
        )
        let result = try await CommandLineRunner.run(["--config", config, Self.costAnomaly])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let paths = try await fake.requests().map(\.path)
        #expect(paths.first == "/_edge/tenant_info")
        #expect(paths.contains("/ex/jira/0b9a6a53-6d2f-4c44-9e43-1f6f8f0c2a11/rest/api/3/issue"))
        // The browse link stays on the site, not the gateway.
        #expect(result.stdout.hasPrefix("created FINOPS-1 \(fake.url)/browse/FINOPS-1"))
    }

    @Test func oauthClientCredentialsGetATokenAndUseTheGateway() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        let config = try fake.alert2jiraConfig(
            auth:
                "{ client_id: fake-client-id, client_secret: fake-client-secret }\n    gateway_url: \(fake.url)\n    token_url: \(fake.url)/oauth/token\n    cloud_id: 0b9a6a53-6d2f-4c44-9e43-1f6f8f0c2a11"
        )
        let result = try await CommandLineRunner.run(["--config", config, Self.costAnomaly])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let requests = try await fake.requests()
        #expect(requests.first.map { "\($0.method) \($0.path)" } == "POST /oauth/token")
        #expect(requests.filter { $0.path == "/oauth/token" }.count == 1)
        #expect(try await fake.issues().count == 1)
    }
}

/// The lifecycle across separate runs of the binary: Jira, not the process, remembers the issue.
@Suite("lifecycle across alert2jira runs", .childProcessesStopped)
struct LifecycleRunTests {
    /// A rule that comments on repeats at once, resolves with a transition and reopens within the hour.
    static let transitioningRule = """
          - name: costs
            project: FINOPS
            dedup: { repeat_interval: 0s, reopen_window: 1h }
            on_resolved: transition
            resolve_transition: Resolve
            resolution: Done
        """

    static func alert(status: String) -> Data {
        Data(#"{"title":"Spend spike","fingerprint":"fp-cli","status":"\#(status)","source":"x"}"#.utf8)
    }

    @Test func eachRunFindsTheIssueTheLastOneLeft() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        let config = try fake.alert2jiraConfig(rules: Self.transitioningRule)
        var lines: [[String: Any]] = []
        for status in ["firing", "firing", "resolved", "firing"] {
            let result = try await CommandLineRunner.run(["--config", config, "--output", "json"], stdin: Self.alert(status: status))
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            lines += try result.jsonLines()
        }
        #expect(lines.map { $0["action"] as? String } == ["create", "comment", "transition", "transition"])
        #expect(lines.map { $0["key"] as? String } == ["FINOPS-1", "FINOPS-1", "FINOPS-1", "FINOPS-1"])
        #expect((lines[3]["reason"] as? String)?.hasPrefix("the alert fired again within reopen_window: reopen FINOPS-1") == true)
        let issues = try await fake.issues()
        #expect(issues.count == 1)
        #expect(issues.first?["status"]?["category"] == "new")
    }

    /// `dedup.per: group`, jiralert's way: one issue for an Alertmanager group, its alerts listed in the description,
    /// the same notification again nothing, and a change of membership one comment.
    @Test func oneIssuePerAlertmanagerGroup() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        let config = try fake.alert2jiraConfig(
            rules: """
                  - name: groups
                    project: FINOPS
                    match: { source: alertmanager }
                    dedup: { per: group }
                """
        )
        let sample = try Data(
            contentsOf: URL(fileURLWithPath: CommandLineRunner.samplePath("alertmanager/prometheus-msteams_card-grafana-inspired-payload.json"))
        )
        var payload = try #require(try JSONSerialization.jsonObject(with: sample) as? [String: Any])
        var alerts = try #require(payload["alerts"] as? [[String: Any]])
        var lines: [[String: Any]] = []
        /// One run of the binary with the group's notification `times` times in a row (NDJSON).
        func send(times: Int = 1) async throws {
            payload["alerts"] = alerts
            let document = try JSONSerialization.data(withJSONObject: payload)
            let input = Data(Array(repeating: document, count: times).joined(separator: Data("\n".utf8)))
            let result = try await CommandLineRunner.run(["--config", config, "--output", "json"], stdin: input)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            lines += try result.jsonLines()
        }
        try await send(times: 2)
        alerts[1]["status"] = "resolved"
        try await send()
        #expect(lines.map { $0["action"] as? String } == ["create", "skip", "comment"], "\(lines.map { $0["reason"] ?? "" })")
        #expect(lines.map { $0["key"] as? String } == ["FINOPS-1", "FINOPS-1", "FINOPS-1"])
        let issues = try await fake.issues()
        #expect(issues.count == 1)
        let issue = try #require(issues.first)
        #expect(issue["fields"]?["summary"] == "JustATestAlert_1")
        let description = issue["fields"]?["description"]?.jsonString ?? ""
        for name in ["grafana", "nginx", "prometheus"] {
            #expect(description.contains("[firing] JustATestAlert_1 name=\(name)"), "\(description)")
        }
        let comments = issue["comments"]?.arrayValue ?? []
        #expect(comments.count == 1)
        #expect(comments.first?.jsonString.contains("[resolved] JustATestAlert_1 name=nginx") == true, "\(comments)")
    }

    /// The text output names the issue, with its link, for every action that touched one, not only for creates.
    @Test func textOutputNamesTheIssueForEveryActionThatTouchedOne() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        let config = try fake.alert2jiraConfig(rules: Self.transitioningRule)
        var lines: [String] = []
        for status in ["firing", "firing", "resolved"] {
            let result = try await CommandLineRunner.run(["--config", config], stdin: Self.alert(status: status))
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            lines.append(result.stdout.split(separator: "\n").first.map(String.init) ?? "")
        }
        let link = fake.url + "/browse/FINOPS-1"
        #expect(lines[0].hasPrefix("created FINOPS-1 \(link)  generic \"Spend spike\""), "\(lines[0])")
        #expect(lines[1].hasPrefix("comment FINOPS-1 \(link)  generic \"Spend spike\""), "\(lines[1])")
        #expect(lines[2].hasPrefix("transition FINOPS-1 \(link)  generic \"Spend spike\""), "\(lines[2])")
    }

    @Test func checkOnlineVerifiesLifecyclePermissionsAndTransitions() async throws {
        let fake = try await JiraFakeProcess.start()
        defer { fake.stop() }
        let config = try fake.alert2jiraConfig(
            rules: """
                  - name: costs
                    project: FINOPS
                    dedup: { field: Alert fingerprint, reopen_window: 1h }
                    on_resolved: transition
                    resolve_transition: Resolve
                    wont_fix_resolution: "Won't Do"
                  - name: typo
                    project: FINOPS
                    match: { title: never }
                    wont_fix_resolution: Wont Fix
                """
        )
        // An issue to check transitions on.
        _ = try await CommandLineRunner.run(["--config", config], stdin: Data(#"{"title":"x","fingerprint":"f"}"#.utf8))
        let result = try await CommandLineRunner.run(["check", "--online", "--config", config])
        #expect(result.status == 1, "\(result.stdout)")
        #expect(result.stdout.contains("✓ jira FINOPS: permissions BROWSE_PROJECTS, CREATE_ISSUES, ADD_COMMENTS, TRANSITION_ISSUES"))
        #expect(result.stdout.contains("✓ dedup field \"Alert fingerprint\" (customfield_10061) is a text field on the create screen"))
        #expect(
            result.stdout.contains("✗ transition \"Resolve\" requires \"Resolution\" (resolution), which the rule does not fill; set resolution:"),
            "\(result.stdout)"
        )
        #expect(result.stdout.contains("! transition \"Reopen\" not checked: FINOPS has no done issue to look at"))
        #expect(result.stdout.contains("✓ wont_fix_resolution \"Won't Do\" exists"), "\(result.stdout)")
        #expect(
            result.stdout.contains("✗ wont_fix_resolution \"Wont Fix\" is not a resolution of this site; resolutions: Done, Won't Do, Duplicate"),
            "\(result.stdout)"
        )
    }
}
