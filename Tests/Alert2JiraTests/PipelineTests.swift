import AlertConfig
import AlertModel
import AlertRules
import Foundation
import JSON
import JiraKit
import Testing

@testable import Alert2Jira

/// Routing and rendering decisions before Jira: what each alert becomes, and the run's exit status.
@Suite("Pipeline plans and previews")
struct PipelineTests {
    static func pipeline(_ yaml: String) throws -> Pipeline {
        let config = try ConfigLoader(environment: [:]).load(yaml: yaml, file: "test.yaml", baseDirectory: "/nonexistent")
        return Pipeline(config: config, ingestor: try Ingestor())
    }

    static let twoRules = """
        connections:
          dc: { url: "https://jira.example.com", flavor: datacenter }
        rules:
          - name: first
            match: { severity: critical }
            continue: true
            project: OPS
          - name: second
            match: { labels.team: sre }
            project: SRE
        """

    func outcomes(_ pipeline: Pipeline, _ json: String) throws -> [Outcome] {
        let document = InputDocument(source: "test", line: 1, byteOffset: 0, result: .success(try JSONParser.parse(json)))
        return try pipeline.preview(document).get()
    }

    @Test func continueLetsAnAlertMatchLaterRulesToo() throws {
        let results = try outcomes(try Self.pipeline(Self.twoRules), #"{"title":"db down","severity":"critical","labels":{"team":"sre"}}"#)
        #expect(results.map(\.rule) == ["first", "second"])
        #expect(results.map(\.project) == ["OPS", "SRE"])
        #expect(results.map { $0.request?.path } == ["/rest/api/2/issue", "/rest/api/2/issue"])
        #expect(results.allSatisfy { $0.action == .create })
    }

    /// A project key rendered from alert text goes into request paths: what is not a Jira key is refused before any
    /// request, so `..` or `a/b` can never change which resource a request names.
    @Test(arguments: ["..", "OPS/../SRE", "OPS?x=1", "OPS%2F", "ops", "1OPS", "OPS KEY", "ÖPS"])
    func aRenderedProjectThatIsNotAJiraKeyIsRefused(project: String) throws {
        let yaml = """
            connections:
              dc: { url: "https://jira.example.com", flavor: datacenter }
            rules:
              - name: by-label
                project: "{{labels.project}}"
            """
        let alert = JSONValue.object(["title": "db down", "labels": .object(["project": .string(project)])])
        let results = try outcomes(try Self.pipeline(yaml), alert.jsonString)
        #expect(results.map(\.action) == [.refused])
        #expect(results.first?.request == nil)
        #expect(
            results.first?.problems.contains {
                $0.hasPrefix("project key \"\(project)\" is not a Jira project key") && $0.hasSuffix("(rendered from \"{{labels.project}}\")")
            } == true,
            "\(results.first?.problems ?? [])"
        )
    }

