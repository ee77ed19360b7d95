import JSON
import Testing

@testable import AlertModel

@Suite struct AWSSNSFormatTests {
    @Test func httpNotificationIsUnwrappedToTheCloudWatchAlarm() throws {
        let path = "aws-sns/alerta-tests_cloudwatch_notification_sns-http.json"
        let alert = try Samples.alert(path)
        #expect(alert.source == "aws-cloudwatch")
        #expect(alert.id == "e288882d-4281-5be4-8fde-dccc11c8cb01")
        #expect(alert.title == "bucketbytesAlarm")
        #expect(alert.labels["sns_topic_arn"] == "arn:aws:sns:eu-west-1:1234567890:alerta-test")
        // `raw` is the inner alarm message, not the envelope.
        #expect(alert.raw["AlarmName"]?.stringValue == "bucketbytesAlarm")
        #expect(alert.raw["TopicArn"] == nil)
    }

    @Test func lambdaEventIsUnwrappedPerRecord() throws {
        let alert = try Samples.alert("aws-sns/aws-lambda-go_cloudwatch-alarm-sns-payload-single-metric.json")
        #expect(alert.source == "aws-cloudwatch")
        #expect(alert.id == "95df01b4-ee98-5cb9-9903-4c221d41eb5e")
        #expect(alert.labels["sns_topic_arn"] == "arn:aws:sns:EXAMPLE")
        #expect(alert.title == "EXAMPLE")
    }

    @Test func severalRecordsGiveSeveralItems() throws {
        let object = try Samples.object("aws-sns/aws-lambda-go_cloudwatch-alarm-sns-payload-single-metric.json")
        let record = try #require(object.array("Records")?.first)
        let confirmation = try Samples.object("aws-sns/alerta-tests_sns_subscription_confirmation.json")
        let payload = JSONValue.object(JSONObject([("Records", .array([record, .object(JSONObject([("Sns", .object(confirmation))]))]))]))
        let items = try Samples.items(json: payload.jsonString)
        #expect(items.count == 2)
        guard case .alert(let alert) = items[0], case .notice(let notice) = items[1] else {
            Issue.record("expected an alert then a notice, got \(items)")
            return
        }
        #expect(alert.source == "aws-cloudwatch")
        #expect(notice.kind == "sns-subscription-confirmation")
    }

    @Test func subscriptionConfirmationIsANoticeNotAnAlert() throws {
        let notice = try Samples.notice("aws-sns/alerta-tests_sns_subscription_confirmation.json")
        let subscribeURL =
            "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:1234567890:alerta-test&Token=2336412f37fb687f5d51e6e241da92fd72d769c5b4ca6fd6cd6d30949d5a51abf7e21aae199b52813b6f2ea51b41e3119b599532d25df4e6aea368b3a6d8272d38688f73c116b04204e9afb2f5b1d8c4bdb823103299a9f1da7409f1dcf4096ba20a0b0222cc493586e76450e3be6715"
        #expect(notice.source == "aws-sns")
        #expect(notice.kind == "sns-subscription-confirmation")
        #expect(notice.details["SubscribeURL"] == subscribeURL)
        #expect(notice.details["TopicArn"] == "arn:aws:sns:eu-west-1:1234567890:alerta-test")
        #expect(notice.message.contains(subscribeURL))
        #expect(notice.message.contains("alert2jira serve"))
        #expect(notice.raw["Type"]?.stringValue == "SubscriptionConfirmation")
    }

    @Test func unsubscribeConfirmationIsANotice() throws {
        let items = try Samples.items(
            json: """
                {"Type": "UnsubscribeConfirmation", "MessageId": "47138184-6831-46b8-8f7c-afc488602d7d",
                 "Token": "2336412f37fb", "TopicArn": "arn:aws:sns:us-west-2:123456789012:MyTopic",
                 "Message": "You have chosen to deactivate subscription arn:aws:sns:us-west-2:123456789012:MyTopic:2bcfbf39.",
                 "SubscribeURL": "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:123456789012:MyTopic&Token=2336412f37fb",
                 "Timestamp": "2012-04-26T20:06:41.581Z"}
                """
        )
        guard items.count == 1, case .notice(let notice) = items[0] else {
            Issue.record("expected one notice, got \(items)")
            return
        }
        #expect(notice.kind == "sns-unsubscribe-confirmation")
        #expect(notice.details["TopicArn"] == "arn:aws:sns:us-west-2:123456789012:MyTopic")
        #expect(notice.message.contains("unsubscribed"))
    }

