import JiraMarkup
import Testing

/// Rendering stays linear: a big annotation must not stall the pipeline.
struct PerformanceTests {
    @Test func largeAnnotationRendersQuickly() {
        var annotation = ""
        while annotation.utf8.count < 10_000 {
            annotation += "{code} *x* [a|https://example.com/q?x=1] (x) h1. \\ 火事 🔥\n- item | cell\n"
        }
        let document = DescriptionDocument(
            text: annotation,
            labels: (0..<50).map { (name: "label\($0)", value: annotation.prefix(100).description) },
            rawPayload: String(repeating: annotation, count: 3)
        )
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<5 {
                _ = document.wikiMarkup()
                _ = document.adf()
                _ = document.wikiMarkup(maximumLength: 5_000)
                _ = document.adf(maximumLength: 5_000)
            }
        }
        // Debug builds on a slow CI machine take well under this; quadratic code takes far longer.
        #expect(elapsed < .seconds(5))
    }

    @Test func manyURLCandidatesStayLinear() {
        let text = String(repeating: "http://.", count: 20_000) + String(repeating: "hhhh", count: 20_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = DescriptionDocument(text: text).adf() }
        #expect(elapsed < .seconds(5))
    }
}
