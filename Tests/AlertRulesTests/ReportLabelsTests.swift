import Testing

@testable import AlertRules

/// The labels `report` finds issues by: the same text for a rule name in every Jira and in JQL.
@Suite("Report labels")
struct ReportLabelsTests {
    @Test(arguments: [
        ("cost-spike", "cost-spike"),
        ("cost spike/eu", "cost_spike_eu"),
        ("Kosten über 100 €", "Kosten__ber_100__"),
        ("v1.2_beta", "v1.2_beta"),
        ("\"quoted\" (x)", "_quoted___x_"),
        ("", ""),
    ])
    func slugKeepsLabelCharactersAndReplacesEachOtherCharacterOnce(name: String, slug: String) {
        #expect(ReportLabels.slug(name) == slug)
        #expect(ReportLabels.rule(name) == "alert2jira-rule-" + slug)
    }

    @Test func slugStopsAtTwoHundredCharacters() {
        #expect(ReportLabels.slug(String(repeating: "ab", count: 150)) == String(repeating: "ab", count: 100))
        #expect(ReportLabels.slug(String(repeating: "é", count: 300)).count == 200)
    }
}