    @Test func plainTextMessageBecomesAnSNSAlert() throws {
        let alert = try Samples.alert(
            json: """
                {"Type": "Notification", "MessageId": "da41e39f-ea4d-435a-b922-c6aae3915ebe",
                 "TopicArn": "arn:aws:sns:us-west-2:123456789012:MyTopic", "Subject": "Backup failed",
                 "Message": "The nightly backup of db-1 failed: disk full", "Timestamp": "2012-04-25T21:49:25.719Z"}
                """
        )
        #expect(alert.source == "aws-sns")
        #expect(alert.id == "da41e39f-ea4d-435a-b922-c6aae3915ebe")
        #expect(alert.title == "Backup failed")
        #expect(alert.summary == "The nightly backup of db-1 failed: disk full")
        #expect(alert.startsAt == "2012-04-25T21:49:25.719Z")
        #expect(alert.labels["sns_topic_arn"] == "arn:aws:sns:us-west-2:123456789012:MyTopic")
        #expect(alert.fingerprint == StableHash.fnv1a64(["arn:aws:sns:us-west-2:123456789012:MyTopic", "Backup failed"]))
        #expect(alert.resource == Resource(service: "SNS", account: "123456789012", region: "us-west-2"))
        #expect(alert.raw["Type"]?.stringValue == "Notification")
    }

    @Test func plainTextWithoutSubjectGetsADefaultTitle() throws {
        let alert = try Samples.alert(
            json: #"{"Type": "Notification", "MessageId": "m-1", "TopicArn": "arn:aws:sns:us-east-1:1:t", "Message": "\"just a JSON string\""}"#
        )
        #expect(alert.source == "aws-sns")
        #expect(alert.title == "SNS notification")
        #expect(alert.summary == "\"just a JSON string\"")
    }

    @Test func costAnomalyMessageInsideSNSKeepsItsFormatAndGetsTheMessageId() throws {
        let message = String(decoding: try Samples.bytes("aws-cost-anomaly/mashiike-reactor_testdata_anomaly.json"), as: UTF8.self)
        let alert = try Samples.alert(
            json: """
                {"Type": "Notification", "MessageId": "0b1e5c7a-0000-4000-8000-000000000001",
                 "TopicArn": "arn:aws:sns:us-east-1:123456789012:cost-anomalies",
                 "Message": \(Samples.quoted(message)), "Timestamp": "2021-05-25T08:00:00.000Z"}
                """
        )
        #expect(alert.source == "aws-cost-anomaly")
        #expect(alert.id == "0b1e5c7a-0000-4000-8000-000000000001")
        #expect(alert.fingerprint == "12345678-abcd-ef12-3456-987654321a12")
        #expect(alert.labels["sns_topic_arn"] == "arn:aws:sns:us-east-1:123456789012:cost-anomalies")
        // The anomaly's own start wins over the delivery time.
        #expect(alert.startsAt == "2021-05-25T00:00:00Z")
        #expect(alert.raw["anomalyId"]?.stringValue == "12345678-abcd-ef12-3456-987654321a12")
    }

    @Test func nestedDecodeErrorsNameTheEnvelopeField() throws {
        let inner = #"{"schemaId": "azureMonitorCommonAlertSchema", "data": {}}"#
        let error = try Samples.failure(
            json: #"{"Type": "Notification", "MessageId": "m-1", "TopicArn": "arn:aws:sns:us-east-1:1:t", "Message": \#(Samples.quoted(inner))}"#
        )
        guard case .undecodable(_, _, let format, let reason) = error else {
            Issue.record("expected undecodable, got \(error)")
            return
        }
        #expect(format == "aws-sns")
        #expect(reason == #""Message.data.essentials" is missing or not an object (the common alert schema's essentials)"#)
    }

    @Test func unknownMessageTypeIsRefused() throws {
        let error = try Samples.failure(
            json: #"{"Type": "Notification", "MessageId": "m-1", "TopicArn": "t"}"#,
            ingestor: Ingestor(forcedFormat: "aws-sns")
        )
        #expect(error.description.contains(#""Message" is missing or not a string"#))
        let unknown = try Samples.failure(
            json: #"{"Type": "Telegram", "MessageId": "m-1", "TopicArn": "t", "Message": "x"}"#,
            ingestor: Ingestor(forcedFormat: "aws-sns")
        )
        // Not recognized as SNS, so the forced format is refused before decoding.
        #expect(unknown.description.contains("is not in the aws-sns format"))
        let inRecord = try Samples.failure(json: #"{"Records": [{"Sns": {"Type": "Telegram", "Message": "x"}}]}"#)
        #expect(inRecord.description.contains(#""Records[0].Sns.Type": unknown SNS message type "Telegram""#))
    }
}
