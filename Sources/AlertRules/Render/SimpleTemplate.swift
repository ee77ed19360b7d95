import AlertModel
import Foundation
import JSON
import Mustache

/// A template of text, plain `{{field.path}}` variables and `{{#field}}…{{/field}}` conditionals
/// on single-valued fields — nearly every summary, label and description — rendered without
/// going through Mustache.
///
/// Mustache splits every variable name, walks its context stack and builds strings token by token
/// on each render; at 100,000 alerts a second that was the largest cost left. Here paths are split
/// once, at load time, and resolved exactly the way Mustache resolves them, with Mustache's rule
/// for "standalone" section tags (a tag alone on its line takes the line with it), so the output
/// is identical (a test renders many templates both ways and compares). Anything else — sections
/// over lists or objects, `{{.}}`, partials, comments, transforms — is left to Mustache.
struct SimpleTemplate: Sendable {
    indirect enum Segment: Sendable, Equatable {
        case text(String)
        case variable(FieldAccessor)
        case section(FieldAccessor, inverted: Bool, body: [Segment])
    }

    let segments: [Segment]

    /// Fields that always hold one text value (or nothing): a section on them is a plain conditional,
    /// and the value it pushes on Mustache's stack can't change how names inside resolve.
    private static let singleValued: Set<String> = [
        "source", "id", "fingerprint", "status", "severity", "severityRaw", "title", "summary", "startsAt", "endsAt", "url", "rule",
    ]
    private static let singleValuedMembers: [String: Set<String>?] = [
        "labels": nil, "annotations": nil, "cost": ["amount", "expected", "actual", "currency"], "resource": ["service", "account", "region"],
    ]

    private enum Token {
        case text(String)
        case variable(FieldAccessor)
        case open(FieldAccessor, inverted: Bool)
        case close([String])

        var isSectionTag: Bool {
            switch self {
            case .open, .close: true
            case .text, .variable: false
            }
        }
    }

    /// `nil` when the template uses anything this renderer doesn't reproduce exactly.
    init?(_ source: String) {
        guard var tokens = Self.tokenize(source) else { return nil }
        Self.removeStandaloneLines(&tokens)
        var position = 0
        guard let segments = Self.build(tokens, &position, closing: nil), position == tokens.count else { return nil }
        self.segments = segments
    }

    private static let nameCharacters: Set<Unicode.Scalar> = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.".unicodeScalars)

    private static func tokenize(_ source: String) -> [Token]? {
        var tokens: [Token] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { tokens.append(.text(String(rest[..<open.lowerBound]))) }
            var afterOpen = rest[open.upperBound...]
            var closing = "}}"
            var kind: Character?
            switch afterOpen.first {
            case "{":
                closing = "}}}"
                afterOpen = afterOpen.dropFirst()
            case "&", "#", "^", "/":
                kind = afterOpen.first
                afterOpen = afterOpen.dropFirst()
            default:
                break
            }
            guard let close = afterOpen.range(of: closing) else { return nil }
            let name = afterOpen[..<close.lowerBound].trimmingSpaces
            guard !name.isEmpty, name.first != ".", name.last != ".", name.unicodeScalars.allSatisfy({ nameCharacters.contains($0) }) else {
                return nil
            }
            let path = name.split(separator: ".").map(String.init)
            switch kind {
            case "#", "^":
                guard isSingleValued(path) else { return nil }
                tokens.append(.open(FieldAccessor(path), inverted: kind == "^"))
            case "/":
                tokens.append(.close(path))
            default:
                tokens.append(.variable(FieldAccessor(path)))
            }
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { tokens.append(.text(String(rest))) }
        return tokens
    }

    private static func isSingleValued(_ path: [String]) -> Bool {
        if path.count == 1 { return singleValued.contains(path[0]) }
        guard path.count == 2, let members = singleValuedMembers[path[0]] else { return false }
        return members?.contains(path[1]) ?? true
    }

