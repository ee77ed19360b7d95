import Foundation

/// Builds the node tree from scanned items, matching `end`s with what they close.
struct GoTemplateBuilder {
    private enum FrameKind {
        case root
        case branch(GoBranchKind, GoPipeline)
        case define(String)
        case block(String, GoPipeline?, line: Int)
    }

    private struct Frame {
        var kind: FrameKind
        var body: [GoTemplateNode] = []
        var otherwise: [GoTemplateNode]?
        /// Opened by `{{ else if }}`: the `end` that closes it closes its parent too.
        var closesParent = false
        var line: Int
    }

    private var stack = [Frame(kind: .root, line: 0)]
    private var defines: [String: [GoTemplateNode]] = [:]

    private mutating func append(_ node: GoTemplateNode) {
        if stack[stack.count - 1].otherwise != nil {
            stack[stack.count - 1].otherwise!.append(node)
        } else {
            stack[stack.count - 1].body.append(node)
        }
    }

    mutating func add(_ item: GoTemplateScanner.Item) throws(GoTemplateSyntaxError) {
        switch item {
        case .text(let text):
            append(.text(text))
        case .action(let content, let line):
            let keyword = content.prefix { !$0.isWhitespace && $0 != "(" }
            let rest = String(content.dropFirst(keyword.count)).trimmingCharacters(in: .whitespaces)
            switch keyword {
            case "if", "range", "with":
                let kind = GoBranchKind(rawValue: String(keyword))!
                stack.append(Frame(kind: .branch(kind, try GoPipelineParser.parse(rest, source: content, line: line)), line: line))
            case "else":
                guard stack.count > 1, case .branch(let kind, _) = stack[stack.count - 1].kind else {
                    throw GoTemplateSyntaxError(line: line, message: "{{ else }} outside if, range or with")
                }
                guard stack[stack.count - 1].otherwise == nil else {
                    throw GoTemplateSyntaxError(line: line, message: "a second {{ else }} in one \(kind.rawValue)")
                }
                stack[stack.count - 1].otherwise = []
                if !rest.isEmpty {
                    // `else if x` (or `else with x`) is a new branch inside the else, closed by the same end.
                    let inner = rest.prefix { !$0.isWhitespace }
                    guard let innerKind = GoBranchKind(rawValue: String(inner)) else {
                        throw GoTemplateSyntaxError(line: line, message: "unexpected \"\(rest)\" after else")
                    }
                    let pipeline = try GoPipelineParser.parse(
                        String(rest.dropFirst(inner.count)).trimmingCharacters(in: .whitespaces),
                        source: content,
                        line: line
                    )
                    stack.append(Frame(kind: .branch(innerKind, pipeline), closesParent: true, line: line))
                }
            case "end":
                try close(line: line)
            case "define":
                guard case .string(let name) = try GoPipelineParser.parse(rest, source: content, line: line).commands.first?.first else {
                    throw GoTemplateSyntaxError(line: line, message: "define needs a quoted name")
                }
                stack.append(Frame(kind: .define(name), line: line))
            case "block":
                let pipeline = try GoPipelineParser.parse(rest, source: content, line: line)
                guard var first = pipeline.commands.first, case .string(let name) = first.first else {
                    throw GoTemplateSyntaxError(line: line, message: "block needs a quoted name")
                }
                first.removeFirst()
                var argument = pipeline
                argument.commands[0] = first
                stack.append(Frame(kind: .block(name, first.isEmpty ? nil : argument, line: line), line: line))
            case "template":
                let pipeline = try GoPipelineParser.parse(rest, source: content, line: line)
                guard var first = pipeline.commands.first, case .string(let name) = first.first else {
                    throw GoTemplateSyntaxError(line: line, message: "template needs a quoted name")
                }
                first.removeFirst()
                var argument = pipeline
                argument.commands[0] = first
                append(.include(name: name, argument: first.isEmpty ? nil : argument, source: content, line: line))
            case "break", "continue":
                append(.other(content, line: line))
            default:
                append(.action(try GoPipelineParser.parse(content, source: content, line: line)))
            }
        }
    }

    private mutating func close(line: Int) throws(GoTemplateSyntaxError) {
        guard stack.count > 1 else { throw GoTemplateSyntaxError(line: line, message: "{{ end }} closes nothing") }
        let frame = stack.removeLast()
        switch frame.kind {
        case .root:
            break
        case .branch(let kind, let pipeline):
            append(.branch(kind, pipeline, body: frame.body, otherwise: frame.otherwise))
        case .define(let name):
            defines[name] = frame.body
        case .block(let name, let argument, let blockLine):
            defines[name] = frame.body
            append(.include(name: name, argument: argument, source: "block \"\(name)\"", line: blockLine))
        }
        if frame.closesParent { try close(line: line) }
    }

    func finish() throws(GoTemplateSyntaxError) -> ([GoTemplateNode], [String: [GoTemplateNode]]) {
        guard stack.count == 1 else {
            throw GoTemplateSyntaxError(line: stack[stack.count - 1].line, message: "an action opened here is never closed with {{ end }}")
        }
        return (stack[0].body, defines)
    }
}
