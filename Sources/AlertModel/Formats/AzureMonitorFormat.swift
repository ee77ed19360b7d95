import JSON

/// Azure Monitor's common alert schema: every Azure alert (metric, log, activity log, service health,
/// and cost budgets) arrives in this one layout when the action group enables it.
///
/// Severity `Sev0` → `critical`, `Sev1` → `high`, `Sev2` → `warning`, `Sev3`/`Sev4` → `info`, none →
/// `warning`; `monitorCondition: Resolved` → `resolved`. The fingerprint is `essentials.alertId`, which a
/// fired and a resolved notification share; `id` adds the fired or resolved time. `resource.account` is
/// the subscription of the first `alertTargetIDs` entry and `resource.service` its resource provider
/// (`microsoft.compute`). Labels are `customProperties` plus the useful `essentials` scalars.
///
/// Budget alerts (`monitoringService: CostAlerts`) have `severity`, `alertRule`, `signalType`,
/// `monitorCondition` and `alertTargetIDs` all null; their facts are in `alertContext.AlertData`:
/// `SpentAmount` (`"$11,111.00"`) is `cost.amount` and `cost.actual`, `BudgetThreshold` `cost.expected`,
/// `Unit` `cost.currency`, `BudgetName` the title, and `Scope`'s subscription `resource.account`.
public struct AzureMonitorFormat: AlertFormat {
    public init() {}

    public var id: String { "azure-monitor" }
    public var recognition: String { "an object with \"schemaId\": \"azureMonitorCommonAlertSchema\" and \"data.essentials\"" }

    static let schemaId = "azureMonitorCommonAlertSchema"

    public func recognizes(_ payload: JSONObject) -> Bool {
        payload.string("schemaId") == Self.schemaId
    }

    public func decode(_ payload: JSONObject, ingestor: Ingestor) throws(DecodeError) -> [IngestItem] {
        guard let data = payload.object("data") else { throw .missing(field: "data", expected: "an object") }
        guard let essentials = data.object("essentials") else {
            throw .missing(field: "data.essentials", expected: "an object (the common alert schema's essentials)")
        }
        guard let alertId = essentials.string("alertId") else {
            throw .missing(field: "data.essentials.alertId", expected: "a string")
        }
        let context = data.object("alertContext") ?? JSONObject()
        let monitoringService = essentials.string("monitoringService")
        let budget = context.object("AlertData").flatMap { monitoringService == "CostAlerts" || context.has("AlertCategory") ? $0 : nil }

        let severityRaw = essentials.string("severity") ?? ""
        let severity = Self.severity(severityRaw)
        let resolved = essentials.string("monitorCondition")?.lowercased() == "resolved"

        var labels = data.stringMap("customProperties")
        for key in ["alertRule", "monitoringService", "signalType", "monitorCondition", "severity", "alertRuleId", "originAlertId"] {
            if let value = essentials.string(key) { labels[key] = value }
        }
        if let items = essentials.array("configurationItems") {
            let names = items.compactMap(\.scalarText)
            if !names.isEmpty { labels["configurationItems"] = names.joined(separator: ",") }
        }

        var annotations: [String: String] = [:]
        annotations["description"] = essentials.string("description")
        annotations["conditionType"] = context.string("conditionType")
        if let criterion = context.array("condition", "allOf")?.first?.objectValue {
            annotations["metricName"] = criterion.string("metricName")
            annotations["metricNamespace"] = criterion.string("metricNamespace")
            annotations["operator"] = criterion.string("operator")
            annotations["threshold"] = criterion.string("threshold")
            annotations["metricValue"] = criterion.string("metricValue")
            annotations["timeAggregation"] = criterion.string("timeAggregation")
        }

        let target = essentials.array("alertTargetIDs")?.first?.stringValue.flatMap(AzureResourceID.init)
        var resource = target.map { Resource(service: $0.provider, account: $0.subscription) }
        var cost: Cost?
        var title = essentials.string("alertRule")
        var summary = essentials.string("description")

        if let budget {
            for (key, value) in budget {
                if let text = value.scalarText, !text.isEmpty { labels[key] = text }
            }
            cost = Cost(
                amount: budget.number("SpentAmount"),
                expected: budget.number("BudgetThreshold"),
                actual: budget.number("SpentAmount"),
                currency: budget.string("Unit")
            )
            title = budget.string("BudgetName") ?? title
            let scope = (budget.string("Scope") ?? budget.string("BudgetId")).flatMap(AzureResourceID.init)
            if resource == nil, let scope { resource = Resource(account: scope.subscription) }
            if summary == nil, let cost, let spent = cost.amount {
                summary =
                    "Spend of \(AmountText.format(spent, currency: cost.currency)) for budget \(title ?? "?")"
                    + (cost.expected.map { " of \(AmountText.format($0, currency: cost.currency))" } ?? "")
            }
        }

        let firedAt = Timestamps.rfc3339(essentials.string("firedDateTime"))
        let resolvedAt = Timestamps.rfc3339(essentials.string("resolvedDateTime"))
        let alert = Alert(
            source: id,
            id: "\(alertId)@\(resolved ? resolvedAt ?? "resolved" : firedAt ?? "fired")",
            fingerprint: alertId,
            status: resolved ? .resolved : .firing,
            severity: severity,
            severityRaw: severityRaw,
            title: title ?? "Azure Monitor alert",
            summary: summary ?? Self.fallbackSummary(essentials: essentials, annotations: annotations),
            labels: labels,
            annotations: annotations,
            startsAt: firedAt,
            endsAt: resolved ? resolvedAt : nil,
            url: Self.portalURL(alertId),
            cost: cost,
            resource: resource,
            raw: .object(payload)
        )
        return [.alert(alert)]
    }

