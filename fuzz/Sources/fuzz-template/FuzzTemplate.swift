import AlertModel
import AlertRules
import Contracts
import FuzzSupport
import InvariantChecks
import JSON

/// Mustache rendering: the first part of the input is a template, the rest alert text. The template (when it
/// compiles) and a set of fixed templates render the alert, and the drafts made with them must be valid for
/// Jira: a summary of one line of 1–255 characters, labels without whitespace.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    let parts = input.textParts
    let alertText = parts.count > 1 ? Array(parts.dropFirst()) : parts
    let raw = (try? JSONParser.parse(input.parts.last ?? [])) ?? .string(input.text)
    let alert = alert(from: alertText, raw: raw)
    let context = AlertTemplateContext(alert: alert, rule: parts.last ?? "")

    // Built per input, not held in a global: a once-initialised global's templates are reported by LeakSanitizer,
    // which can't see pointers that carry an enum's tag in their spare bits.
    let fixedTemplates = makeFixedTemplates()
    var templates = fixedTemplates
    let location = SourceLocation(file: "fuzz.yaml", line: 3, column: 14)
    if let template = try? Template(parts[0], location: location, isBlock: parts.count > 2) {
        templates.append(template)
    }
    requireLinear(input) { tiled in
        let text = String(decoding: tiled, as: UTF8.self)
        let context = AlertTemplateContext(alert: FuzzSupport.alert(from: [text]), rule: "rule")
        if let template = try? Template(text, location: location) { _ = template.render(context) }
        for template in fixedTemplates { _ = renderer.render(rule(template, location), for: context.alert) }
    }
    for template in templates {
        _ = template.render(context)
        let draft = renderer.render(rule(template, location), for: alert)
        if let problem = FieldInvariants.summaryProblem(draft.summary) { fatalError("\(problem): \(draft.summary.debugDescription)") }
        for label in draft.labels {
            if let problem = FieldInvariants.labelProblem(label) { fatalError("\(problem): \(label.debugDescription)") }
        }
    }
    return 0
}

private func rule(_ template: Template, _ location: SourceLocation) -> Rule {
    Rule(
        name: "rule",
        project: template,
        issueType: template,
        summary: template,
        description: template,
        priority: .template(template),
        labels: [template, Template.builtIn("{{labels.team}}")],
        location: location
    )
}

private let renderer = DraftRenderer(config: Config(file: "fuzz.yaml"))

private func makeFixedTemplates() -> [Template] {
    [
        "{{title}}",
        "{{{summary}}} on {{labels.team}} ({{severity}})",
        "{{#labels.team}}team {{labels.team}}{{/labels.team}}{{^annotations.runbook}}no runbook{{/annotations.runbook}}",
        "{{labels}} {{annotations}} {{raw}} {{cost}} {{resource}}",
        "{{#enumerated(labels)}}{{key}}={{value}}\n{{/enumerated(labels)}}",
        "{{#raw}}{{#enumerated(.)}}{{key}}: {{value}} {{/enumerated(.)}}{{/raw}}",
        "{{uppercased(title)}} {{lowercased(labels.team)}} {{count(labels)}}",
        "  {{#title}}\n{{title}}\n  {{/title}}\n{{url}}",
        "{{source}}:{{fingerprint}}",
    ].map(Template.builtIn)
}
