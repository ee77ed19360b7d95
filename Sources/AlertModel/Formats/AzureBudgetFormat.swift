import JSON

/// Azure's legacy budget notification (`"schemaId": "AIP Budget Notification"`): what a Cost Management
/// budget sends to an action group without the common alert schema, as in Microsoft's "Manage costs with
/// Azure Budgets" tutorial.
///
/// All values are strings: `SpendingAmount` is `cost.amount` and `cost.actual`, `Budget` `cost.expected`,
/// `Unit` `cost.currency`; `NotificationThresholdAmount` is the threshold as a fraction of the budget
/// (`"0.8"` = 80%), not an amount, and is kept as the label `notification_threshold`. `BudgetName` is the
/// title and `SubscriptionId` `resource.account`. There is no timestamp and no notification id.
///
/// Severity: Azure defines none. alert2jira uses `warning`, and `high` once spending has reached the
/// budget (`SpendingAmount` ≥ `Budget`); `severityRaw` is the threshold text. The fingerprint hashes
/// subscription, resource group, budget name and `BudgetStartDate`, so the 80% and 100% notifications of
/// one budget update one issue.
public struct AzureBudgetFormat: AlertFormat {
    public init() {}

    public var id: String { "azure-budget" }
    public var recognition: String { "an object with \"schemaId\": \"AIP Budget Notification\" and a \"data\" object" }

    static let schemaId = "AIP Budget Notification"

    public func recognizes(_ payload: JSONObject) -> Bool {
        payload.string("schemaId") == Self.schemaId
    }

    public func decode(_ payload: JSONObject, ingestor: Ingestor) throws(DecodeError) -> [IngestItem] {
        guard let data = payload.object("data") else {
            throw .missing(field: "data", expected: "an object (BudgetName, SpendingAmount, Budget, …)")
        }
        guard let budgetName = data.string("BudgetName") else {
            throw .missing(field: "data.BudgetName", expected: "a string")
        }
        let currency = data.string("Unit")
        let cost = Cost(
            amount: data.number("SpendingAmount"),
            expected: data.number("Budget"),
            actual: data.number("SpendingAmount"),
            currency: currency
        )
        let threshold = data.number("NotificationThresholdAmount")
        let reachedBudget = cost.actual.flatMap { actual in cost.expected.map { actual >= $0 } } ?? false

        var labels: [String: String] = ["budget_name": budgetName]
        labels["budget_type"] = data.string("BudgetType")
        labels["subscription_id"] = data.string("SubscriptionId")
        labels["subscription_name"] = data.string("SubscriptionName")
        labels["resource_group"] = data.string("ResourceGroup")
        labels["budget_creator"] = data.string("BudgetCreator")
        labels["budget_start_date"] = data.string("BudgetStartDate")
        labels["notification_threshold"] = data.string("NotificationThresholdAmount")

        var summary = "Budget \(budgetName)"
        if let subscription = data.string("SubscriptionName") ?? data.string("SubscriptionId") { summary += " (subscription \(subscription))" }
        if let spent = cost.amount {
            summary += ": spending is \(AmountText.format(spent, currency: currency))"
            if let budget = cost.expected { summary += " against a budget of \(AmountText.format(budget, currency: currency))" }
        }
        if let threshold { summary += ", notification threshold \(AmountText.percent(threshold * 100)) reached" }

        let alert = Alert(
            source: id,
            fingerprint: StableHash.fnv1a64([
                data.string("SubscriptionId") ?? "", data.string("ResourceGroup") ?? "", budgetName, data.string("BudgetStartDate") ?? "",
            ]),
            severity: reachedBudget ? .high : .warning,
            severityRaw: data.string("NotificationThresholdAmount") ?? "",
            title: budgetName,
            summary: summary + ".",
            labels: labels,
            cost: cost,
            resource: Resource(account: data.string("SubscriptionId")),
            raw: .object(payload)
        )
        return [.alert(alert)]
    }
}
