import Contracts
import Foundation

/// Translates jiralert's and Alertmanager's Go templates into alert2jira's Mustache, over what alert2jira shows
/// a template of a group (`dedup: { per: group }`): the shared `labels` and `annotations`, `status`, and the
/// Alertmanager payload under `raw` with the members in `raw.alerts`.
///
/// What has no Mustache form (comparisons, variables, most functions) is left out of the output and reported
/// with its file and line; the converters keep the original text as a comment beside the key.
struct GoTemplateTranslator {
    /// A named template and the file it was defined in.
    struct Definition: Sendable {
        var nodes: [GoTemplateNode]
        var file: String
    }

    /// What `.` is at a point of the template.
    private enum Scope {
        /// The notification: `.Status`, `.CommonLabels`, `.Alerts`…
        case group
        /// One member, inside `range .Alerts`.
        case alert
        /// A label or annotation, inside `range .Labels.SortedPairs`.
        case pair
        /// A single value, inside `with` or `range` over a map: `.` is this Mustache name.
        case value(String)
    }

    private struct Context {
        var scope: Scope
        /// How many Mustache sections enclose this point; inside one, `labels` may mean a member's labels.
        var depth: Int
        var file: String
        var including: [String]
    }

    /// What a Go expression is in Mustache.
    private enum Expression {
        /// A Mustache name or transform, printed as `{{name}}`.
        case value(String)
        case literal(String)
        /// The group's members (`raw.alerts`).
        case list(String)
        /// A map of names to values (`labels`, `raw.groupLabels`).
        case map(String)
        /// `.SortedPairs` of a map.
        case pairs(String)
        /// `.Values` or `.Names` of a map.
        case mapValues(String)
        case mapNames(String)
        /// Ready Mustache text (a join over a map).
        case fragment(String)
    }

    private struct Unsupported: Error {
        let reason: String
    }

    var definitions: [String: Definition]
    /// Names of templates Alertmanager ships (`jira.default.summary`, `__subject`…), which alert2jira replaces
    /// with its own defaults rather than translating.
    var builtInNames: (String) -> Bool = { _ in false }
    private(set) var problems: [MigrationProblem] = []
    /// Translations that differ from the original, noted while evaluating an action and reported with its line.
    private var approximations: [String] = []

    init(definitions: [String: Definition] = [:]) {
        self.definitions = definitions
    }

    /// The Mustache for `text`, a template written at `line` of `file`.
    mutating func translate(_ text: String, file: String, line: Int) -> String {
        guard text.contains("{{") else { return text }
        let template: GoTemplate
        do {
            template = try GoTemplate(parsing: text, firstLine: line)
        } catch {
            problems.append(.notConverted(at: file, line: error.line, "Go template does not parse (\(error.message)); the template is left out"))
            return ""
        }
        return render(template.nodes, Context(scope: .group, depth: 0, file: file, including: []))
    }

    // MARK: - Nodes

    private mutating func render(_ nodes: [GoTemplateNode], _ context: Context) -> String {
        var output = ""
        for node in nodes {
            switch node {
            case .text(let text):
                output += text
            case .action(let pipeline):
                do {
                    output += try printed(try evaluate(pipeline, context))
                } catch {
                    leftOut("{{ \(pipeline.source) }}", line: pipeline.line, context, error.reason)
                }
                noteApproximations(line: pipeline.line, context)
            case .branch(let kind, let pipeline, let body, let otherwise):
                do {
                    output += try branch(kind, pipeline, body: body, otherwise: otherwise, context)
                } catch {
                    leftOut("{{ \(pipeline.source) }}…{{ end }}", line: pipeline.line, context, error.reason)
                }
                noteApproximations(line: pipeline.line, context)
            case .include(let name, let argument, let source, let line):
                do {
                    output += try include(name, argument: argument, line: line, context)
                } catch {
                    leftOut("{{ \(source) }}", line: line, context, error.reason)
                }
            case .other(let source, let line):
                leftOut("{{ \(source) }}", line: line, context, "alert2jira's templates have no \(source)")
            }
        }
        return output
    }

    private mutating func noteApproximations(line: Int, _ context: Context) {
        for note in approximations {
            problems.append(.changed(at: context.file, line: line, note))
        }
        approximations = []
    }

    private mutating func leftOut(_ what: String, line: Int, _ context: Context, _ reason: String) {
        problems.append(.notConverted(at: context.file, line: line, "\(Self.shortened(what)) is left out: \(reason)"))
    }

