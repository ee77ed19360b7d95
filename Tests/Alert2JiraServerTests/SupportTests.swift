import AlertConfig
import AlertRules
import Foundation
import Logging
import Testing

@testable import Alert2JiraServer
@testable import WebhookIngest

/// The small pieces: metric labels, SNS checks, constant-time comparison, log lines and redaction.
@Suite("Server support")
struct SupportTests {
    @Test func jiraPathsBecomeBoundedEndpointLabels() {
        #expect(EndpointLabel.normalize("/rest/api/3/issue") == "/rest/api/3/issue")
        #expect(EndpointLabel.normalize("/rest/api/3/issue/OPS-12/comment") == "/rest/api/3/issue/{key}/comment")
        #expect(EndpointLabel.normalize("/rest/api/2/issue/10023/transitions") == "/rest/api/2/issue/{id}/transitions")
        #expect(
            EndpointLabel.normalize("/rest/api/3/issue/createmeta/FINOPS/issuetypes/10002")
                == "/rest/api/3/issue/createmeta/{project}/issuetypes/{id}"
        )
        #expect(EndpointLabel.normalize("/rest/api/3/search/jql?maxResults=50") == "/rest/api/3/search/jql")
        #expect(EndpointLabel.normalize("/ex/jira/0b9a6a53-6d2f/rest/api/3/myself") == "/ex/jira/{cloudId}/rest/api/3/myself")
    }

    @Test func snsTopicPatterns() {
        let list = SNSTopicAllowList(["arn:aws:sns:eu-west-1:123456789012:alerts", "arn:aws:sns:*:210987654321:cost-*"])
        #expect(list.allows("arn:aws:sns:eu-west-1:123456789012:alerts"))
        #expect(!list.allows("arn:aws:sns:eu-west-1:123456789012:alerts-2"))
        #expect(list.allows("arn:aws:sns:us-east-1:210987654321:cost-anomalies"))
        #expect(!list.allows("arn:aws:sns:us-east-1:999999999999:cost-anomalies"))
        #expect(!SNSTopicAllowList([]).allows("arn:aws:sns:eu-west-1:1:a"))
    }

    @Test func onlySNSsOwnEndpointInTheTopicsRegionIsFetched() {
        let topic = "arn:aws:sns:eu-west-1:1234567890:alerta-test"
        #expect(
            SNSSubscription(topicArn: topic, subscribeURL: "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=x").urlProblem
                == nil
        )
        #expect(
            SNSSubscription(topicArn: topic, subscribeURL: "http://sns.eu-west-1.amazonaws.com/?Action=x").urlProblem
                == "the SubscribeURL is not https"
        )
        #expect(
            SNSSubscription(topicArn: topic, subscribeURL: "https://sns.us-east-1.amazonaws.com/?Action=x").urlProblem?.contains(
                "is not sns.eu-west-1.amazonaws.com"
            ) == true
        )
        #expect(SNSSubscription(topicArn: topic, subscribeURL: "https://sns.eu-west-1.amazonaws.com.evil.example/").urlProblem != nil)
        #expect(SNSSubscription(topicArn: topic, subscribeURL: "https://user:pw@sns.eu-west-1.amazonaws.com/").urlProblem != nil)
        #expect(SNSSubscription(topicArn: topic, subscribeURL: "https://sns.eu-west-1.amazonaws.com:8443/").urlProblem != nil)
        #expect(
            SNSSubscription(topicArn: "arn:aws-cn:sns:cn-north-1:1:t", subscribeURL: "https://sns.cn-north-1.amazonaws.com.cn/?x").urlProblem == nil
        )
        #expect(SNSSubscription(topicArn: "not-an-arn", subscribeURL: "https://sns.eu-west-1.amazonaws.com/").urlProblem != nil)
    }

    @Test func constantTimeComparison() {
        #expect(ConstantTime.equals(Array("token".utf8), Array("token".utf8)))
        #expect(!ConstantTime.equals(Array("token".utf8), Array("tokem".utf8)))
        #expect(!ConstantTime.equals(Array("token".utf8), Array("token-longer".utf8)))
        #expect(ConstantTime.matchesAny("b", [Array("a".utf8), Array("b".utf8)]))
        #expect(!ConstantTime.matchesAny("c", [Array("a".utf8), Array("b".utf8)]))
        #expect(SourceAuthenticator.credential("Bearer abc", scheme: "Bearer") == "abc")
        #expect(SourceAuthenticator.credential("BEARER abc", scheme: "Bearer") == "abc")
        #expect(SourceAuthenticator.credential("Bearerabc", scheme: "Bearer") == nil)
        #expect(SourceAuthenticator.credential("Bearer ", scheme: "Bearer") == nil)
        #expect(SourceAuthenticator.credential("Bearer  \tabc\t ", scheme: "Bearer") == "abc")
        #expect(SourceAuthenticator.credential("Bearer \t ", scheme: "Bearer") == nil)
        #expect(SourceAuthenticator.credential("Basic abc", scheme: "Bearer") == nil)
        #expect(SourceAuthenticator.credential("Bärer abc", scheme: "Bearer") == nil)
        #expect(SignatureEncoding.hex("0aFF") == [0x0A, 0xFF])
        #expect(SignatureEncoding.hex("0a0") == nil)
        #expect(SignatureEncoding.hex("zz") == nil)
    }

    @Test func httpWhitespaceIsSpacesAndTabsAtEitherEnd() {
        #expect(HTTPWhitespace.trimmed(" \t application/json\t ") == "application/json")
        #expect(HTTPWhitespace.trimmed("a b") == "a b")
        #expect(HTTPWhitespace.trimmed(" \t ") == "")
        #expect(HTTPWhitespace.trimmed("") == "")
        // Only HTTP's own whitespace: a no-break space or a line break is part of the value.
        #expect(HTTPWhitespace.trimmed("\u{A0}tök\u{A0} ") == "\u{A0}tök\u{A0}")
        #expect(HTTPWhitespace.trimmed("\nx") == "\nx")
    }

    @Test func logLinesInTextAndJSONWithSecretsMasked() {
        let redactor = SecretRedactor(secrets: ["hunter2-secret", "short"])
        let output = LogOutput.memory()
        let text = LogLineHandler.logger(format: .text, level: .info, redactor: redactor, output: output)
        text.info("alert create", metadata: ["rule": "infra", "project": "OPS", "note": "token hunter2-secret leaked"])
        text.debug("not written at info")
        let json = LogLineHandler.logger(format: .json, level: .debug, redactor: redactor, output: output)
        json.debug("said \"hunter2-secret\"", metadata: ["key": "OPS-1"])
        let lines = output.captured
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix(#" info alert create note="token *** leaked" project=OPS rule=infra"# + "\n"), "\(lines[0])")
        #expect(lines[1].contains(#""level":"debug","logger":"alert2jira","message":"said \"***\"","key":"OPS-1"}"#), "\(lines[1])")
        #expect(lines.allSatisfy { !$0.contains("hunter2") })
        redactor.update(["new-secret-value"])
        text.info("new-secret-value and hunter2-secret")
        #expect(output.captured.last?.contains("*** and hunter2-secret") == true)
    }

    @Test func quotedValuesAreJSONStringLiterals() {
        #expect(LogLineHandler.quoted("a \"b\" \\ c") == #""a \"b\" \\ c""#)
        #expect(LogLineHandler.quoted("line\nnext\ttab\u{1}") == #""line\nnext\ttab\u0001""#)
        #expect(LogLineHandler.quoted("") == #""""#)
    }

    @Test func timestampsAreRFC3339InUTC() {
        #expect(LogLineHandler.timestamp(Date(timeIntervalSince1970: 1_700_000_000.25)) == "2023-11-14T22:13:20.250Z")
    }
}
