import JSON
import Testing

@testable import AlertModel

@Suite struct AWSCloudWatchFormatTests {
    @Test func snsHTTPSingleMetricAlarm() throws {
        let alert = try Samples.alert("aws-sns/alerta-tests_cloudwatch_notification_sns-http.json")
        #expect(alert.source == "aws-cloudwatch")
        #expect(alert.status == .firing)
        #expect(alert.severity == .warning)
        #expect(alert.severityRaw == "ALARM")
        #expect(alert.title == "bucketbytesAlarm")
        #expect(alert.summary == "Threshold Crossed: 1 datapoint [1062305.0 (14/02/19 23:53:00)] was greater than or equal to the threshold (0.0).")
        // No AlarmArn in this message: account, region code and name identify the alarm.
        #expect(alert.fingerprint == StableHash.fnv1a64(["1234567890", "eu-west-1", "bucketbytesAlarm"]))
        // AWS's "+0000" offset is written the RFC 3339 way.
        #expect(alert.startsAt == "2019-02-15T23:53:45.093+00:00")
        #expect(alert.endsAt == nil)
        #expect(alert.resource == Resource(service: "S3", account: "1234567890", region: "eu-west-1"))
        #expect(alert.labels["StorageType"] == "StandardStorage")
        #expect(alert.labels["BucketName"] == "try.alerta.io")
        #expect(alert.labels["metric_name"] == "BucketSizeBytes")
        #expect(alert.labels["namespace"] == "AWS/S3")
        #expect(alert.labels["previous_state"] == "INSUFFICIENT_DATA")
        #expect(alert.annotations["description"] == "bucket bytes size exceeded")
        #expect(alert.annotations["threshold"] == "0.0")
        #expect(alert.annotations["comparison_operator"] == "GreaterThanOrEqualToThreshold")
        #expect(alert.annotations["statistic"] == "AVERAGE")
        #expect(alert.url == "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/bucketbytesAlarm")
    }

    @Test func lambdaSNSSingleMetricAlarmWithPlaceholders() throws {
        let alert = try Samples.alert("aws-sns/aws-lambda-go_cloudwatch-alarm-sns-payload-single-metric.json")
        #expect(alert.source == "aws-cloudwatch")
        #expect(alert.fingerprint == "arn:aws:cloudwatch:REGION:ACCOUNT_NUMBER:alarm:EXAMPLE")
        #expect(alert.summary.hasPrefix("Threshold Crossed: 1 out of the last 1 datapoints [1234.0 (06/03/15 17:43:27)]"))
        #expect(alert.startsAt == "2015-06-03T17:43:27.123+00:00")
        // "Region": "EXAMPLE" is no region name, so the ARN's (placeholder) region is used, and no console link.
        #expect(alert.resource == Resource(service: "EC2", account: "123456789012", region: "REGION"))
        #expect(alert.url == nil)
        #expect(alert.labels["InstanceId"] == "TestInstance")
        #expect(alert.labels["metric_name"] == "NetworkOut")
    }

    // Shape: aws/aws-lambda-go events/testdata/cloudwatch-alarm-sns-payload-multiple-metrics.json (metric math, `Trigger.Metrics`).
    @Test func snsMetricMathAlarm() throws {
        let alert = try Samples.alert("aws-sns/aws-lambda-go_cloudwatch-alarm-sns-payload-multiple-metrics.json")
        #expect(alert.source == "aws-cloudwatch")
        #expect(alert.title == "EXAMPLE")
        #expect(alert.annotations["expression"] == "m1*1")
        #expect(alert.annotations["threshold"] == "0.0")
        #expect(alert.annotations["statistic"] == "Average")
        #expect(alert.labels["metric_name"] == "NetworkOut")
        #expect(alert.labels["namespace"] == "AWS/EC2")
        #expect(alert.labels["InstanceId"] == "TestInstance")
        #expect(alert.resource?.service == "EC2")
        #expect(alert.resource?.account == "EXAMPLE")
    }

