import FuzzSupport
import InvariantChecks
import JSON
import JiraMarkup

/// The ADF renderer: a description made of the input (see ``FuzzDescription``) must render to a document
/// ``ADFValidator`` accepts, within the length limit, with no mark but our own.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzADF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    let description = FuzzDescription(input)
    let document = description.document.adf(maximumLength: description.maximumLength)
    let problems = ADFInvariants.problems(in: document, maximumLength: description.maximumLength)
    require(problems.isEmpty, "\(problems) in \(document.jsonString)")
    requireLinear(input) { tiled in
        let description = FuzzDescription(FuzzInput(tiled))
        _ = description.document.adf(maximumLength: description.maximumLength)
    }
    return 0
}
