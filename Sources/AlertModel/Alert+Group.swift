import JSON

extension Alert {
    /// The key Alertmanager (and Grafana) send with every notification of a group; `nil` for other senders.
    public var groupKey: String? { raw["groupKey"]?.stringValue }

    /// One alert standing for a whole Alertmanager group, for rules that make one issue per group as jiralert
    /// does: identified by the group key, firing while any member fires, with the labels and annotations every
    /// member shares, and a summary listing the members (which a change of membership changes).
    ///
    /// `nil` when the alerts carry no group key, or none are given.
    public static func group(_ alerts: [Alert]) -> Alert? {
        guard let first = alerts.first, let key = first.groupKey else { return nil }
        let firing = alerts.filter { $0.status == .firing }
        var merged = first
        merged.id = key
        merged.fingerprint = key
        merged.status = firing.isEmpty ? .resolved : .firing
        merged.severity = alerts.map(\.severity).max() ?? first.severity
        merged.severityRaw = alerts.first { $0.severity == merged.severity }?.severityRaw ?? first.severityRaw
        merged.labels = Self.shared(alerts.map(\.labels))
        merged.annotations = Self.shared(alerts.map(\.annotations))
        let groupLabels = first.raw["groupLabels"]?.objectValue.map { object in
            object.compactMap { name, value in value.stringValue.map { "\(name)=\($0)" } }.sorted()
        }
        merged.title = merged.labels["alertname"] ?? groupLabels.map { $0.joined(separator: ", ") } ?? first.title
        merged.startsAt = alerts.compactMap(\.startsAt).min()
        merged.endsAt = firing.isEmpty ? alerts.compactMap(\.endsAt).max() : nil
        merged.url = first.raw["externalURL"]?.stringValue ?? first.url
        var lines = ["\(firing.count) firing, \(alerts.count - firing.count) resolved in group \(merged.title):"]
        for alert in alerts {
            let own = alert.labels.filter { merged.labels[$0.key] != $0.value }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            let detail = alert.summary.isEmpty ? "" : " — \(alert.summary)"
            lines.append("- [\(alert.status.rawValue)] \(alert.title)\(own.isEmpty ? "" : " " + own.joined(separator: " "))\(detail)")
        }
        merged.summary = lines.joined(separator: "\n")
        if case .object(var raw) = first.raw {
            raw["alert"] = nil
            raw["alerts"] = .array(alerts.map { $0.raw["alert"] ?? .null })
            merged.raw = .object(raw)
        }
        return merged
    }

    /// The entries every map has with the same value.
    private static func shared(_ maps: [[String: String]]) -> [String: String] {
        guard var shared = maps.first else { return [:] }
        for map in maps.dropFirst() {
            shared = shared.filter { map[$0.key] == $0.value }
        }
        return shared
    }
}
