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

    @Test(arguments: [
        "(x)", "wink ;)", "(on)", "[docs|https://example.com] (y)", "{color:red}", "!image.png!", "a|b", "see [x|javascript:alert(1)]",
        "h1. Title", "text\nbq. quote", "  * item", "C:\\temp", "mailto:a@b.c", "*Labels*\n* ok\n# list",
        // Jira starts a line after "\r\n" too, though the two are one Character, and after a lone "\r".
        "x\r\nh2. after CRLF", "x\r\n* after CRLF", "x\rh3. after CR",
    ])
    func markupIsStillFlagged(_ wiki: String) {
        #expect(!WikiInertness.problems(in: wiki).isEmpty, "\(wiki)")
    }

    @Test(arguments: [
        "plain text", "a \\{code\\} b", "[shown|https://example.com/a?b=c]", "*Labels*\n* team=ops\n* env=prod",
        "text\n{noformat}\n{x}\n{noformat}", "&#40;x&#41;", "h1 without a dot", "*Labels*\r\n* team=ops",
    ])
    func literalTextPasses(_ wiki: String) {
        #expect(WikiInertness.problems(in: wiki) == [], "\(wiki.debugDescription)")
    }
}