    @Test func aRenderedProjectThatIsAJiraKeyIsTaken() throws {
        let yaml =
            "connections:\n  dc: { url: \"https://jira.example.com\", flavor: datacenter }\nrules:\n  - name: r\n    project: \"{{labels.project}}\"\n"
        let results = try outcomes(try Self.pipeline(yaml), #"{"title":"db down","labels":{"project":"FIN_OPS2"}}"#)
        #expect(results.map(\.action) == [.create])
        #expect(results.map(\.project) == ["FIN_OPS2"])
    }

    /// Offline, `flavor: auto` can only guess Cloud: the preview says so, and how to make it exact.
    @Test(arguments: [("", true), ("flavor: auto, ", true), ("flavor: cloud, ", false), ("flavor: datacenter, ", false)])
    func anOfflinePreviewSaysWhenTheFlavorIsAssumed(flavor: String, assumed: Bool) throws {
        let yaml = "connections:\n  j: { \(flavor)url: \"https://jira.example.com\" }\nrules:\n  - name: r\n    project: OPS\n"
        let results = try outcomes(try Self.pipeline(yaml), #"{"title":"db down"}"#)
        let note =
            "connection \"j\" has flavor: auto, so this previews a Jira Cloud request without asking Jira; "
            + "set flavor: cloud or datacenter on the connection, or add --online to ask the site"
        #expect(results.first?.problems.contains(note) == assumed, "\(results.first?.problems ?? [])")
    }

    @Test func withoutContinueTheFirstMatchWins() throws {
        let yaml = Self.twoRules.replacingOccurrences(of: "continue: true", with: "continue: false")
        let results = try outcomes(try Self.pipeline(yaml), #"{"title":"db down","severity":"critical","labels":{"team":"sre"}}"#)
        #expect(results.map(\.rule) == ["first"])
    }

    @Test(arguments: [("report", 1, false), ("error", 1, true), ("drop", 0, false)])
    func unmatchedAlertsFollowThePolicy(policy: String, count: Int, failure: Bool) throws {
        let pipeline = try Self.pipeline(Self.twoRules + "\nunmatched: \(policy)\n")
        let results = try outcomes(pipeline, #"{"title":"nobody's","severity":"info"}"#)
        #expect(results.count == count)
        #expect(results.allSatisfy { $0.action == .unmatched && $0.problems == ["no rule matches this alert"] })
        var summary = RunSummary()
        for outcome in results { summary.record(outcome, unmatchedIsError: pipeline.config.unmatched == .error) }
        #expect((summary.exitStatus == .someFailed) == failure)
    }

    @Test func resolvedAlertsPreviewWhatTheyWouldDoToAnOpenIssue() throws {
        let results = try outcomes(try Self.pipeline(Self.twoRules), #"{"title":"db down","severity":"critical","status":"resolved"}"#)
        #expect(results.map(\.action) == [.comment])
        #expect(results.first?.reason?.hasPrefix("the alert is resolved: comment on the open issue labelled alert2jira-") == true)
        #expect(results.first?.request == nil)
    }

    @Test func firingAlertsPreviewTheirCreateWithTheDedupLabel() throws {
        let results = try outcomes(try Self.pipeline(Self.twoRules), #"{"title":"db down","severity":"critical","fingerprint":"fp-1"}"#)
        let labelValues = results.first?.request?.body["fields"]?["labels"]?.arrayValue ?? []
        let labels = labelValues.compactMap { $0.stringValue }
        let dedup = DedupLabel.make(rule: "first", project: "OPS", key: "generic:fp-1")
        // The dedup label, then what `report` finds the issue by: the marker, the rule and the source.
        #expect(labels == [dedup, "alert2jira", "alert2jira-rule-first", "alert2jira-source-generic"])
        #expect(results.first?.reason == "unless an open issue already carries \(dedup) (then: on_repeat comment)")
    }

    @Test func noticesAreSkippedWithTheirMessage() throws {
        let confirmation =
            #"{"Type":"SubscriptionConfirmation","MessageId":"m","TopicArn":"arn:aws:sns:eu-west-1:1:t","Message":"confirm","SubscribeURL":"https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription","Token":"t"}"#
        let results = try outcomes(try Self.pipeline(Self.twoRules), confirmation)
        #expect(results.map(\.action) == [.skip])
        #expect(results.first?.json["notice"]?["kind"] == "sns-subscription-confirmation")
        #expect(results.first?.json["alert"] == .null)
    }

    @Test func anEmptyProjectIsRefusedWithTheTemplate() throws {
        let yaml = """
            rules:
              - name: by-label
                project: "{{labels.project}}"
            """
        let results = try outcomes(try Self.pipeline(yaml), #"{"title":"x"}"#)
        #expect(results.map(\.action) == [.refused])
        #expect(results.first?.problems == ["the project template \"{{labels.project}}\" rendered empty"])
    }

    @Test(arguments: [
        ([Alert2Jira.ExitStatus.someFailed, .dataError], Alert2Jira.ExitStatus.dataError),
        ([.someFailed, .temporaryFailure], .temporaryFailure),
        ([.temporaryFailure, .unavailable], .unavailable),
        ([.unavailable, .configError], .configError),
        ([.success], .success),
    ])
    func theExitStatusAUserMustFixFirstWins(statuses: [Alert2Jira.ExitStatus], expected: Alert2Jira.ExitStatus) {
        #expect(statuses.max() == expected)
    }
}