    private mutating func branch(
        _ kind: GoBranchKind,
        _ pipeline: GoPipeline,
        body: [GoTemplateNode],
        otherwise: [GoTemplateNode]?,
        _ context: Context
    ) throws(Unsupported) -> String {
        let subject = try evaluate(pipeline, context)
        var inner = context
        inner.depth += 1
        switch (kind, subject) {
        case (.ifBlock, .value(let name)), (.with, .value(let name)):
            guard !name.contains("(") else {
                throw Unsupported(reason: "Mustache sections test a field, not a function's result")
            }
            if kind == .with { inner.scope = .value(name) }
            var output = "{{#\(name)}}\(render(body, inner)){{/\(name)}}"
            if let otherwise { output += "{{^\(name)}}\(render(otherwise, context)){{/\(name)}}" }
            return output
        case (.range, .list(let name)):
            inner.scope = .alert
            var output = "{{#\(name)}}\(render(body, inner)){{/\(name)}}"
            if let otherwise { output += "{{^\(name)}}\(render(otherwise, context)){{/\(name)}}" }
            return output
        case (.range, .pairs(let map)), (.range, .map(let map)):
            guard otherwise == nil else { throw Unsupported(reason: "range over a map with an else has no Mustache form") }
            if case .pairs = subject {
                inner.scope = .pair
            } else {
                inner.scope = .value("value")
            }
            return "{{#enumerated(\(map))}}\(render(body, inner)){{/enumerated(\(map))}}"
        case (.ifBlock, _):
            throw Unsupported(reason: "Mustache can only test whether a field is set, not compare or count")
        default:
            throw Unsupported(reason: "\(kind.rawValue) over this value has no Mustache form")
        }
    }

    private mutating func include(_ name: String, argument: GoPipeline?, line: Int, _ context: Context) throws(Unsupported) -> String {
        guard let definition = definitions[name] else {
            if builtInNames(name) {
                throw Unsupported(reason: "\"\(name)\" is one of Alertmanager's built-in templates; alert2jira's own default does that job")
            }
            throw Unsupported(reason: "no template \"\(name)\" is defined in the template files")
        }
        guard !context.including.contains(name) else {
            throw Unsupported(reason: "template \"\(name)\" includes itself")
        }
        var inner = context
        inner.file = definition.file
        inner.including.append(name)
        if let argument {
            guard argument.declarations.isEmpty, argument.commands.count == 1, argument.commands[0].count == 1 else {
                throw Unsupported(reason: "only `.` or `$` can be passed to a template")
            }
            switch argument.commands[0][0] {
            case .field(let chain) where chain.isEmpty: break
            case .variable("", let chain) where chain.isEmpty: inner.scope = .group
            default: throw Unsupported(reason: "only `.` or `$` can be passed to a template")
            }
        }
        return render(definition.nodes, inner)
    }

    // MARK: - Expressions

    private mutating func printed(_ expression: Expression) throws(Unsupported) -> String {
        switch expression {
        case .value(let name): return "{{\(name)}}"
        case .literal(let text): return text
        case .fragment(let text): return text
        case .list, .map, .pairs, .mapValues, .mapNames:
            throw Unsupported(reason: "printing a whole list or map has no Mustache form; range over it, or join its .Values")
        }
    }

    private mutating func evaluate(_ pipeline: GoPipeline, _ context: Context) throws(Unsupported) -> Expression {
        guard pipeline.declarations.isEmpty else {
            throw Unsupported(reason: "alert2jira's templates have no variables ($\(pipeline.declarations[0]))")
        }
        var result: Expression?
        for command in pipeline.commands {
            result = try evaluate(command, piped: result, context)
        }
        guard let result else { throw Unsupported(reason: "empty action") }
        return result
    }

    private mutating func evaluate(_ command: [GoOperand], piped: Expression?, _ context: Context) throws(Unsupported) -> Expression {
        guard let first = command.first else { throw Unsupported(reason: "empty command") }
        if case .identifier(let function) = first {
            var arguments: [Expression] = []
            for operand in command.dropFirst() {
                arguments.append(try evaluate(operand, context))
            }
            if let piped { arguments.append(piped) }
            return try call(function, arguments)
        }
        guard command.count == 1, piped == nil else {
            throw Unsupported(reason: "arguments to a value (a method call) have no Mustache form")
        }
        return try evaluate(first, context)
    }

    private mutating func evaluate(_ operand: GoOperand, _ context: Context) throws(Unsupported) -> Expression {
        switch operand {
        case .field(let chain):
            return try field(chain, in: context.scope, nested: context.depth > 0)
        case .variable("", let chain):
            return try field(chain, in: .group, nested: context.depth > 0)
        case .variable(let name, _):
            throw Unsupported(reason: "alert2jira's templates have no variables ($\(name))")
        case .string(let text):
            return .literal(text)
        case .literal(let text):
            return .literal(text)
        case .identifier(let function):
            return try call(function, [])
        case .group(let pipeline, let chain):
            guard chain.isEmpty else { throw Unsupported(reason: "a field of a parenthesized value has no Mustache form") }
            return try evaluate(pipeline, context)
        }
    }

