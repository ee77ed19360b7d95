import JSON
import Testing

@testable import AlertModel

@Suite struct FormatSupportTests {
    @Test func rfc3339KeepsTheSendersTextAndFixesAWSOffsets() {
        #expect(Timestamps.rfc3339("2023-02-06T13:08:45.828Z") == "2023-02-06T13:08:45.828Z")
        #expect(Timestamps.rfc3339("2021-10-12T09:51:03.157076+02:00") == "2021-10-12T09:51:03.157076+02:00")
        #expect(Timestamps.rfc3339("2019-02-15T23:53:45.093+0000") == "2019-02-15T23:53:45.093+00:00")
        #expect(Timestamps.rfc3339("2019-10-01T13:56:40.987-0530") == "2019-10-01T13:56:40.987-05:30")
        #expect(Timestamps.rfc3339("2019-03-22T13:58:24.3713213Z") == "2019-03-22T13:58:24.3713213Z")
        #expect(Timestamps.rfc3339("0001-01-01T00:00:00Z") == nil)
        #expect(Timestamps.rfc3339("<rfc3339>") == nil)
        #expect(Timestamps.rfc3339("2023-08-04T12: 36: 15.490+0000") == nil)
        #expect(Timestamps.rfc3339("2022-11-01") == nil)
        #expect(Timestamps.rfc3339("2019-01-01T00:00:00") == nil)
        #expect(Timestamps.rfc3339(nil) == nil)
    }

    @Test func epochSecondsAndMilliseconds() {
        #expect(Timestamps.fromEpoch(.number(JSONNumber(1_675_315_787))) == "2023-02-02T05:29:47Z")
        #expect(Timestamps.fromEpoch(.string("1448435530000")) == "2015-11-25T07:12:10Z")
        #expect(Timestamps.fromEpoch(.number(JSONNumber(literal: "1448435530123"))) == "2015-11-25T07:12:10.123Z")
        #expect(Timestamps.fromEpoch(.number(JSONNumber(951_782_400))) == "2000-02-29T00:00:00Z")
        #expect(Timestamps.fromEpoch(.number(JSONNumber(0))) == nil)
        #expect(Timestamps.fromEpoch(.string("$DATE")) == nil)
        #expect(Timestamps.fromEpoch(nil) == nil)
        // Found by fuzzing: an `ended_at` of 1e40 overflowed the conversion to whole milliseconds and trapped.
        #expect(Timestamps.fromEpoch(.number(JSONNumber(literal: "33333333333333333333333333333333333330"))) == nil)
        #expect(Timestamps.fromEpoch(.string("1e300")) == nil)
        #expect(Timestamps.fromEpoch(.number(JSONNumber(253_402_300_799_000))) == "9999-12-31T23:59:59Z")
    }

    @Test func awsRegionNames() {
        #expect(AWSRegions.code(for: "EU (Ireland)") == "eu-west-1")
        #expect(AWSRegions.code(for: "Europe (Ireland)") == "eu-west-1")
        #expect(AWSRegions.code(for: "US East (N. Virginia)") == "us-east-1")
        #expect(AWSRegions.code(for: "Asia Pacific (Tokyo)") == "ap-northeast-1")
        #expect(AWSRegions.code(for: "us-gov-west-1") == "us-gov-west-1")
        #expect(AWSRegions.code(for: "EXAMPLE") == nil)
        #expect(AWSRegions.code(for: "Atlantis (Central)") == nil)
        #expect(!AWSRegions.isCode("REGION"))
    }

    @Test func amazonResourceNames() throws {
        let arn = try #require(AmazonResourceName("arn:aws:cloudwatch:us-east-1: 444455556666:alarm:lambda-demo-metric-alarm"))
        #expect(arn.region == "us-east-1")
        #expect(arn.account == "444455556666")
        #expect(arn.resource == "alarm:lambda-demo-metric-alarm")
        #expect(AmazonResourceName("arn:aws:sns:EXAMPLE") == nil)
        #expect(AmazonResourceName("not an arn") == nil)
    }

    @Test func azureResourceIds() throws {
        let id = try #require(
            AzureResourceID("/subscriptions/sub-1/resourcegroups/pipelinealertrg/providers/microsoft.compute/virtualmachines/wcus-r2-gen2")
        )
        #expect(id.subscription == "sub-1")
        #expect(id.resourceGroup == "pipelinealertrg")
        #expect(id.provider == "microsoft.compute")
        #expect(AzureResourceID("budgets") == nil)
    }

    @Test func amountsInSummaries() {
        #expect(AmountText.format(1001, currency: "USD") == "1,001.00 USD")
        #expect(AmountText.format(11111) == "11,111.00")
        #expect(AmountText.format(1_234_567.891) == "1,234,567.89")
        // Beyond whole cents in an Int64 there is no grouping, but no trap either.
        #expect(AmountText.format(1e300, currency: "USD") == "1e+300 USD")
        #expect(AmountText.format(-.infinity) == "-inf")
        #expect(AmountText.format(-12.5, currency: "EUR") == "-12.50 EUR")
        #expect(AmountText.format(100.01) == "100.01")
        #expect(AmountText.percent(333.67) == "333.67%")
        #expect(AmountText.percent(80) == "80%")
    }

    @Test func datadogTags() {
        #expect(DatadogFormat.tags(.string("a:b,c,url:http://x,a:d")) == ["a": "b,d", "c": "", "url": "http://x"])
        #expect(DatadogFormat.titleWithoutTransition("[Recovered on {host:a}] Disk full") == "on {host:a}] Disk full")
        #expect(DatadogFormat.titleWithoutTransition("[Triggered] Disk full") == "] Disk full")
        #expect(DatadogFormat.titleWithoutTransition("Disk full") == "Disk full")
    }
}
