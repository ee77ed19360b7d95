import JSON

/// AWS Cost Anomaly Detection: unexpected spend is the alert FinOps teams most want as a ticket, and AWS
/// sends it in two shapes that differ in small ways.
///
/// - The SNS message body (what the subscription's topic carries): top-level `anomalyId`, `impact`,
///   `rootCauses`, `dimensionalValue`, `accountId`, `monitorArn`, `anomalyDetailsLink`.
/// - The EventBridge event (`source: aws.ce`, `detail-type: Anomaly Detected`): the same body in
///   `detail`, but with `dimensionValue` and root causes carrying `impact.contribution`.
///
/// `cost.amount` is `totalImpact`, `cost.expected` `totalExpectedSpend`, `cost.actual`
/// `totalActualSpend`, all in USD (Cost Explorer reports in USD). `resource.service` is the first root
/// cause's service, else the monitored dimension value; `resource.account` the root cause's linked
/// account, else `accountId`; `resource.region` the root cause's region. The fingerprint is `anomalyId`,
/// so re-notifications of one anomaly update one issue.
///
/// Severity: AWS defines none. alert2jira uses `warning`, and `high` when `totalImpactPercentage` is 100
/// or more (spend at least doubled); `severityRaw` is that percentage as AWS wrote it. Anomalies have no
/// resolution message, so the status is always `firing`.
public struct AWSCostAnomalyFormat: AlertFormat {
    public init() {}

    public var id: String { "aws-cost-anomaly" }
    public var recognition: String {
        "an EventBridge event with \"source\": \"aws.ce\" and \"detail-type\": \"Anomaly Detected\", "
            + "or an object with \"anomalyId\" and \"impact\" (the SNS message)"
    }

    public func recognizes(_ payload: JSONObject) -> Bool {
        if payload.string("source") == "aws.ce" { return payload.string("detail-type") == "Anomaly Detected" }
        return payload.string("anomalyId") != nil && payload.object("impact") != nil
    }

    public func decode(_ payload: JSONObject, ingestor: Ingestor) throws(DecodeError) -> [IngestItem] {
        let isEvent = payload.string("source") == "aws.ce"
        let body: JSONObject
        if isEvent {
            guard let detail = payload.object("detail") else {
                throw .missing(field: "detail", expected: "an object (the anomaly)")
            }
            body = detail
        } else {
            body = payload
        }
        let prefix = isEvent ? "detail." : ""
        guard let anomalyId = body.string("anomalyId") else {
            throw .missing(field: prefix + "anomalyId", expected: "a string")
        }
        guard let impact = body.object("impact") else {
            throw .missing(field: prefix + "impact", expected: "an object (totalImpact, totalExpectedSpend, totalActualSpend)")
        }

        let rootCause = body.array("rootCauses")?.first?.objectValue ?? JSONObject()
        let dimension = body.string("dimensionalValue") ?? body.string("dimensionValue")
        let service = rootCause.string("service") ?? dimension
        let account = rootCause.string("linkedAccount") ?? body.string("accountId") ?? (isEvent ? payload.string("account") : nil)
        let region = rootCause.string("region")
        let cost = Cost(
            amount: impact.numberLiteral("totalImpact"),
            expected: impact.numberLiteral("totalExpectedSpend"),
            actual: impact.numberLiteral("totalActualSpend"),
            currency: "USD"
        )

        let percentageText = impact.string("totalImpactPercentage") ?? ""
        let percentage = impact.number("totalImpactPercentage")
        let severity: Severity = (percentage ?? 0) >= 100 ? .high : .warning

        var labels: [String: String] = ["anomaly_id": anomalyId]
        labels["dimension_value"] = dimension
        labels["monitor_arn"] = body.string("monitorArn")
        labels["monitor_name"] = body.string("monitorName")
        labels["account_id"] = body.string("accountId")
        labels["account_name"] = body.string("accountName")
        labels["subscription_name"] = body.string("subscriptionName")
        labels["root_cause_service"] = rootCause.string("service")
        labels["root_cause_account"] = rootCause.string("linkedAccount")
        labels["root_cause_account_name"] = rootCause.string("linkedAccountName")
        labels["root_cause_region"] = rootCause.string("region")
        labels["root_cause_usage_type"] = rootCause.string("usageType")

        var annotations: [String: String] = [:]
        annotations["anomaly_score"] = body.string("anomalyScore", "currentScore")
        annotations["max_anomaly_score"] = body.string("anomalyScore", "maxScore")
        annotations["max_impact"] = impact.string("maxImpact")
        annotations["total_impact_percentage"] = impact.string("totalImpactPercentage")
        annotations["root_cause_contribution"] = rootCause.string("impact", "contribution")
        annotations["feedback"] = body.string("feedback")

        let startsAt = Timestamps.rfc3339(body.string("anomalyStartDate"))
        let endsAt = Timestamps.rfc3339(body.string("anomalyEndDate"))
        let alert = Alert(
            source: id,
            // The SNS message has no id of its own; the SNS envelope supplies its MessageId.
            id: isEvent ? (payload.string("id") ?? "") : "",
            fingerprint: anomalyId,
            status: .firing,
            severity: severity,
            severityRaw: percentageText,
            title: "AWS cost anomaly in \(service ?? "an AWS account")",
            summary: Self.summary(cost: cost, percentage: percentage, service: service, account: account, start: startsAt, end: endsAt),
            labels: labels,
            annotations: annotations,
            startsAt: startsAt,
            endsAt: endsAt,
            url: body.string("anomalyDetailsLink"),
            cost: cost,
            resource: Resource(service: service, account: account, region: region),
            raw: .object(payload)
        )
        return [.alert(alert)]
    }

    private static func summary(cost: Cost, percentage: Double?, service: String?, account: String?, start: String?, end: String?) -> String {
        var parts: [String] = []
        if let amount = cost.amountNumber {
            var text = "Unexpected spend of \(AmountText.format(amount, currency: cost.currency))"
            if let percentage { text += " (\(AmountText.percent(percentage)) above expected)" }
            parts.append(text)
        } else {
            parts.append("Cost anomaly")
        }
        if let service { parts.append("in \(service)") }
        if let account { parts.append("on account \(account)") }
        var sentence = parts.joined(separator: " ")
        if let actual = cost.actualNumber, let expected = cost.expectedNumber {
            sentence +=
                ": \(AmountText.format(actual, currency: cost.currency)) spent, \(AmountText.format(expected, currency: cost.currency)) expected"
        }
        if let start {
            sentence += start == end || end == nil ? ", anomaly on \(start)" : ", anomaly from \(start) to \(end!)"
        }
        return sentence + "."
    }
}