    static func severity(_ text: String) -> Severity {
        switch text.lowercased() {
        case "sev0": .critical
        case "sev1": .high
        case "sev2": .warning
        case "sev3", "sev4": .info
        default: Severity.normalize(text) ?? .warning
        }
    }

    /// Metric alerts often have an empty description; say what crossed what instead.
    private static func fallbackSummary(essentials: JSONObject, annotations: [String: String]) -> String {
        let rule = essentials.string("alertRule") ?? "Azure Monitor alert"
        let condition = essentials.string("monitorCondition").map { " is \($0.lowercased())" } ?? ""
        guard let metric = annotations["metricName"] else { return rule + condition }
        var text = "\(rule)\(condition): \(metric)"
        if let aggregation = annotations["timeAggregation"] { text += " (\(aggregation.lowercased()))" }
        if let value = annotations["metricValue"] { text += " was \(value)" }
        if let op = annotations["operator"], let threshold = annotations["threshold"] { text += ", rule: \(op) \(threshold)" }
        return text
    }

    /// Azure portal deep link to the alert; only for real ARM ids (the docs' placeholders are skipped).
    private static func portalURL(_ alertId: String) -> String? {
        guard alertId.hasPrefix("/subscriptions/"), !alertId.contains("<"), !alertId.contains(" ") else { return nil }
        return "https://portal.azure.com/#resource\(alertId)"
    }
}

/// The parts of an Azure Resource Manager id that rules care about:
/// `/subscriptions/{sub}/resourceGroups/{group}/providers/{provider}/{type}/{name}`.
struct AzureResourceID: Sendable, Equatable {
    var subscription: String?
    var resourceGroup: String?
    var provider: String?

    init?(_ text: String) {
        let parts = text.split(separator: "/").map(String.init)
        guard !parts.isEmpty else { return nil }
        func after(_ key: String) -> String? {
            guard let index = parts.firstIndex(where: { $0.lowercased() == key.lowercased() }), index + 1 < parts.count else { return nil }
            return parts[index + 1]
        }
        subscription = after("subscriptions")
        resourceGroup = after("resourceGroups")
        provider = after("providers")
        if subscription == nil, resourceGroup == nil, provider == nil { return nil }
    }
}
