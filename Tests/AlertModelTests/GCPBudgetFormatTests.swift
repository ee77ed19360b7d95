import Testing

@testable import AlertModel

@Suite struct GCPBudgetFormatTests {
    @Test func documentedBudgetMessage() throws {
        let alert = try Samples.alert("gcp-budget/gcp-docs_listen-to-notifications_budget-message-body.json")
        #expect(alert.source == "gcp-budget")
        #expect(alert.title == "GCP budget name-of-budget: 100% threshold exceeded")
        #expect(alert.summary == "Actual spend of 100.01 USD has exceeded 100% of the budget 100.00 USD in the period starting 2019-01-01T00:00:00Z.")
        #expect(alert.status == .firing)
        #expect(alert.severity == .high)
        #expect(alert.severityRaw == "1.0")
        #expect(alert.cost == Cost(amount: 100.01, expected: 100, actual: 100.01, currency: "USD"))
        #expect(alert.fingerprint == StableHash.fnv1a64(["name-of-budget", "2019-01-01T00:00:00Z"]))
        #expect(alert.id == "")
        #expect(alert.labels["budget_amount_type"] == "SPECIFIED_AMOUNT")
        #expect(alert.labels["alert_threshold_exceeded"] == "1.0")
    }

    @Test func thresholdsInOnePeriodShareAFingerprint() throws {
        let half = try Samples.alert(
            json:
                #"{"budgetDisplayName": "name-of-budget", "alertThresholdExceeded": 0.5, "costAmount": 50.2, "costIntervalStart": "2019-01-01T00:00:00Z", "budgetAmount": 100.00, "budgetAmountType": "SPECIFIED_AMOUNT", "currencyCode": "USD"}"#
        )
        let full = try Samples.alert("gcp-budget/gcp-docs_listen-to-notifications_budget-message-body.json")
        #expect(half.fingerprint == full.fingerprint)
        #expect(half.severity == .warning)
        #expect(half.title == "GCP budget name-of-budget: 50% threshold exceeded")
    }

    @Test func forecastThreshold() throws {
        let alert = try Samples.alert(
            json:
                #"{"budgetDisplayName": "b", "forecastThresholdExceeded": 1.2, "costAmount": 80, "costIntervalStart": "2024-02-01T08:00:00Z", "budgetAmount": 100, "currencyCode": "EUR"}"#
        )
        #expect(alert.severity == .warning)
        #expect(alert.severityRaw == "1.2")
        #expect(alert.title == "GCP budget b: forecast exceeds 120% threshold")
        #expect(
            alert.summary
                == "Forecast spend has exceeded 120% of the budget 100.00 EUR; 80.00 EUR spent so far in the period starting 2024-02-01T08:00:00Z."
        )
    }

    @Test func reportWithoutThresholdIsANotice() throws {
        let items = try Samples.items(
            json:
                #"{"budgetDisplayName": "b", "costAmount": 12.3, "costIntervalStart": "2024-02-01T08:00:00Z", "budgetAmount": 100, "currencyCode": "EUR"}"#
        )
        guard items.count == 1, case .notice(let notice) = items[0] else {
            Issue.record("expected one notice, got \(items)")
            return
        }
        #expect(notice.source == "gcp-budget")
        #expect(notice.kind == "gcp-budget-status")
        #expect(notice.details["budget_name"] == "b")
        #expect(notice.details["cost_amount"] == "12.3")
        #expect(notice.message.contains("12.30 EUR spent of 100.00 EUR"))
    }
}
