/// A part of a parsed template.
indirect enum GoTemplateNode: Sendable {
    case text(String)
    /// `{{ pipeline }}`: prints the pipeline's value.
    case action(GoPipeline)
    /// `{{ if }}`, `{{ range }}` or `{{ with }}`, with the `{{ else }}` part if any.
    case branch(GoBranchKind, GoPipeline, body: [GoTemplateNode], otherwise: [GoTemplateNode]?)
    /// `{{ template "name" pipeline }}`.
    case include(name: String, argument: GoPipeline?, source: String, line: Int)
    /// An action the translator has no form for (`break`, `continue`, …), with its text.
    case other(String, line: Int)
}

enum GoBranchKind: String, Sendable {
    case ifBlock = "if"
    case range
    case with
}

/// A pipeline: optional variable declarations, then commands joined by `|`.
struct GoPipeline: Sendable {
    /// The action's text as written, for messages.
    var source: String
    var line: Int
    var declarations: [String]
    var commands: [[GoOperand]]
}

/// One argument of a command.
indirect enum GoOperand: Sendable {
    /// `.A.B` (an empty chain is `.`).
    case field([String])
    /// `$name.A.B`; `$` alone is named "".
    case variable(String, [String])
    case string(String)
    /// Numbers, `true`, `false` and `nil`, as written.
    case literal(String)
    /// A function name.
    case identifier(String)
    /// `( pipeline )`, optionally followed by a field chain.
    case group(GoPipeline, [String])
}
