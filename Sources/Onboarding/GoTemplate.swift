import Foundation

/// A Go `text/template` as jiralert and Alertmanager write them, parsed far enough to translate the common
/// forms to Mustache and to say exactly which action the rest is.
///
/// Not a full implementation of Go's grammar: it reads actions, pipelines, `if`/`range`/`with`/`else`,
/// `define`/`block`/`template` and comments, which is all a translation needs; anything else is kept as an
/// ``GoTemplateNode/other(_:line:)`` node that the translator reports.
struct GoTemplate: Sendable {
    var nodes: [GoTemplateNode]
    /// `{{ define "name" }}` (and `{{ block }}`) bodies by name.
    var defines: [String: [GoTemplateNode]]

    /// - Parameters:
    ///   - firstLine: the line of the file the text starts on, so nodes carry file lines.
    init(parsing text: String, firstLine: Int = 1) throws(GoTemplateSyntaxError) {
        let items = try GoTemplateScanner.scan(text, firstLine: firstLine)
        var builder = GoTemplateBuilder()
        for item in items {
            try builder.add(item)
        }
        (nodes, defines) = try builder.finish()
    }
}
