import JSON

/// Amazon CloudWatch alarm state changes, the most common AWS alert, in the three shapes AWS sends.
///
/// - The SNS alarm message (`AlarmName`, `NewStateValue`, `NewStateReason`, `StateChangeTime`, `Region`,
///   `AlarmArn`): with `Trigger` for a single metric, `Trigger.Metrics` for a metric-math alarm, or
///   `AlarmRule` and `TriggeringChildren` (no `Trigger`) for a composite alarm. It usually arrives inside
///   an SNS envelope, which ``AWSSNSFormat`` unwraps; it has no id of its own, so `id` is left to the
///   envelope's `MessageId`.
/// - The EventBridge event `detail-type: CloudWatch Alarm State Change` (`detail.state`,
///   `detail.previousState`, `detail.configuration.metrics` with metric-math `expression`s, or
///   `detail.configuration.alarmRule` for composites).
/// - The Lambda alarm action (`source: aws.cloudwatch` with `alarmArn` and `alarmData`), which carries the
///   EventBridge `detail` layout under `alarmData`.
///
/// Status: `OK` is `resolved`, `ALARM` `firing`, `INSUFFICIENT_DATA` `firing` with severity `info`.
/// CloudWatch has no severity, so an alarm is `warning`; `severityRaw` is the state value. The fingerprint
/// is the alarm ARN, or (SNS messages without `AlarmArn`) a stable hash of account, region code and alarm
/// name, the same for all shapes. `resource.service` comes from the namespace (`AWS/EC2` → `EC2`);
/// the SNS message's region display name (`EU (Ireland)`) is mapped to its code (`eu-west-1`).
/// Dimensions become labels under their own names.
public struct AWSCloudWatchFormat: AlertFormat {
    public init() {}

    public var id: String { "aws-cloudwatch" }
    public var recognition: String {
        "an SNS alarm message (\"AlarmName\" and \"NewStateValue\"), an EventBridge event with \"source\": \"aws.cloudwatch\" "
            + "and \"detail-type\": \"CloudWatch Alarm State Change\", or a Lambda alarm action (\"alarmData\")"
    }

    static let stateChange = "CloudWatch Alarm State Change"

    public func recognizes(_ payload: JSONObject) -> Bool {
        if payload.string("source") == "aws.cloudwatch" {
            return payload.string("detail-type") == Self.stateChange || payload.object("alarmData") != nil
        }
        return payload.string("AlarmName") != nil && payload.string("NewStateValue") != nil
    }

    public func decode(_ payload: JSONObject, ingestor: Ingestor) throws(DecodeError) -> [IngestItem] {
        let alarm: Alarm
        if payload.string("source") == "aws.cloudwatch" {
            if payload.string("detail-type") == Self.stateChange {
                guard let detail = payload.object("detail") else {
                    throw .missing(field: "detail", expected: "an object (the alarm state change)")
                }
                let arn = payload.array("resources")?.first?.stringValue
                alarm = try Alarm(
                    event: detail,
                    field: "detail",
                    arn: arn,
                    account: payload.string("account"),
                    region: payload.string("region"),
                    id: payload.string("id") ?? ""
                )
            } else if let data = payload.object("alarmData") {
                alarm = try Alarm(
                    event: data,
                    field: "alarmData",
                    arn: payload.string("alarmArn"),
                    account: payload.string("accountId"),
                    region: payload.string("region"),
                    id: ""
                )
            } else {
                throw .invalid(
                    field: "detail-type",
                    reason: "\"\(payload.string("detail-type") ?? "")\" is not an alarm state change; expected \"\(Self.stateChange)\""
                )
            }
        } else {
            alarm = try Alarm(snsMessage: payload)
        }
        return [.alert(alarm.alert(source: id, raw: .object(payload)))]
    }
}

/// The facts all three shapes share, read once so the Alert is built one way.
private struct Alarm {
    struct Metric {
        var name: String?
        var namespace: String?
        var statistic: String?
        var dimensions: [(String, String)]
    }

