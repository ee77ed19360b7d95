import AlertConfig
import AlertModel
import Contracts
import Mustache

/// A Mustache template in text mode, parsed when the config loads so a broken template is a config
/// error with its position, not a surprise at 3 a.m.
///
/// Text mode means no HTML escaping: a summary must read `R&D <prod>`, not `R&amp;D &lt;prod&gt;`. The
/// output is plain text either way; Jira markup is produced later by escaping renderers.
public struct Template: Sendable {
    /// The template as written in the config.
    public let source: String
    /// Where the template's text starts in the config.
    public let location: SourceLocation
    /// `nil` for text without tags, which renders to itself without going through Mustache.
    private let mustache: MustacheTemplate?
    /// Set for templates of text and plain variables only, which render without Mustache.
    private let simple: SimpleTemplate?

    /// On a line of its own, the pragma is a standalone tag that Mustache drops with its newline, so
    /// the template keeps Mustache's usual whitespace rules on its first line too; it shifts parser
    /// positions by exactly one line.
    private static let textPragma = "{{% CONTENT_TYPE: TEXT}}\n"

    /// The names a template may start a lookup with, outside any section.
    static let topLevelNames: Set<String> = Alert.fieldNames.union(["rule"])

    /// - Parameters:
    ///   - location: where the template's text starts.
    ///   - isBlock: the text is a YAML block scalar, whose every line starts at `location.column`;
    ///     otherwise lines after the first start at column 1.
    /// - Throws: the first problem, at its position in the config: an unclosed tag or section, a
    ///   mismatched section end, or a field name no alert has.
    public init(_ source: String, location: SourceLocation, isBlock: Bool = false) throws(ConfigProblem) {
        self.source = source
        self.location = location
        guard source.contains("{{") else {
            self.mustache = nil
            self.simple = nil
            return
        }
        func position(_ line: Int, _ column: Int) -> SourceLocation {
            SourceLocation(
                file: location.file,
                line: location.line + line - 1,
                column: line == 1 || isBlock ? location.column + column - 1 : column
            )
        }
        let scan = TemplateScanner.scan(source)
        if let problem = scan.problem {
            throw ConfigProblem(position(problem.line, problem.column), problem.message)
        }
        do {
            self.mustache = try MustacheTemplate(string: Self.textPragma + source)
            self.simple = SimpleTemplate(source)
        } catch let error as MustacheTemplate.ParserError {
            let line = max(1, error.context.lineNumber - 1)
            let column = error.context.columnNumber
            // Point at the tag the parser was in, which is where the user has to look.
            if let tag = scan.tags.last(where: { ($0.line, $0.column) <= (line, column) }) {
                throw ConfigProblem(position(tag.line, tag.column), "invalid tag \"\(tag.text)\": \(Self.describe(error.error))")
            }
            throw ConfigProblem(position(line, column), "invalid template: \(Self.describe(error.error))")
        } catch {
            throw ConfigProblem(location, "invalid template: \(error)")
        }
    }

    public var isConstant: Bool { mustache == nil }

    /// Whether this is one of alert2jira's own defaults (made by ``builtIn(_:)``), not a template the
    /// config wrote.
    public var isBuiltIn: Bool { location.file == Self.builtInFile }

    static let builtInFile = "<built-in>"

    public func render(_ context: AlertTemplateContext) -> String {
        guard let mustache else { return source }
        if let simple { return simple.render(context) }
        return mustache.render(context)
    }

    /// Always through Mustache, even when a faster path exists: for tests that prove the two agree.
    func renderWithMustache(_ context: AlertTemplateContext) -> String {
        mustache?.render(context) ?? source
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect: "a section is closed with a different name than it was opened with"
        case .unfinishedName:
            "names are letters, digits and . - _ ? *, and transforms are written like uppercased(severity)"
        case .expectedSectionEnd: "a section {{#…}} is never closed with {{/…}}"
        case .invalidSetDelimiter: "malformed set-delimiter tag"
        case .transformAppliedToInheritanceSection: "a transform cannot be applied to an inheritance section"
        case .illegalTokenInsideInheritSection, .textInsideInheritSection: "unexpected content inside a partial's inheritance section"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: "unsupported {{% pragma}}"
        case nil: "\(error)"
        }
    }
}

extension Template {
    /// Convenience for defaults written in code, where the text is known to be a valid template.
    public static func builtIn(_ text: String) -> Template {
        // swift-format-ignore: NeverUseForceTry
        try! Template(text, location: SourceLocation(file: builtInFile, line: 1, column: 1))
    }
}

/// Finds the tags of a template with their positions, and the mistakes swift-mustache reports only at
/// the end of the text (an unclosed tag or section), so they can be reported where they are.
enum TemplateScanner {
    /// A tag and where it starts, counted in lines and Unicode scalars from 1 as YAML marks are.
    struct Tag {
        let text: String
        let line: Int
        let column: Int
    }

