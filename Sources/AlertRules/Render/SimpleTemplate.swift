import Foundation
import Mustache

/// A template that is only text and plain `{{field.path}}` variables — most summaries, labels and
/// priorities — rendered without going through Mustache.
///
/// Mustache splits every variable name and walks its context stack on each render; with 100,000
/// alerts a second that is a measurable share of the work. Paths here are split once, at load time,
/// and resolved exactly the way Mustache resolves them against a one-element stack, so the output is
/// identical (a test renders both ways and compares). Anything else — sections, partials, comments,
/// transforms, `{{.}}` — is left to Mustache.
struct SimpleTemplate: Sendable {
    enum Segment: Sendable, Equatable {
        case text(String)
        case variable([String])
    }

    let segments: [Segment]

    /// `nil` when the template uses anything but text and plain variables.
    init?(_ source: String) {
        var segments: [Segment] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { segments.append(.text(String(rest[..<open.lowerBound]))) }
            var afterOpen = rest[open.upperBound...]
            let closing: String
            switch afterOpen.first {
            case "{":
                closing = "}}}"
                afterOpen = afterOpen.dropFirst()
            case "&":
                closing = "}}"
                afterOpen = afterOpen.dropFirst()
            default:
                closing = "}}"
            }
            guard let close = afterOpen.range(of: closing) else { return nil }
            let name = afterOpen[..<close.lowerBound].trimmingSpaces
            guard !name.isEmpty, name != ".", name.first != ".", name.last != ".",
                name.unicodeScalars.allSatisfy({ Self.nameCharacters.contains($0) })
            else { return nil }
            segments.append(.variable(name.split(separator: ".").map(String.init)))
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { segments.append(.text(String(rest))) }
        self.segments = segments
    }

    private static let nameCharacters: Set<Unicode.Scalar> = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.".unicodeScalars)

    func render(_ context: AlertTemplateContext) -> String {
        var output = ""
        for segment in segments {
            switch segment {
            case .text(let text): output += text
            case .variable(let path): output += Self.text(of: Self.resolve(path, in: context))
            }
        }
        return output
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