    var id: String
    var name: String
    var arn: String?
    var account: String?
    var region: String?
    var state: String
    var previousState: String?
    var reason: String?
    var description: String?
    var stateTime: String?
    var previousStateTime: String?
    var metrics: [Metric] = []
    var expression: String?
    var threshold: String?
    var comparison: String?
    var alarmRule: String?
    var triggeringAlarms: [String] = []

    /// The SNS alarm message.
    init(snsMessage message: JSONObject) throws(DecodeError) {
        guard let name = message.string("AlarmName") else { throw .missing(field: "AlarmName", expected: "a string") }
        guard let state = message.string("NewStateValue") else { throw .missing(field: "NewStateValue", expected: "a string") }
        self.id = ""
        self.name = name
        self.state = state
        let arnText = message.string("AlarmArn")
        let parsedArn = arnText.flatMap(AmazonResourceName.init)
        self.arn = arnText
        self.account = message.string("AWSAccountId") ?? parsedArn?.account.nonEmpty
        let regionText = message.string("Region")
        self.region = regionText.flatMap(AWSRegions.code(for:)) ?? parsedArn?.region.nonEmpty ?? regionText
        self.previousState = message.string("OldStateValue")
        self.reason = message.string("NewStateReason")
        self.description = message.string("AlarmDescription")
        self.stateTime = Timestamps.rfc3339(message.string("StateChangeTime"))
        self.alarmRule = message.string("AlarmRule")
        self.triggeringAlarms = (message.array("TriggeringChildren") ?? []).compactMap { child in
            child.stringValue ?? child.objectValue.flatMap { $0.string("Arn") ?? $0.string("AlarmName") }
        }
        guard let trigger = message.object("Trigger") else { return }
        self.threshold = trigger.string("Threshold")
        self.comparison = trigger.string("ComparisonOperator")
        if let entries = trigger.array("Metrics") {
            for entry in entries.compactMap(\.objectValue) {
                if let expression = entry.string("Expression") {
                    if entry.value("ReturnData")?.boolValue != false, self.expression == nil { self.expression = expression }
                    continue
                }
                guard let stat = entry.object("MetricStat") else { continue }
                metrics.append(
                    Metric(
                        name: stat.string("Metric", "MetricName"),
                        namespace: stat.string("Metric", "Namespace"),
                        statistic: stat.string("Stat"),
                        dimensions: Self.dimensions(stat.value("Metric", "Dimensions"))
                    )
                )
            }
        } else {
            metrics.append(
                Metric(
                    name: trigger.string("MetricName"),
                    namespace: trigger.string("Namespace"),
                    statistic: trigger.string("Statistic") ?? trigger.string("ExtendedStatistic"),
                    dimensions: Self.dimensions(trigger.value("Dimensions"))
                )
            )
        }
    }

    /// The EventBridge `detail` or the Lambda action's `alarmData`: the same layout.
    init(event detail: JSONObject, field: String, arn: String?, account: String?, region: String?, id: String) throws(DecodeError) {
        guard let name = detail.string("alarmName") else { throw .missing(field: "\(field).alarmName", expected: "a string") }
        guard let state = detail.string("state", "value") else { throw .missing(field: "\(field).state.value", expected: "a string") }
        let parsedArn = arn.flatMap(AmazonResourceName.init)
        self.id = id
        self.name = name
        // AWS's own Lambda alarm-action example writes `us-east-1: 444455556666`; an ARN never has spaces.
        self.arn = arn.map { $0.filter { $0 != " " } }
        self.account = account ?? parsedArn?.account.nonEmpty
        self.region = region ?? parsedArn?.region.nonEmpty
        self.state = state
        self.previousState = detail.string("previousState", "value")
        self.reason = detail.string("state", "reason")
        self.stateTime = Timestamps.rfc3339(detail.string("state", "timestamp"))
        self.previousStateTime = Timestamps.rfc3339(detail.string("previousState", "timestamp"))
        self.description = detail.string("configuration", "description")
        self.alarmRule = detail.string("configuration", "alarmRule")
        // reasonData is JSON inside a string: the threshold, or the children that tripped a composite.
        if let reasonData = detail.string("state", "reasonData"), case .object(let data)? = try? JSONParser.parse(reasonData) {
            self.threshold = data.string("threshold")
            self.triggeringAlarms = (data.array("triggeringAlarms") ?? []).compactMap { $0.objectValue?.string("arn") }
        }
        for entry in (detail.array("configuration", "metrics") ?? []).compactMap(\.objectValue) {
            if let expression = entry.string("expression") {
                if entry.value("returnData")?.boolValue != false, self.expression == nil { self.expression = expression }
                continue
            }
            guard let stat = entry.object("metricStat") else { continue }
            metrics.append(
                Metric(
                    name: stat.string("metric", "name"),
                    namespace: stat.string("metric", "namespace"),
                    statistic: stat.string("stat"),
                    dimensions: Self.dimensions(stat.value("metric", "dimensions"))
                )
            )
        }
    }

