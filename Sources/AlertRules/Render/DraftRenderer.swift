import AlertModel
import Contracts
import Foundation
import JSON

/// Renders a rule's templates for one alert into an ``IssueDraft``, enforcing the limits Jira puts
/// on summaries and labels so nothing is sent that Jira would reject for its shape.
public struct DraftRenderer: Sendable {
    /// Jira refuses longer summaries (counted in UTF-16 units, as Java does).
    public static let summaryLimit = 255
    public static let labelLimit = 255

    public let config: Config

    public init(config: Config) {
        self.config = config
    }

    public func render(_ rule: Rule, for alert: Alert) -> IssueDraft {
        let context = AlertTemplateContext(alert: alert, rule: rule.name)
        var problems: [String] = []

        let project = rule.project.render(context).trimmedWhitespace
        if project.isEmpty {
            problems.append("the project template \"\(rule.project.source)\" rendered empty")
        } else if let problem = ProjectKey.problem(project) {
            problems.append(problem + " (rendered from \"\(rule.project.source)\")")
        }
        let issueType = rule.issueType.render(context).trimmedWhitespace
        if issueType.isEmpty {
            problems.append("the issue_type template \"\(rule.issueType.source)\" rendered empty")
        }

        var summary = Self.oneLine(rule.summary.render(context))
        if summary.isEmpty {
            problems.append("the summary template rendered empty; used the alert title instead")
            summary = Self.oneLine(alert.title)
            if summary.isEmpty { summary = Self.oneLine("\(alert.source) alert") }
        }
        if summary.utf16.count > Self.summaryLimit {
            summary = Self.truncate(summary, toUTF16: Self.summaryLimit, marker: "…")
            problems.append("the summary was longer than \(Self.summaryLimit) characters and was shortened")
        }

        var labels: [String] = []
        for template in rule.labels {
            let label = Self.label(template.render(context))
            if !label.isEmpty, !labels.contains(label) { labels.append(label) }
        }

        let priority: String?
        switch rule.priority {
        case .template(let template):
            priority = template.render(context).trimmedWhitespace
        case .bySeverity(let map):
            priority = map[alert.severity.rawValue]?.render(context).trimmedWhitespace
        case nil:
            priority = nil
        }

        let dedupKey = rule.lifecycle.dedupKey.render(context)
        let fields = rule.fields.map { DraftField(name: $0.name, value: Self.render($0.value, context)) }

        return IssueDraft(
            rule: rule.name,
            connection: config.connectionName(rule: rule, project: project),
            project: project,
            issueType: issueType,
            summary: summary,
            description: rule.description.render(context),
            descriptionIsDefault: rule.description.isBuiltIn,
            descriptionLabels: rule.includeLabels ? alert.labels.sorted { $0.key < $1.key }.map { LabelPair(name: $0.key, value: $0.value) } : [],
            rawPayload: rule.includeRaw ? alert.raw.prettyJSONString : nil,
            priority: priority?.isEmpty == false ? priority : nil,
            labels: labels,
            fields: fields,
            problems: problems,
            dedupKey: dedupKey,
            dedupLabel: DedupLabel.make(rule: rule.name, project: project, key: dedupKey),
            source: alert.source
        )
    }

    static func render(_ value: FieldTemplate, _ context: AlertTemplateContext) -> RenderedValue {
        switch value {
        case .text(let template): .text(template.render(context))
        case .number(let literal): .number(literal)
        case .bool(let bool): .bool(bool)
        case .null: .null
        case .list(let values): .list(values.map { render($0, context) })
        case .object(let members): .object(members.map { RenderedMember(key: $0.key, value: render($0.value, context)) })
        }
    }

    /// Collapses every run of whitespace (newlines included) into one space and drops control characters.
    public static func oneLine(_ text: String) -> String {
        collapsingWhitespace(text, into: " ", enoughFor: summaryLimit)
    }

    /// A valid Jira label: whitespace becomes `_`, control characters go, at most 255 UTF-16 units.
    public static func label(_ text: String) -> String {
        let result = collapsingWhitespace(text, into: "_", enoughFor: labelLimit)
        return result.utf16.count > labelLimit ? truncate(result, toUTF16: labelLimit, marker: "") : result
    }

    /// Replaces each run of whitespace between words with `separator` and drops control characters.
    ///
    /// Stops once the result is sure to be longer than `limit` UTF-16 units, which the caller then truncates: a
    /// 1 MB annotation rendered into a summary costs 255 characters of work, not a megabyte.
    static func collapsingWhitespace(_ text: String, into separator: Unicode.Scalar, enoughFor limit: Int = .max) -> String {
        // A UTF-16 unit takes at most three UTF-8 bytes, so this many bytes hold more than `limit` units.
        let byteLimit = limit == .max ? Int.max : 3 * limit + 4
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(text.utf8.count, byteLimit))
        var pendingSeparator = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if isWhitespace(value) {
                pendingSeparator = !bytes.isEmpty
                continue
            }
            if value < 0x20 || (0x7F...0x9F).contains(value) { continue }
            if pendingSeparator {
                UTF8.encode(separator) { bytes.append($0) }
                pendingSeparator = false
            }
            UTF8.encode(scalar) { bytes.append($0) }
            if bytes.count > byteLimit { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` without the whitespace around it, as Foundation's `.whitespacesAndNewlines` trims, without bridging
    /// through `NSString`.
    public static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0.value) }) else { return "" }
        let last = scalars.lastIndex { !isWhitespace($0.value) }!
        return String(scalars[first...last])
    }

    /// Unicode's White_Space property, spelled out: looking the property up is slow, and this is asked per character.
    static func isWhitespace(_ value: UInt32) -> Bool {
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
        switch value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Cuts at a character boundary so that the result plus `marker` fits in `limit` UTF-16 units.
    public static func truncate(_ text: String, toUTF16 limit: Int, marker: String) -> String {
        let budget = limit - marker.utf16.count
        var used = 0
        var result = ""
        for character in text {
            let width = character.utf16.count
            if used + width > budget { break }
            used += width
            result.append(character)
        }
        return result + marker
    }
}

extension String {
    fileprivate var trimmedWhitespace: String { DraftRenderer.trimmed(self) }
}