    // Shape: amzn/rheoceros examples/alarming_and_metrics/metrics_route_specific_example.py (a captured composite alarm
    // delivered through SNS to Lambda: `AlarmRule` and `TriggeringChildren`, no `Trigger`); schema per the CloudWatch
    // user guide "Notifying users on alarm changes".
    @Test func snsCompositeAlarm() throws {
        let alert = try Samples.alert("aws-sns/rheoceros_metrics-route-specific-example_composite-alarm-sns-lambda-event.json")
        #expect(alert.source == "aws-cloudwatch")
        #expect(alert.id == "12c36222-e1fe-56f5-9540-3827d55d7732")
        #expect(alert.title == "if-sim-app_427809481713_us-east-1-test_node_monitor")
        #expect(alert.fingerprint == "arn:aws:cloudwatch:us-east-1:427809481713:alarm:if-sim-app_427809481713_us-east-1-test_node_monitor")
        #expect(alert.status == .firing)
        #expect(alert.labels["previous_state"] == "OK")
        #expect(alert.labels["metric_name"] == nil)
        #expect(
            alert.annotations["alarm_rule"]
                == "ALARM(arn:aws:cloudwatch:us-east-1:427809481713:alarm:if-sim-app_427809481713_us-east-1-metric_emitting_node_failure) OR ALARM(arn:aws:cloudwatch:us-east-1:427809481713:alarm:if-sim-app_427809481713_us-east-1-metric_emitting_long_execution)"
        )
        #expect(
            alert.annotations["triggering_alarms"]
                == "arn:aws:cloudwatch:us-east-1:427809481713:alarm:if-sim-app_427809481713_us-east-1-metric_emitting_node_failure"
        )
        #expect(alert.annotations["description"] == nil)
        #expect(alert.summary.hasSuffix("transitioned to ALARM at Wednesday 10 November, 2021 02:45:55 UTC"))
        // "US East (N. Virginia)" is mapped to its code; a composite has no namespace, so no service.
        #expect(alert.resource == Resource(service: nil, account: "427809481713", region: "us-east-1"))
        #expect(alert.startsAt == "2021-11-10T02:45:55.640+00:00")
        #expect(
            alert.url
                == "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/if-sim-app_427809481713_us-east-1-test_node_monitor"
        )
    }

    @Test func eventBridgeSingleMetricAlarm() throws {
        let alert = try Samples.alert("aws-cloudwatch/awsdocs-cloudwatch-eventbridge_state-change-single-metric.json")
        #expect(alert.source == "aws-cloudwatch")
        #expect(alert.id == "c4c1c1c9-6542-e61b-6ef0-8c4d36933a92")
        #expect(alert.fingerprint == "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh")
        #expect(alert.title == "ServerCpuTooHigh")
        #expect(alert.status == .firing)
        #expect(alert.severity == .warning)
        #expect(alert.startsAt == "2019-10-02T17:04:40.989+00:00")
        #expect(alert.summary.hasPrefix("Threshold Crossed: 1 out of the last 1 datapoints [99.50160229693434"))
        #expect(alert.labels["InstanceId"] == "i-12345678901234567")
        #expect(alert.labels["metric_name"] == "CPUUtilization")
        #expect(alert.labels["previous_state"] == "OK")
        #expect(alert.annotations["threshold"] == "50.0")
        #expect(alert.annotations["description"] == "Goes into alarm when server CPU utilization is too high!")
        #expect(alert.resource == Resource(service: "EC2", account: "123456789012", region: "us-east-1"))
    }

    // Shape: CloudWatch user guide "Alarm events and EventBridge", "State change for a metric math alarm"
    // (awsdocs/amazon-cloudwatch-user-guide doc_source/cloudwatch-and-eventbridge.md).
    @Test func eventBridgeMetricMathAlarm() throws {
        let alert = try Samples.alert("aws-cloudwatch/awsdocs-cloudwatch-eventbridge_state-change-metric-math.json")
        #expect(alert.title == "TotalNetworkTrafficTooHigh")
        #expect(alert.annotations["expression"] == "SUM(METRICS())")
        #expect(alert.annotations["threshold"] == "10000.0")
        #expect(alert.labels["metric_name"] == "NetworkIn,NetworkOut")
        #expect(alert.labels["namespace"] == "AWS/EC2")
        #expect(alert.labels["previous_state"] == "INSUFFICIENT_DATA")
        #expect(alert.startsAt == "2019-10-02T17:20:48.554+00:00")
        #expect(alert.resource?.service == "EC2")
    }

    // Shape: the same guide, "State change for a composite alarm with a suppressor alarm".
    @Test func eventBridgeCompositeAlarm() throws {
        let alert = try Samples.alert("aws-cloudwatch/awsdocs-cloudwatch-eventbridge_state-change-composite-with-suppressor.json")
        #expect(alert.title == "ServiceAggregatedAlarm")
        #expect(alert.fingerprint == "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServiceAggregatedAlarm")
        #expect(alert.annotations["alarm_rule"] == "ALARM(ServerCpuTooHigh) OR ALARM(TotalNetworkTrafficTooHigh)")
        // The children that tripped it come from the JSON inside `state.reasonData`.
        #expect(alert.annotations["triggering_alarms"] == "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh")
        #expect(alert.resource == Resource(service: nil, account: "123456789012", region: "us-east-1"))
        #expect(alert.status == .firing)
    }

    // Shape: the Lambda alarm action payload (CloudWatch user guide "Invoke a Lambda function from an alarm"), as
    // shipped in awslabs/aws-lambda-rust-runtime; its timestamps and ARN carry stray spaces.
    @Test func lambdaAlarmActionPayload() throws {
        let path = "aws-cloudwatch/aws-lambda-rust-runtime_example-cloudwatch-alarm-metric.json"
        let alert = try Samples.alert(path)
        #expect(alert.source == "aws-cloudwatch")
        #expect(alert.fingerprint == "arn:aws:cloudwatch:us-east-1:444455556666:alarm:lambda-demo-metric-alarm")
        #expect(alert.title == "lambda-demo-metric-alarm")
        #expect(alert.summary == "test")
        #expect(alert.id == "")
        // "2023-08-04T12: 36: 15.490+0000" is no timestamp; it stays only in raw.
        #expect(alert.startsAt == nil)
        #expect(alert.labels["InstanceId"] == "i-12345678")
        #expect(alert.resource == Resource(service: "Logs", account: "444455556666", region: "us-east-1"))
    }

    @Test func okIsResolvedAndInsufficientDataIsInfo() throws {
        func message(_ state: String) -> String {
            #"{"AlarmName": "api-5xx", "AWSAccountId": "111122223333", "NewStateValue": "\#(state)", "OldStateValue": "ALARM", "#
                + #""NewStateReason": "back to normal", "StateChangeTime": "2024-03-01T10:00:00.000+0000", "Region": "Europe (Frankfurt)", "#
                + #""Trigger": {"MetricName": "5XXError", "Namespace": "AWS/ApiGateway", "Dimensions": [{"name": "ApiName", "value": "shop"}]}}"#
        }
        let resolved = try Samples.alert(json: message("OK"))
        #expect(resolved.status == .resolved)
        #expect(resolved.severityRaw == "OK")
        #expect(resolved.endsAt == "2024-03-01T10:00:00.000+00:00")
        #expect(resolved.startsAt == nil)
        #expect(resolved.resource == Resource(service: "ApiGateway", account: "111122223333", region: "eu-central-1"))
        #expect(resolved.fingerprint == StableHash.fnv1a64(["111122223333", "eu-central-1", "api-5xx"]))
        #expect(resolved.id == "")

        let noData = try Samples.alert(json: message("INSUFFICIENT_DATA"))
        #expect(noData.status == .firing)
        #expect(noData.severity == .info)
        #expect(noData.severityRaw == "INSUFFICIENT_DATA")
    }

    @Test func eventBridgeResolutionKnowsWhenTheAlarmStarted() throws {
        var event = try Samples.object("aws-cloudwatch/awsdocs-cloudwatch-eventbridge_state-change-single-metric.json")
        var detail = try #require(event.object("detail"))
        // The alarm of the sample goes back to OK half an hour later.
        detail["previousState"] = detail["state"]
        detail["state"] = ["value": "OK", "reason": "Threshold Crossed: back below 50.0", "timestamp": "2019-10-02T17:34:40.989+0000"]
        event["detail"] = .object(detail)
        let alert = try Samples.alert(json: JSONValue.object(event).jsonString)
        #expect(alert.status == .resolved)
        #expect(alert.startsAt == "2019-10-02T17:04:40.989+00:00")
        #expect(alert.endsAt == "2019-10-02T17:34:40.989+00:00")
        // The SNS and EventBridge shapes of one alarm share its fingerprint.
        #expect(alert.fingerprint == "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh")
    }

    @Test func otherCloudWatchEventsAreNotAlarms() throws {
        let format = AWSCloudWatchFormat()
        let value: JSONValue = [
            "source": "aws.cloudwatch", "detail-type": "CloudWatch Alarm Configuration Change", "detail": ["alarmName": "x"],
        ]
        let configurationChange = try #require(value.objectValue)
        #expect(!format.recognizes(configurationChange))
        #expect(throws: DecodeError.self) { try format.decode(configurationChange, ingestor: Ingestor()) }
    }
}
