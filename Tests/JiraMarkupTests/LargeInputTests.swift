import InvariantChecks
import JiraMarkup
import Testing

/// Big and hostile annotations render whole and within their limits. How fast, and that the time grows
/// linearly with the input, is measured by `Benchmarks/linearity.sh`, not asserted here.
struct LargeInputTests {
    static var annotation: String {
        var annotation = ""
        while annotation.utf8.count < 10_000 {
            annotation += "{code} *x* [a|https://example.com/q?x=1] (x) h1. \\ 火事 🔥\n- item | cell\n"
        }
        return annotation
    }

    @Test func largeAnnotationRendersWithinItsLimits() {
        let annotation = Self.annotation
        let document = DescriptionDocument(
            text: annotation,
            labels: (0..<50).map { (name: "label\($0)", value: annotation.prefix(100).description) },
            rawPayload: String(repeating: annotation, count: 3)
        )
        #expect(ADFInvariants.problems(in: document.adf(), maximumLength: JiraMarkup.maximumDescriptionLength).isEmpty)
        #expect(ADFInvariants.problems(in: document.adf(maximumLength: 5_000), maximumLength: 5_000).isEmpty)
        #expect(WikiInertness.problems(in: document.wikiMarkup()).isEmpty)
        #expect(document.wikiMarkup(maximumLength: 5_000).utf16.count <= 5_000)
    }

    @Test func manyURLCandidatesRenderAsText() {
        let text = String(repeating: "http://.", count: 20_000) + String(repeating: "hhhh", count: 20_000)
        let document = DescriptionDocument(text: text).adf()
        #expect(ADFInvariants.jiraProblems(document).isEmpty)
        #expect(ADFInvariants.problems(in: document, maximumLength: JiraMarkup.maximumDescriptionLength).isEmpty)
    }
}