    /// A section tag alone on its line (only spaces or tabs around it) removes the whole line,
    /// newline included, as Mustache does. The template starts on a line of its own. Lines are
    /// found in UTF-8 because `\r\n` is one `Character`, not a `\n`.
    private static func removeStandaloneLines(_ tokens: inout [Token]) {
        let newline = UInt8(ascii: "\n")
        func isBlank(_ bytes: Substring.UTF8View, allowingReturn: Bool) -> Bool {
            bytes.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || (allowingReturn && $0 == UInt8(ascii: "\r")) }
        }
        for index in tokens.indices where tokens[index].isSectionTag {
            var trimBefore = 0
            if index > 0 {
                guard case .text(let text) = tokens[index - 1] else { continue }
                let utf8 = text.utf8
                let lineStart = utf8.lastIndex(of: newline).map { utf8.index(after: $0) }
                // Text before the tag on the template's first line counts only if it is the whole template start.
                guard lineStart != nil || index == 1 else { continue }
                let tail = Substring(text)[(lineStart ?? text.startIndex)...].utf8
                guard isBlank(tail, allowingReturn: false) else { continue }
                trimBefore = tail.count
            }
            var dropAfter: String?
            if index < tokens.count - 1 {
                guard case .text(let text) = tokens[index + 1] else { continue }
                let utf8 = text.utf8
                if let end = utf8.firstIndex(of: newline) {
                    guard isBlank(Substring(text)[..<end].utf8, allowingReturn: true) else { continue }
                    dropAfter = String(Substring(text)[utf8.index(after: end)...])
                } else {
                    guard index + 1 == tokens.count - 1, isBlank(Substring(text).utf8, allowingReturn: true) else { continue }
                    dropAfter = ""
                }
            }
            if index > 0, case .text(let text) = tokens[index - 1] {
                tokens[index - 1] = .text(String(decoding: text.utf8.dropLast(trimBefore), as: UTF8.self))
            }
            if let dropAfter { tokens[index + 1] = .text(dropAfter) }
        }
    }

    private static func build(_ tokens: [Token], _ position: inout Int, closing: [String]?) -> [Segment]? {
        var segments: [Segment] = []
        while position < tokens.count {
            let token = tokens[position]
            position += 1
            switch token {
            case .text(let text):
                if !text.isEmpty { segments.append(.text(text)) }
            case .variable(let path):
                segments.append(.variable(path))
            case .open(let accessor, let inverted):
                guard let body = build(tokens, &position, closing: accessor.path) else { return nil }
                segments.append(.section(accessor, inverted: inverted, body: body))
            case .close(let path):
                return path == closing ? segments : nil
            }
        }
        return closing == nil ? segments : nil
    }

    func render(_ context: AlertTemplateContext) -> String {
        var output = ""
        Self.render(segments, context, into: &output)
        return output
    }

    private static func render(_ segments: [Segment], _ context: AlertTemplateContext, into output: inout String) {
        // By index: an iterator would copy each segment, a retain and a release per segment per alert.
        for index in segments.indices {
            switch segments[index] {
            case .text(let text):
                output += text
            case .variable(let accessor):
                if let direct = accessor.directText(in: context) {
                    output += direct
                } else if !accessor.isDirect {
                    output += text(of: resolve(accessor.path, in: context))
                }
            case .section(let accessor, let inverted, let body):
                // Sections are only taken on single-valued fields, which the accessor reads directly.
                let truthy = accessor.directText(in: context) != nil
                if truthy != inverted { render(body, context, into: &output) }
            }
        }
    }

    /// Mustache's lookup of a dotted name: the first name in the context, the rest in each result.
    static func resolve(_ path: [String], in context: AlertTemplateContext) -> Any? {
        var current: Any? = context.child(named: path[0])
        for name in path.dropFirst() {
            guard let object = represented(current) else { return nil }
            if let parent = object as? any MustacheParent {
                current = parent.child(named: name)
            } else {
                current = Mirror(reflecting: object).children.first { $0.label == name }?.value
            }
        }
        return represented(current)
    }

    private static func represented(_ value: Any?) -> Any? {
        guard let value else { return nil }
        if let custom = value as? any MustacheCustomRepresentation { return custom.representation }
        return value
    }

    /// How Mustache prints a variable's value in text mode.
    static func text(of value: Any?) -> String {
        guard let value else { return "" }
        if let string = value as? String { return string }
        if let renderable = value as? any MustacheCustomRenderable { return renderable.renderText }
        return String(describing: value)
    }
}

/// How a template path is read: the common single-valued fields straight from the alert, anything
/// else through Mustache's lookup (``SimpleTemplate/resolve(_:in:)``).
///
/// Reading `labels.team` directly skips the `Any` boxing and dynamic casts of the general lookup,
/// which were the largest cost of rendering. The result is what Mustache would print: empty text
/// counts as missing, numbers print as their JSON text.
struct FieldAccessor: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case field(String)
        case label(String)
        case annotation(String)
        case cost(String)
        case resource(String)
        case rule
        case general
    }

    let path: [String]
    let kind: Kind

    init(_ path: [String]) {
        self.path = path
        switch (path.first, path.count) {
        case ("rule"?, 1): kind = .rule
        case (let name?, 1)
        where ["source", "id", "fingerprint", "status", "severity", "severityRaw", "title", "summary", "startsAt", "endsAt", "url"].contains(name):
            kind = .field(name)
        case ("labels"?, 2): kind = .label(path[1])
        case ("annotations"?, 2): kind = .annotation(path[1])
        case ("cost"?, 2): kind = .cost(path[1])
        case ("resource"?, 2): kind = .resource(path[1])
        default: kind = .general
        }
    }

    var isDirect: Bool { kind != .general }

    /// The text for direct kinds (`nil` when missing or empty); always `nil` for `.general`.
    func directText(in context: AlertTemplateContext) -> String? {
        let alert = context.alert
        let text: String?
        switch kind {
        case .rule: text = context.rule
        case .field(let name):
            switch name {
            case "source": text = alert.source
            case "id": text = alert.id
            case "fingerprint": text = alert.fingerprint
            case "status": text = alert.status.rawValue
            case "severity": text = alert.severity.rawValue
            case "severityRaw": text = alert.severityRaw
            case "title": text = alert.title
            case "summary": text = alert.summary
            case "startsAt": text = alert.startsAt
            case "endsAt": text = alert.endsAt
            default: text = alert.url
            }
        case .label(let name): text = alert.labels[name]
        case .annotation(let name): text = alert.annotations[name]
        case .cost(let name):
            switch name {
            case "amount": text = alert.cost?.amountNumber?.text
            case "expected": text = alert.cost?.expectedNumber?.text
            case "actual": text = alert.cost?.actualNumber?.text
            case "currency": text = alert.cost?.currency
            default: text = nil
            }
        case .resource(let name):
            switch name {
            case "service": text = alert.resource?.service
            case "account": text = alert.resource?.account
            case "region": text = alert.resource?.region
            default: text = nil
            }
        case .general:
            return nil
        }
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
