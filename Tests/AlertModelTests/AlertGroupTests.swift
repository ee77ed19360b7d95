import JSON
import Testing

@testable import AlertModel

/// One alert standing for an Alertmanager group (`dedup.per: group`).
@Suite struct AlertGroupTests {
    static func members(resolved: Set<Int> = []) throws -> [Alert] {
        let alerts = try Samples.alerts("alertmanager/prometheus-msteams_card-grafana-inspired-payload.json")
        return alerts.enumerated().map { index, alert in
            var alert = alert
            if resolved.contains(index) { alert.status = .resolved }
            return alert
        }
    }

    @Test func theGroupFiresWhileAnyMemberFiresAndListsEveryMember() throws {
        let members = try Self.members(resolved: [1])
        let group = try #require(Alert.group(members))
        #expect(group.fingerprint == members[0].groupKey)
        #expect(group.status == .firing)
        #expect(group.title == "JustATestAlert_1")
        // Only what every member shares: `name` differs between them.
        #expect(group.labels["name"] == nil)
        #expect(group.labels["alertname"] == "JustATestAlert_1")
        let lines = group.summary.split(separator: "\n").map(String.init)
        #expect(lines.first == "2 firing, 1 resolved in group JustATestAlert_1:")
        #expect(
            lines.dropFirst().map { $0.prefix(42) }
                == [
                    "- [firing] JustATestAlert_1 name=grafana —", "- [resolved] JustATestAlert_1 name=nginx —",
                    "- [firing] JustATestAlert_1 name=prometheus",
                ].map { $0.prefix(42) }
        )
        #expect(group.raw["alerts"]?.arrayValue?.count == 3)
    }

    @Test func theGroupIsResolvedWhenEveryMemberIs() throws {
        let group = try #require(Alert.group(try Self.members(resolved: [0, 1, 2])))
        #expect(group.status == .resolved)
    }

    @Test func alertsWithoutAGroupKeyMakeNoGroup() throws {
        let generic = try Samples.alert(json: #"{"title": "disk full"}"#)
        #expect(generic.groupKey == nil)
        #expect(Alert.group([generic]) == nil)
        #expect(Alert.group([]) == nil)
    }
}
