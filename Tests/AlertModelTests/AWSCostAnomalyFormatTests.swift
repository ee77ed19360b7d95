import Foundation
import JSON
import Testing

@testable import AlertModel

@Suite struct AWSCostAnomalyFormatTests {
    /// An amount beyond `Double`'s range keeps the text the sender wrote, in the summary, the fields and the JSON
    /// output, instead of turning into `null` ("+null USD").
    @Test func anAmountBeyondDoublesRangeKeepsItsText() throws {
        let sample = String(decoding: try Samples.bytes("aws-cost-anomaly/mashiike-reactor_testdata_anomaly.json"), as: UTF8.self)
        let alert = try Samples.alert(json: sample.replacingOccurrences(of: "\"totalImpact\": 1001", with: "\"totalImpact\": 1e400"))
        #expect(alert.cost?.amountNumber?.text == "1e400")
        #expect(alert.summary.hasPrefix("Unexpected spend of 1e400 USD (333.67% above expected)"))
        #expect(alert.value(at: ["cost", "amount"]) == .number(JSONNumber(literal: "1e400")))
        #expect(alert.json()["cost"]?["amount"]?.jsonString == "1e400")
        #expect(alert.cost?.expectedNumber?.text == "300", "numbers in range read as before")
    }

    @Test func snsMessageBody() throws {
        let alert = try Samples.alert("aws-cost-anomaly/mashiike-reactor_testdata_anomaly.json")
        #expect(alert.source == "aws-cost-anomaly")
        #expect(alert.fingerprint == "12345678-abcd-ef12-3456-987654321a12")
        // The SNS message has no id; the SNS envelope supplies one.
        #expect(alert.id == "")
        #expect(alert.status == .firing)
        #expect(alert.severity == .high)
        #expect(alert.severityRaw == "333.67")
        #expect(alert.title == "AWS cost anomaly in Amazon Relational Database Service")
        #expect(
            alert.summary
                == "Unexpected spend of 1,001.00 USD (333.67% above expected) in Amazon Relational Database Service on account 123456789012: "
                + "1,301.00 USD spent, 300.00 USD expected, anomaly on 2021-05-25T00:00:00Z."
        )
        #expect(alert.cost == Cost(amount: 1001, expected: 300, actual: 1301, currency: "USD"))
        // The root cause names a different service than the monitored dimension.
        #expect(alert.resource == Resource(service: "Amazon Relational Database Service", account: "123456789012", region: "ap-northeast-1"))
        #expect(alert.labels["dimension_value"] == "Amazon Elastic Compute Cloud - Compute")
        #expect(alert.labels["monitor_arn"] == "arn:aws:ce::123456789012:anomalymonitor/abcdef12-1234-4ea0-84cc-918a97d736ef")
        #expect(alert.labels["root_cause_usage_type"] == "AnomalousUsageType")
        #expect(alert.labels["subscription_name"] == "alertSubscription")
        #expect(alert.annotations["anomaly_score"] == "0.47")
        #expect(alert.startsAt == "2021-05-25T00:00:00Z")
        #expect(alert.endsAt == "2021-05-25T00:00:00Z")
        #expect(
            alert.url
                == "https://console.aws.amazon.com/cost-management/home#/anomaly-detection/monitors/abcdef12-1234-4ea0-84cc-918a97d736ef/anomalies/12345678-abcd-ef12-3456-987654321a12"
        )
        #expect(alert.value(at: ["cost", "amount"]) == .number(JSONNumber(1001)))
    }

    @Test func eventBridgeDocsTextIsRefusedAtTheFirstComment() throws {
        let document = try Samples.document("aws-cost-anomaly/aws-docs_cad-user-notifications_eventbridge-anomaly-detected.txt")
        guard case .failure(.syntax(_, let error)) = try Ingestor().ingest(document) else {
            Issue.record("expected a syntax error")
            return
        }
        #expect(error.line == 3)
        #expect(error.column == 19)
        #expect(error.message.contains("'/'"))
    }

    // The cleaned copy of the documented EventBridge event: comments and the trailing comma removed, placeholders kept.
    @Test func eventBridgeEvent() throws {
        let alert = try Samples.alert("aws-cost-anomaly/aws-docs_cad-user-notifications_eventbridge-anomaly-detected.cleaned.json")
        #expect(alert.source == "aws-cost-anomaly")
        #expect(alert.id == "<id>")
        #expect(alert.fingerprint == "12345678-abcd-ef12-3456-987654321a12")
        #expect(alert.title == "AWS cost anomaly in <service name>")
        #expect(alert.cost == Cost(amount: 1001, expected: 300, actual: 1301, currency: "USD"))
        #expect(alert.resource == Resource(service: "<service name>", account: "<linked account ID>", region: "<region>"))
        #expect(alert.labels["dimension_value"] == "<dimension value>")
        #expect(alert.labels["monitor_name"] == "<your monitor name>")
        #expect(alert.labels["account_name"] == "<account name>")
        #expect(alert.annotations["root_cause_contribution"] == "601")
        #expect(alert.severity == .high)
    }

    @Test func smallAnomalyIsAWarningAndServiceFallsBackToTheDimension() throws {
        let alert = try Samples.alert(
            json: """
                {"anomalyId": "a-1", "accountId": "210987654321", "dimensionalValue": "AWS Lambda",
                 "impact": {"totalImpact": 12.5, "totalExpectedSpend": 50, "totalActualSpend": 62.5, "totalImpactPercentage": 25},
                 "rootCauses": []}
                """
        )
        #expect(alert.severity == .warning)
        #expect(alert.severityRaw == "25")
        #expect(alert.resource == Resource(service: "AWS Lambda", account: "210987654321", region: nil))
        #expect(
            alert.summary
                == "Unexpected spend of 12.50 USD (25% above expected) in AWS Lambda on account 210987654321: 62.50 USD spent, 50.00 USD expected."
        )
    }

    @Test func eventWithoutDetailIsRefused() throws {
        let error = try Samples.failure(json: #"{"source": "aws.ce", "detail-type": "Anomaly Detected"}"#)
        #expect(error.description.contains(#""detail" is missing or not an object"#))
    }
}