    private mutating func call(_ function: String, _ arguments: [Expression]) throws(Unsupported) -> Expression {
        switch function {
        case "toUpper", "toLower", "title":
            let transform = ["toUpper": "uppercased", "toLower": "lowercased", "title": "capitalized"][function]!
            guard arguments.count == 1 else { throw Unsupported(reason: "\(function) takes one value") }
            switch arguments[0] {
            case .literal(let text):
                return .literal(function == "toUpper" ? text.uppercased() : function == "toLower" ? text.lowercased() : text.capitalized)
            case .value(let name) where !name.contains("("):
                return .value("\(transform)(\(name))")
            default:
                throw Unsupported(reason: "\(function) is only translated for a single field")
            }
        case "len":
            guard arguments.count == 1 else { throw Unsupported(reason: "len takes one value") }
            switch arguments[0] {
            case .list(let name), .map(let name), .pairs(let name): return .value("count(\(name))")
            default: throw Unsupported(reason: "len is only translated for the list of alerts and label maps")
            }
        case "join":
            guard arguments.count == 2, case .literal(let separator) = arguments[0], !separator.contains("{{") else {
                throw Unsupported(reason: "join is only translated with a quoted separator")
            }
            switch arguments[1] {
            case .mapValues(let map):
                return .fragment("{{#enumerated(\(map))}}{{value}}{{^last()}}\(separator){{/last()}}{{/enumerated(\(map))}}")
            case .mapNames(let map):
                return .fragment("{{#enumerated(\(map))}}{{key}}{{^last()}}\(separator){{/last()}}{{/enumerated(\(map))}}")
            default:
                throw Unsupported(reason: "join is only translated for the .Values or .Names of a label map")
            }
        case "index":
            guard arguments.count == 2, case .map(let map) = arguments[0], case .literal(let key) = arguments[1] else {
                throw Unsupported(reason: "index is only translated for a label map and a quoted name")
            }
            guard Self.isMustacheName(key) else { throw Unsupported(reason: "\"\(key)\" is not a name Mustache can look up") }
            return .value("\(map).\(key)")
        default:
            throw Unsupported(reason: "alert2jira's templates have no function \"\(function)\"")
        }
    }

    // MARK: - Fields

    /// A field chain read from `.` in `scope`; `nested` says the point is inside a Mustache section, where
    /// a member's own `labels` would hide the group's.
    private mutating func field(_ chain: [String], in scope: Scope, nested: Bool) throws(Unsupported) -> Expression {
        switch scope {
        case .value(let name):
            guard chain.isEmpty else { throw Unsupported(reason: ".\(chain.joined(separator: ".")) of a single value") }
            return .value(name)
        case .pair:
            switch chain {
            case ["Name"]: return .value("key")
            case ["Value"]: return .value("value")
            default: throw Unsupported(reason: "a label pair has .Name and .Value")
            }
        case .alert:
            guard let head = chain.first else { throw Unsupported(reason: "printing a whole alert has no Mustache form") }
            let rest = Array(chain.dropFirst())
            switch head {
            case "Labels": return try map("labels", rest)
            case "Annotations": return try map("annotations", rest)
            case "Status", "GeneratorURL", "StartsAt", "EndsAt", "Fingerprint":
                guard rest.isEmpty else { throw Unsupported(reason: ".\(head) has no fields") }
                return .value(head.prefix(1).lowercased() + head.dropFirst())
            default:
                throw Unsupported(reason: "an alert has no field .\(head) in alert2jira")
            }
        case .group:
            guard let head = chain.first else { throw Unsupported(reason: "printing the whole notification has no Mustache form") }
            let rest = Array(chain.dropFirst())
            switch (head, rest) {
            case ("Status", []): return .value(nested ? "raw.status" : "status")
            case ("Receiver", []): return .value("raw.receiver")
            case ("ExternalURL", []): return .value("raw.externalURL")
            case ("GroupKey", []): return .value("raw.groupKey")
            // alert2jira's group alert carries the labels and annotations all members share, which are Alertmanager's
            // common ones; inside a section a member's own would hide them, so the payload's are named there.
            case ("CommonLabels", _): return try map(nested ? "raw.commonLabels" : "labels", rest)
            case ("CommonAnnotations", _): return try map(nested ? "raw.commonAnnotations" : "annotations", rest)
            case ("GroupLabels", _): return try map("raw.groupLabels", rest)
            case ("Alerts", []):
                return .list("raw.alerts")
            case ("Alerts", ["Firing"]):
                approximations.append("`.Alerts.Firing` became raw.alerts, which also lists the group's resolved members")
                return .list("raw.alerts")
            case ("Alerts", ["Resolved"]):
                throw Unsupported(reason: "Mustache cannot pick the resolved alerts out of raw.alerts")
            default:
                throw Unsupported(reason: "the notification has no field .\(chain.joined(separator: ".")) in alert2jira")
            }
        }
    }

    private mutating func map(_ name: String, _ rest: [String]) throws(Unsupported) -> Expression {
        switch rest {
        case []: return .map(name)
        case ["SortedPairs"]: return .pairs(name)
        case ["Values"], ["SortedPairs", "Values"]: return .mapValues(name)
        case ["Names"], ["SortedPairs", "Names"]: return .mapNames(name)
        default:
            guard rest.count == 1, Self.isMustacheName(rest[0]) else {
                throw Unsupported(reason: ".\(rest.joined(separator: ".")) of a label map has no Mustache form")
            }
            return .value("\(name).\(rest[0])")
        }
    }

    private static func isMustacheName(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    private static func shortened(_ text: String) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return oneLine.count > 80 ? "`" + oneLine.prefix(77) + "…`" : "`" + oneLine + "`"
    }
}
