import JSON

/// Google Cloud Billing budget notifications: the JSON a budget publishes to its Pub/Sub topic
/// (usually unwrapped from a push delivery by ``GCPPubSubFormat``).
///
/// `costAmount` is `cost.amount` and `cost.actual`, `budgetAmount` `cost.expected`, `currencyCode`
/// `cost.currency`. The fingerprint hashes `budgetDisplayName` and `costIntervalStart`, so every threshold
/// crossed in one budget period updates one issue and the next period opens a new one.
///
/// Google sends a notification several times a day whether or not a threshold was crossed; only
/// `alertThresholdExceeded` (actual spend) or `forecastThresholdExceeded` (forecast) make it an alert.
/// Without either, the message is a spend report and becomes a notice (`gcp-budget-status`), so it files
/// no issue. Severity: Google defines none. alert2jira uses `warning`, and `high` once actual spend has
/// reached the budget (`alertThresholdExceeded` ≥ 1); `severityRaw` is the exceeded threshold as sent.
/// The message has no id of its own: the Pub/Sub envelope supplies `messageId`.
public struct GCPBudgetFormat: AlertFormat {
    public init() {}

    public var id: String { "gcp-budget" }
    public var recognition: String {
        "an object with \"budgetDisplayName\", \"costAmount\" and \"costIntervalStart\" (a budget's Pub/Sub message data)"
    }

    public func recognizes(_ payload: JSONObject) -> Bool {
        payload.string("budgetDisplayName") != nil && payload.has("costAmount") && payload.has("costIntervalStart")
    }

    public func decode(_ payload: JSONObject, ingestor: Ingestor) throws(DecodeError) -> [IngestItem] {
        guard let name = payload.string("budgetDisplayName") else {
            throw .missing(field: "budgetDisplayName", expected: "a string")
        }
        guard let spent = payload.number("costAmount") else {
            throw .missing(field: "costAmount", expected: "a number")
        }
        let currency = payload.string("currencyCode")
        let cost = Cost(amount: spent, expected: payload.number("budgetAmount"), actual: spent, currency: currency)
        let interval = payload.string("costIntervalStart") ?? ""
        let actualThreshold = payload.number("alertThresholdExceeded")
        let forecastThreshold = payload.number("forecastThresholdExceeded")

        var labels: [String: String] = ["budget_name": name]
        labels["budget_amount_type"] = payload.string("budgetAmountType")
        labels["cost_interval_start"] = payload.string("costIntervalStart")
        labels["alert_threshold_exceeded"] = payload.string("alertThresholdExceeded")
        labels["forecast_threshold_exceeded"] = payload.string("forecastThresholdExceeded")

        let spentText = AmountText.format(spent, currency: currency)
        let budgetText = cost.expected.map { AmountText.format($0, currency: currency) } ?? "?"
        guard actualThreshold != nil || forecastThreshold != nil else {
            let notice = Notice(
                source: id,
                kind: "gcp-budget-status",
                message: "Budget \(name) reports \(spentText) spent of \(budgetText) since \(interval); "
                    + "no threshold was exceeded, so no alert was filed (Google sends these reports several times a day).",
                details: labels.merging(["cost_amount": JSONNumber(spent).text]) { own, _ in own },
                raw: .object(payload)
            )
            return [.notice(notice)]
        }

        var summary: String
        if let actualThreshold {
            summary = "Actual spend of \(spentText) has exceeded \(AmountText.percent(actualThreshold * 100)) of the budget \(budgetText)"
        } else {
            summary =
                "Forecast spend has exceeded \(AmountText.percent(forecastThreshold! * 100)) of the budget \(budgetText); "
                + "\(spentText) spent so far"
        }
        if !interval.isEmpty { summary += " in the period starting \(interval)" }

        let thresholdText = payload.string("alertThresholdExceeded") ?? payload.string("forecastThresholdExceeded") ?? ""
        let alert = Alert(
            source: id,
            fingerprint: StableHash.fnv1a64([name, interval]),
            severity: (actualThreshold ?? 0) >= 1 ? .high : .warning,
            severityRaw: thresholdText,
            title: actualThreshold != nil
                ? "GCP budget \(name): \(AmountText.percent(actualThreshold! * 100)) threshold exceeded"
                : "GCP budget \(name): forecast exceeds \(AmountText.percent(forecastThreshold! * 100)) threshold",
            summary: summary + ".",
            labels: labels,
            cost: cost,
            raw: .object(payload)
        )
        return [.alert(alert)]
    }
}
