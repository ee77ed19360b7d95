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
    // Two of the fixed templates per input, picked by its first byte: parsing all nine for every input cost a fifth
    // of the run, and coverage feedback steers the fuzzer to every pick anyway.
    let pick = Int(input.bytes.first ?? 0)
    let fixedTemplates = [fixedTemplateSources[pick % 9], fixedTemplateSources[(pick / 9) % 9]].map(Template.builtIn)
    let location = SourceLocation(file: "fuzz.yaml", line: 3, column: 14)
    let fuzzed = try? Template(parts[0], location: location, isBlock: parts.count > 2)
    // Every fixed template renders the alert once; the drafts put them in every field between them. Rendering each
    // through every field of its own rule made one input cost 60 renders, and the fuzzer crawl at 50 inputs a second.
    for template in fixedTemplates { _ = template.render(context) }
    var rules = [mixedRule(fixedTemplates, location)]
    if let fuzzed { rules.append(rule(fuzzed, location)) }
    requireLinear(input) { tiled in
        let text = String(decoding: tiled, as: UTF8.self)
        let alert = FuzzSupport.alert(from: [text])
        if let template = try? Template(text, location: location) { _ = renderer.render(rule(template, location), for: alert) }
        for rule in rules { _ = renderer.render(rule, for: alert) }
    }
    for rule in rules {
        let draft = renderer.render(rule, for: alert)
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

/// One rule made of the two fixed templates, each in the summary, the labels and the other fields.
private func mixedRule(_ templates: [Template], _ location: SourceLocation) -> Rule {
    Rule(
        name: "rule",
        project: templates[1],
        issueType: templates[0],
        summary: templates[0],
        description: templates[1],
        priority: .template(templates[1]),
        labels: templates + [Template.builtIn("{{labels.team}}")],
        location: location
    )
}

private let renderer = DraftRenderer(config: Config(file: "fuzz.yaml"))

/// Sources only: templates held in a global would be reported by LeakSanitizer (see above).
private let fixedTemplateSources = [
    "{{title}}",
    "{{{summary}}} on {{labels.team}} ({{severity}})",
    "{{#labels.team}}team {{labels.team}}{{/labels.team}}{{^annotations.runbook}}no runbook{{/annotations.runbook}}",
    "{{labels}} {{annotations}} {{raw}} {{cost}} {{resource}}",
    "{{#enumerated(labels)}}{{key}}={{value}}\n{{/enumerated(labels)}}",
    "{{#raw}}{{#enumerated(.)}}{{key}}: {{value}} {{/enumerated(.)}}{{/raw}}",
    "{{uppercased(title)}} {{lowercased(labels.team)}} {{count(labels)}}",
    "  {{#title}}\n{{title}}\n  {{/title}}\n{{url}}",
    "{{source}}:{{fingerprint}}",
]
