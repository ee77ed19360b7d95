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

    // Two of the fixed templates per input, picked by its first byte; coverage feedback steers the fuzzer to every
    // pick. The drafts put each in several fields.
    let pick = Int(input.bytes.first ?? 0)
    let picked = [fixedTemplates[pick % fixedTemplates.count], fixedTemplates[(pick / fixedTemplates.count) % fixedTemplates.count]]
    let location = SourceLocation(file: "fuzz.yaml", line: 3, column: 14)
    let fuzzed = try? Template(parts[0], location: location, isBlock: parts.count > 2)
    var rules = [mixedRule(picked, location)]
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
        labels: [template, teamLabel],
        lifecycle: lifecycle,
        location: location
    )
}

/// One rule made of the two fixed templates: both in the labels and the first in the summary, the two fields whose
/// invariants are checked (every fixed template is first for some first byte), the second in the description. The
/// other fields hold one label: the fuzzed rule fills them with arbitrary text, and each fixed template in every
/// field cost about a quarter of the target's executions.
private func mixedRule(_ templates: [Template], _ location: SourceLocation) -> Rule {
    Rule(
        name: "rule",
        project: teamLabel,
        issueType: teamLabel,
        summary: templates[0],
        description: templates[1],
        priority: .template(teamLabel),
        labels: templates + [teamLabel],
        lifecycle: lifecycle,
        location: location
    )
}

private let renderer = DraftRenderer(config: Config(file: "fuzz.yaml"))

/// Parsed once: parsing them for every input cost a tenth of the run.
private let fixedTemplates = withoutLeakChecks {
    fixedTemplateSources.map(Template.builtIn)
}

private let teamLabel = withoutLeakChecks { Template.builtIn("{{labels.team}}") }

/// The default lifecycle, whose dedup key template a rule would otherwise parse each time one is made.
private let lifecycle = withoutLeakChecks { LifecyclePolicy() }

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
