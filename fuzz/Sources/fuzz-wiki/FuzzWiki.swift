import FuzzSupport
import InvariantChecks
import JiraMarkup

/// The wiki markup renderer and escaper: a description made of the input (see ``FuzzDescription``) must render
/// within the length limit to markup in which nothing from the data is markup, and so must the input escaped
/// on its own.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWiki(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    let description = FuzzDescription(input)
    let wiki = description.document.wikiMarkup(maximumLength: description.maximumLength)
    require(wiki.utf16.count <= description.maximumLength, "\(wiki.utf16.count) UTF-16 units, over \(description.maximumLength)")
    let problems = WikiInertness.problems(in: wiki)
    require(problems.isEmpty, "\(problems) in \(wiki.debugDescription)")

    let escaped = WikiMarkup.escape(input.text)
    let escapedProblems = WikiInertness.problems(in: escaped)
    require(escapedProblems.isEmpty, "\(escapedProblems) in \(escaped.debugDescription)")
    requireLinear(input) { tiled in
        let description = FuzzDescription(FuzzInput(tiled))
        _ = description.document.wikiMarkup(maximumLength: description.maximumLength)
        _ = WikiMarkup.escape(String(decoding: tiled, as: UTF8.self))
    }
    return 0
}