    /// SNS writes `[{"name": …, "value": …}]`, EventBridge `{"Name": "value"}`.
    static func dimensions(_ value: JSONValue?) -> [(String, String)] {
        switch value {
        case .array(let entries)?:
            return entries.compactMap { entry in
                guard let object = entry.objectValue, let name = object.string("name") ?? object.string("Name"),
                    let value = object.string("value") ?? object.string("Value")
                else { return nil }
                return (name, value)
            }
        case .object(let object)?:
            return object.compactMap { key, value in value.scalarText.map { (key, $0) } }
        default:
            return []
        }
    }

    func alert(source: String, raw: JSONValue) -> Alert {
        let resolved = state == "OK"
        var labels: [String: String] = [:]
        for metric in metrics {
            for (key, value) in metric.dimensions { labels[key] = value }
        }
        labels["alarm_name"] = name
        labels["previous_state"] = previousState
        let names = metrics.compactMap(\.name).uniqued()
        let namespaces = metrics.compactMap(\.namespace).uniqued()
        if !names.isEmpty { labels["metric_name"] = names.joined(separator: ",") }
        if !namespaces.isEmpty { labels["namespace"] = namespaces.joined(separator: ",") }
        if let account { labels["aws_account"] = account }
        if let region { labels["aws_region"] = region }

        var annotations: [String: String] = [:]
        annotations["description"] = description
        annotations["reason"] = reason
        annotations["expression"] = expression
        annotations["threshold"] = threshold
        annotations["comparison_operator"] = comparison
        annotations["alarm_rule"] = alarmRule
        if let statistic = metrics.first?.statistic { annotations["statistic"] = statistic }
        if !triggeringAlarms.isEmpty { annotations["triggering_alarms"] = triggeringAlarms.joined(separator: ", ") }

        let fingerprint = arn?.nonEmpty ?? StableHash.fnv1a64([account ?? "", region ?? "", name])
        let service = namespaces.first.map { $0.hasPrefix("AWS/") ? String($0.dropFirst(4)) : $0 }
        return Alert(
            source: source,
            id: id,
            fingerprint: fingerprint,
            status: resolved ? .resolved : .firing,
            severity: state == "INSUFFICIENT_DATA" ? .info : .warning,
            severityRaw: state,
            title: name,
            summary: reason ?? description ?? "CloudWatch alarm \(name) is \(state)",
            labels: labels,
            annotations: annotations,
            // A resolution's own time is its end; when it ended an ALARM, that alarm's start is known.
            startsAt: resolved ? (previousState == "ALARM" ? previousStateTime : nil) : stateTime,
            endsAt: resolved ? stateTime : nil,
            url: consoleURL,
            resource: Resource(service: service, account: account, region: region),
            raw: raw
        )
    }

    /// The alarm's page in the CloudWatch console, when the region code is known.
    var consoleURL: String? {
        guard let region, AWSRegions.isCode(region) else { return nil }
        let host: String
        if region.hasPrefix("cn-") {
            host = "\(region).console.amazonaws.cn"
        } else if region.hasPrefix("us-gov-") {
            host = "console.amazonaws-us-gov.com"
        } else {
            host = "\(region).console.aws.amazon.com"
        }
        return "https://\(host)/cloudwatch/home?region=\(region)#alarmsV2:alarm/\(Self.percentEncoded(name))"
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters, as the console's own links do.
    static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return encoded
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
