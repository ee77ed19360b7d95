import JSON
import Testing

@testable import AlertModel

@Suite struct FormatDetectionTests {
    /// Every JSON sample sits in the folder of the format it must be detected as.
    @Test func everySampleIsDetectedAsItsFolder() throws {
        let samples = try Samples.allJSON()
        #expect(samples.count >= 28)
        let ingestor = try Ingestor()
        for sample in samples {
            let payload = try Samples.object(sample.path)
            #expect(ingestor.detect(payload).id == sample.format, "\(sample.path)")
        }
    }

    @Test func everySampleDecodesWithoutErrors() throws {
        for sample in try Samples.allJSON() {
            let items = try Samples.items(sample.path)
            #expect(!items.isEmpty, "\(sample.path)")
            // The cleaned Alertmanager schema is all placeholders: no text to summarize, no real timestamp.
            let placeholders = sample.path.hasSuffix("schema.cleaned.json")
            for case .alert(let alert) in items {
                #expect(!alert.title.isEmpty, "\(sample.path)")
                #expect(!alert.fingerprint.isEmpty, "\(sample.path)")
                guard !placeholders else { continue }
                #expect(!alert.summary.isEmpty, "\(sample.path)")
                for time in [alert.startsAt, alert.endsAt].compactMap(\.self) {
                    #expect(Timestamps.rfc3339(time) == time, "\(sample.path): \(time)")
                }
            }
        }
    }

    @Test func registryHasTheDesignedFormats() {
        #expect(
            AlertFormats.ids.sorted() == [
                "alertmanager", "aws-cloudwatch", "aws-cost-anomaly", "aws-sns", "azure-budget", "azure-monitor", "datadog", "gcp-budget",
                "gcp-monitoring", "gcp-pubsub", "generic", "grafana", "pagerduty",
            ]
        )
        #expect(AlertFormats.ids.last == "generic")
        for format in AlertFormats.all {
            #expect(!format.recognition.isEmpty)
            #expect(!format.recognition.contains("not yet implemented"), "\(format.id)")
        }
    }

    @Test func forcedWrongFormatIsRefusedWithTheReason() throws {
        let ingestor = try Ingestor(forcedFormat: "pagerduty")
        let document = try Samples.document("datadog/codenow-fluffy_index-js_example-triggered.json")
        guard case .failure(let error) = ingestor.ingest(document), case .wrongFormat(let source, let line, let format, let reason) = error else {
            Issue.record("expected wrongFormat")
            return
        }
        #expect(source == "datadog/codenow-fluffy_index-js_example-triggered.json")
        #expect(line == 1)
        #expect(format == "pagerduty")
        #expect(reason == "it lacks the fields that identify one: " + PagerDutyFormat().recognition)
        #expect(error.description.contains("drop --format to detect the format automatically"))
    }

    @Test func forcedFormatThatFailsToDecodeSaysWhichField() throws {
        let error = try Samples.failure(
            json: #"{"event": {"event_type": "incident.triggered", "resource_type": "incident", "data": {"type": "incident", "title": "x"}}}"#,
            ingestor: Ingestor(forcedFormat: "pagerduty")
        )
        #expect(
            error
                == .undecodable(
                    source: "inline",
                    line: 1,
                    format: "pagerduty",
                    reason: #""event.data.id" is missing or not a string (the incident id)"#
                )
        )
    }

    @Test func forcedRightFormatDecodes() throws {
        let items = try Samples.items(
            "azure-monitor/azure-docs_alerts-payload-samples_test-action-actual-cost-budget.json",
            ingestor: Ingestor(forcedFormat: "azure-monitor")
        )
        #expect(items.count == 1)
    }

    @Test func forcedGenericAcceptsAnything() throws {
        let alert = try #require(
            try Samples.items("gcp-budget/gcp-docs_listen-to-notifications_budget-message-body.json", ingestor: Ingestor(forcedFormat: "generic"))
                .first
        )
        guard case .alert(let decoded) = alert else {
            Issue.record("expected an alert")
            return
        }
        #expect(decoded.source == "generic")
    }

    @Test func unknownForcedFormatIsAnError() {
        #expect(throws: IngestorError.unknownFormat("nagios", known: AlertFormats.ids)) { try Ingestor(forcedFormat: "nagios") }
    }

    @Test func unknownShapeIsGeneric() throws {
        let alert = try Samples.alert(json: #"{"foo": 1, "bar": [true]}"#)
        #expect(alert.source == "generic")
    }

    /// Shapes that share a key with a specific format but are not it.
    @Test(arguments: [
        #"{"title": "CPU high", "text": "on db-1"}"#,
        #"{"title": "deploy", "event_type": "deployment"}"#,
        #"{"incident": {"id": "INC-1", "name": "outage"}}"#,
        #"{"message": {"text": "hello"}}"#,
        #"{"message": {"data": "aGk="}}"#,
        #"{"Type": "Notification", "Message": "hi"}"#,
        #"{"Records": [{"eventSource": "aws:s3", "s3": {}}]}"#,
        #"{"source": "aws.ce", "detail-type": "Savings Plans State Change"}"#,
        #"{"source": "aws.cloudwatch", "detail-type": "CloudWatch Alarm Configuration Change"}"#,
        #"{"event": {"event_type": "push", "data": {}}}"#,
        #"{"schemaId": "Microsoft.Insights/activityLogs"}"#,
        #"{"anomalyId": "a-1"}"#,
        #"{"budgetDisplayName": "b"}"#,
        #"{"AlarmName": "x"}"#,
        #"{"alerts": [], "status": "firing"}"#,
    ])
    func lookalikesAreGeneric(json: String) throws {
        let alert = try Samples.alert(json: json)
        #expect(alert.source == "generic")
    }

    @Test func snsMessageTypesAreRecognized() throws {
        let format = AWSSNSFormat()
        for type in ["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"] {
            let value: JSONValue = ["Type": .string(type), "TopicArn": "arn:aws:sns:us-east-1:1:t", "MessageId": "m"]
            #expect(format.recognizes(try #require(value.objectValue)))
        }
    }

    @Test func notAnObjectIsRefused() throws {
        let error = try Samples.failure(json: "[1, 2]")
        #expect(error.description.contains("expected an object"))
    }
}
