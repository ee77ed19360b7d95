import Testing

@testable import AlertModel

@Suite struct AzureBudgetFormatTests {
    // Shape: Microsoft Learn "Manage costs with Azure Budgets" (cost-management-budget-scenario.md), the sample the
    // tutorial pastes into a Logic App to parse the legacy action-group payload.
    @Test func legacyBudgetNotification() throws {
        let alert = try Samples.alert("azure-budget/azure-docs_cost-management-budget-scenario_aip-budget-notification.json")
        #expect(alert.source == "azure-budget")
        #expect(alert.title == "BudgetName")
        #expect(alert.status == .firing)
        // Spending (100) is past the budget (50).
        #expect(alert.severity == .high)
        #expect(alert.severityRaw == "0.8")
        #expect(alert.cost == Cost(amount: 100, expected: 50, actual: 100, currency: "USD"))
        #expect(alert.resource == Resource(account: "<GUID>"))
        #expect(
            alert.summary
                == "Budget BudgetName (subscription CCM - Microsoft Azure Enterprise - 1): spending is 100.00 USD against a budget of 50.00 USD, "
                + "notification threshold 80% reached."
        )
        #expect(alert.fingerprint == StableHash.fnv1a64(["<GUID>", "", "BudgetName", "6/1/2018"]))
        #expect(alert.labels["notification_threshold"] == "0.8")
        #expect(alert.labels["subscription_name"] == "CCM - Microsoft Azure Enterprise - 1")
        #expect(alert.labels["budget_type"] == "Cost")
        #expect(alert.labels["resource_group"] == nil)
        #expect(alert.startsAt == nil)
    }

    @Test func belowBudgetIsAWarning() throws {
        let alert = try Samples.alert(
            json:
                #"{"schemaId":"AIP Budget Notification","data":{"SubscriptionId":"s-1","SpendingAmount":"40.5","Budget":"50","Unit":"EUR","BudgetName":"team-a","ResourceGroup":"rg-a","NotificationThresholdAmount":"0.8"}}"#
        )
        #expect(alert.severity == .warning)
        #expect(alert.cost == Cost(amount: 40.5, expected: 50, actual: 40.5, currency: "EUR"))
        #expect(alert.labels["resource_group"] == "rg-a")
    }

    @Test func missingDataIsRefused() throws {
        let error = try Samples.failure(json: #"{"schemaId": "AIP Budget Notification"}"#)
        #expect(error.description.contains(#""data" is missing or not an object"#))
    }
}
