import Testing

@testable import AlertModel

@Suite struct AzureMonitorFormatTests {
    @Test func commonSchemaSampleIsAResolvedMetricAlert() throws {
        let alert = try Samples.alert("azure-monitor/azure-monitor-docs_alerts-common-schema_sample-alert-payload.json")
        let alertId = "/subscriptions/<subscription ID>/providers/Microsoft.AlertsManagement/alerts/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e"
        #expect(alert.source == "azure-monitor")
        #expect(alert.fingerprint == alertId)
        #expect(alert.id == alertId + "@2019-03-22T14:03:16.2246313Z")
        #expect(alert.status == .resolved)
        #expect(alert.severity == .info)
        #expect(alert.severityRaw == "Sev3")
        #expect(alert.title == "WCUS-R2-Gen2")
        // The description is empty, so the summary says what was measured.
        #expect(alert.summary == "WCUS-R2-Gen2 is resolved: Percentage CPU (average) was 7.727, rule: GreaterThan 25")
        #expect(alert.startsAt == "2019-03-22T13:58:24.3713213Z")
        #expect(alert.endsAt == "2019-03-22T14:03:16.2246313Z")
        #expect(alert.labels["Key1"] == "Value1")
        #expect(alert.labels["Key2"] == "Value2")
        #expect(alert.labels["alertRule"] == "WCUS-R2-Gen2")
        #expect(alert.labels["monitoringService"] == "Platform")
        #expect(alert.labels["signalType"] == "Metric")
        #expect(alert.labels["configurationItems"] == "wcus-r2-gen2")
        #expect(alert.annotations["metricName"] == "Percentage CPU")
        #expect(alert.resource == Resource(service: "microsoft.compute", account: "<subscription ID>", region: nil))
        #expect(alert.cost == nil)
        // A placeholder id makes no portal link.
        #expect(alert.url == nil)
    }

    @Test func budgetAlertInTheCommonSchema() throws {
        let alert = try Samples.alert("azure-monitor/azure-docs_alerts-payload-samples_test-action-actual-cost-budget.json")
        let alertId = "/subscriptions/11111111-1111-1111-1111-111111111111/providers/Microsoft.CostManagement/alerts/Test_Alert"
        #expect(alert.source == "azure-monitor")
        #expect(alert.fingerprint == alertId)
        #expect(alert.id == alertId + "@2022-12-07T21:13:20.645Z")
        // severity, alertRule, signalType and monitorCondition are all null for budgets.
        #expect(alert.status == .firing)
        #expect(alert.severity == .warning)
        #expect(alert.severityRaw == "")
        #expect(alert.title == "Test_actual_cost_budget")
        #expect(alert.summary == "Your spend for budget Test_actual_cost_budget is now $11,111.00 exceeding your specified threshold $25.00.")
        #expect(alert.cost == Cost(amount: 11111, expected: 50, actual: 11111, currency: "USD"))
        #expect(alert.resource == Resource(service: nil, account: "11111111-1111-1111-1111-111111111111", region: nil))
        #expect(alert.labels["monitoringService"] == "CostAlerts")
        #expect(alert.labels["BudgetName"] == "Test_actual_cost_budget")
        #expect(alert.labels["ThresholdType"] == "Actual")
        #expect(alert.labels["NotificationThresholdAmount"] == "$25.00")
        #expect(alert.labels["alertRule"] == nil)
        #expect(alert.startsAt == "2022-12-07T21:13:20.645Z")
        #expect(alert.url == "https://portal.azure.com/#resource" + alertId)
    }

    @Test func severityScale() {
        #expect(AzureMonitorFormat.severity("Sev0") == .critical)
        #expect(AzureMonitorFormat.severity("Sev1") == .high)
        #expect(AzureMonitorFormat.severity("Sev2") == .warning)
        #expect(AzureMonitorFormat.severity("Sev3") == .info)
        #expect(AzureMonitorFormat.severity("Sev4") == .info)
        #expect(AzureMonitorFormat.severity("") == .warning)
    }

    @Test func missingEssentialsIsRefused() throws {
        let error = try Samples.failure(json: #"{"schemaId": "azureMonitorCommonAlertSchema", "data": {"alertContext": {}}}"#)
        #expect(error.description.contains(#""data.essentials" is missing or not an object"#))
    }
}
