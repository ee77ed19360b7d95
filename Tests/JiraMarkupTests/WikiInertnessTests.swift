import InvariantChecks
import JiraMarkup
import Testing

/// The inertness checker shared by the property tests and the wiki fuzzer must flag markup and nothing else,
/// or the fuzzer stops on a false alarm before it can find anything.
@Suite struct WikiInertnessTests {
    /// Found by fuzzing with the Datadog sample: Markdown links in parentheses, `[[Status](https://…)]`, became
    /// our links inside brackets, and the checker's stand-in for a link read as the emoticon `(x)` or `;)`.
    @Test func ourLinkInParenthesesIsNotAnEmoticon() {
        let text = "[[Monitor Status](https://app.datadoghq.com/monitors#309811?group=host%3Ai)] ;-"
        let wiki = DescriptionDocument(text: text).wikiMarkup()
        #expect(wiki.contains("([https&#58;//app.datadoghq.com/monitors"), "\(wiki)")
        #expect(WikiInertness.problems(in: wiki) == [], "\(wiki)")
        #expect(WikiInertness.problems(in: "see ([docs|https://example.com/a]) now") == [])
    }

    @Test(arguments: ["(x)", "wink ;)", "(on)", "[docs|https://example.com] (y)", "{color:red}", "!image.png!", "a|b"])
    func markupIsStillFlagged(_ wiki: String) {
        #expect(!WikiInertness.problems(in: wiki).isEmpty, "\(wiki)")
    }
}