    /// Every tag up to the first problem, and that problem in template lines and columns.
    struct Result {
        var tags: [Tag] = []
        var problem: (line: Int, column: Int, message: String)?
    }

    static func scan(_ source: String) -> Result {
        let scalars = Array(source.unicodeScalars)
        var result = Result()
        var sections: [(name: String, tag: Tag)] = []
        var index = 0
        var line = 1
        var column = 1
        func starts(with text: String, at position: Int) -> Bool {
            var candidate = position
            for scalar in text.unicodeScalars {
                guard candidate < scalars.count, scalars[candidate] == scalar else { return false }
                candidate += 1
            }
            return true
        }
        func advance(to end: Int) {
            while index < end {
                if scalars[index] == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                index += 1
            }
        }
        func shortened(_ text: String) -> String {
            let firstLine = text.prefix { $0 != "\n" }
            return firstLine.count > 40 ? firstLine.prefix(40) + "…" : String(firstLine)
        }
        while index < scalars.count {
            guard starts(with: "{{", at: index) else {
                advance(to: index + 1)
                continue
            }
            let triple = starts(with: "{{{", at: index)
            let closing = triple ? "}}}" : "}}"
            var end = index + (triple ? 3 : 2)
            while end < scalars.count, !starts(with: closing, at: end) { end += 1 }
            guard end < scalars.count else {
                let rest = String(String.UnicodeScalarView(scalars[index...]))
                result.problem = (line, column, "unclosed tag \"\(shortened(rest))\"; close it with \(closing)")
                return result
            }
            let tagEnd = end + closing.unicodeScalars.count
            let tag = Tag(text: String(String.UnicodeScalarView(scalars[index..<tagEnd])), line: line, column: column)
            result.tags.append(tag)
            var content = Substring(String(String.UnicodeScalarView(scalars[(index + (triple ? 3 : 2))..<end])))
            let sigil = triple ? "{" : content.first
            if !triple, let sigil, "#^/!=&%<>$".contains(sigil) { content = content.dropFirst() }
            let name = content.trimmingSpaces
            switch sigil {
            case "=":
                // Custom delimiters hide the remaining tags from this scan; swift-mustache still checks them.
                return result
            case "!", "%":
                break
            case ">", "<":
                // No partials are ever registered, so {{> name}} would render empty without a word.
                result.problem = (
                    line, column,
                    "\"\(tag.text)\" includes a partial, and templates have none; write the text in the template itself"
                )
                return result
            case "#", "^", "$":
                if sections.isEmpty, sigil == "#" || sigil == "^", let problem = unknownName(name) {
                    result.problem = (line, column, problem)
                    return result
                }
                sections.append((name, tag))
            case "/":
                guard let open = sections.popLast() else {
                    result.problem = (line, column, "\"\(tag.text)\" closes no open section")
                    return result
                }
                guard open.name == name else {
                    result.problem = (
                        line, column,
                        "\"\(tag.text)\" does not close the open section \"\(open.tag.text)\"; close that with {{/\(open.name)}} first"
                    )
                    return result
                }
            default:
                if sections.isEmpty, let problem = unknownName(name) {
                    result.problem = (line, column, problem)
                    return result
                }
            }
            advance(to: tagEnd)
        }
        if let open = sections.last {
            result.problem = (open.tag.line, open.tag.column, "section \"\(open.tag.text)\" is never closed; close it with {{/\(open.name)}}")
        }
        return result
    }

    /// Outside sections every lookup starts at the alert, so a name no alert has is a typo that would
    /// otherwise render as nothing.
    private static func unknownName(_ tagName: String) -> String? {
        // `uppercased(labels.team)` looks up `labels.team`.
        var name = Substring(tagName)
        if let open = name.lastIndex(of: "(") {
            name = name[name.index(after: open)...].prefix { $0 != ")" }
        }
        if name.hasPrefix(".") { name = name.dropFirst() }
        // A malformed name is swift-mustache's to report, with its own reason.
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || "._-?*".contains($0) }) else { return nil }
        guard let root = name.split(separator: ".").first.map(String.init), !root.isEmpty else { return nil }
        guard !Template.topLevelNames.contains(root) else { return nil }
        var message = "unknown field \"\(root)\" in template"
        if let suggestion = Suggestion.closest(to: root, in: Template.topLevelNames) {
            message += "; did you mean \"\(suggestion)\"?"
        } else {
            message += "; fields are " + Template.topLevelNames.sorted().joined(separator: ", ")
        }
        return message
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = self[start...].lastIndex { $0 != " " && $0 != "\t" }.map(index(after:)) ?? start
        return String(self[start..<end])
    }
}
