import InvariantChecks
import JSON
import JiraMarkup
import JiraSpec
import Testing

/// Exact ADF output for the shapes a description can take, each also checked against JiraSpec's ADF schema.
struct ADFRenderingTests {
    /// Renders `text`, checks the result is valid ADF, and returns its compact JSON.
    private func adf(_ text: String, labels: [(name: String, value: String)] = [], payload: String? = nil) -> String {
        let document = DescriptionDocument(text: text, labels: labels, rawPayload: payload).adf()
        #expect(ADFInvariants.jiraProblems(document) == [])
        return document.jsonString
    }

    private func doc(_ content: String) -> String {
        #"{"version":1,"type":"doc","content":["# + content + "]}"
    }

    @Test func oneParagraph() {
        #expect(
            adf("Disk full on db-1")
                == doc(#"{"type":"paragraph","content":[{"type":"text","text":"Disk full on db-1"}]}"#)
        )
    }

    @Test func twoParagraphs() {
        let expected = doc(
            #"{"type":"paragraph","content":[{"type":"text","text":"First"}]},"#
                + #"{"type":"paragraph","content":[{"type":"text","text":"Second"}]}"#
        )
        #expect(adf("First\n\nSecond") == expected)
        // Extra blank lines, whitespace-only lines and CRLF don't add empty paragraphs.
        #expect(adf("\n\nFirst\r\n  \r\n\n\t\nSecond\n\n") == expected)
    }

    @Test func lineBreaks() {
        #expect(
            adf("a\nb\r\nc\rd")
                == doc(
                    #"{"type":"paragraph","content":[{"type":"text","text":"a"},{"type":"hardBreak"},{"type":"text","text":"b"},"#
                        + #"{"type":"hardBreak"},{"type":"text","text":"c"},{"type":"hardBreak"},{"type":"text","text":"d"}]}"#
                )
        )
    }

    @Test func urlInTheMiddleOfText() {
        let url = "https://grafana.example.com/d/abc?x=1&y=2#panel"
        #expect(
            adf("See \(url) for details")
                == doc(
                    #"{"type":"paragraph","content":[{"type":"text","text":"See "},"#
                        + #"{"type":"text","text":"\#(url)","marks":[{"type":"link","attrs":{"href":"\#(url)"}}]},"#
                        + #"{"type":"text","text":" for details"}]}"#
                )
        )
    }

    @Test func urlWithTrailingPunctuation() {
        #expect(
            adf("Runbook: https://wiki.example.com/runbook.")
                == doc(
                    #"{"type":"paragraph","content":[{"type":"text","text":"Runbook: "},"#
                        + #"{"type":"text","text":"https://wiki.example.com/runbook","marks":[{"type":"link","attrs":{"href":"https://wiki.example.com/runbook"}}]},"#
                        + #"{"type":"text","text":"."}]}"#
                )
        )
        // Parentheses balanced inside the URL stay; the one closing the sentence's aside doesn't.
        #expect(
            adf("(see http://en.wikipedia.org/wiki/Foo_(bar)),")
                == doc(
                    #"{"type":"paragraph","content":[{"type":"text","text":"(see "},"#
                        + #"{"type":"text","text":"http://en.wikipedia.org/wiki/Foo_(bar)","marks":[{"type":"link","attrs":{"href":"http://en.wikipedia.org/wiki/Foo_(bar)"}}]},"#
                        + #"{"type":"text","text":"),"}]}"#
                )
        )
    }

    @Test func otherSchemesAreNotLinked() {
        let text = "javascript:alert(1) data:text/html,<b>x</b> file:///etc/passwd mailto:a@b.c ftp://x https:// xhttp://y"
        #expect(adf(text) == doc(#"{"type":"paragraph","content":[{"type":"text","text":"\#(text)"}]}"#))
    }

    @Test func labelsList() {
        #expect(
            adf("Alert", labels: [(name: "alertname", value: "DiskFull"), (name: "severity", value: "critical")])
                == doc(
                    #"{"type":"paragraph","content":[{"type":"text","text":"Alert"}]},"#
                        + #"{"type":"paragraph","content":[{"type":"text","text":"Labels","marks":[{"type":"strong"}]}]},"#
                        + #"{"type":"bulletList","content":["#
                        + #"{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"alertname: DiskFull"}]}]},"#
                        + #"{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"severity: critical"}]}]}]}"#
                )
        )
    }

    @Test func labelWithNewlineStaysOnOneLine() {
        #expect(
            adf("", labels: [(name: "a", value: "x\ny\tz")])
                == doc(
                    #"{"type":"paragraph","content":[{"type":"text","text":"Labels","marks":[{"type":"strong"}]}]},"#
                        + #"{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"a: x y z"}]}]}]}"#
                )
        )
    }

    @Test func rawPayloadCodeBlock() {
        let payload = "{\n  \"status\": \"firing\",\n  \"note\": \"a\\\\b {noformat}\"\n}\n"
        #expect(
            adf("", payload: payload)
                == doc(
                    #"{"type":"codeBlock","attrs":{"language":"json"},"content":[{"type":"text","text":"{\n  \"status\": \"firing\",\n  \"note\": \"a\\\\b {noformat}\"\n}"}]}"#
                )
        )
        // Nothing to show, no block.
        #expect(adf("", payload: "") == doc(""))
        #expect(adf("", payload: "\n\n") == doc(""))
    }

    @Test func unicodeIsKeptAsIs() {
        let text = "🔥 CPU 90% 👨‍👩‍👧‍👦 🇯🇵 火事です שלום عالم e\u{301} Å"
        #expect(adf(text) == doc(#"{"type":"paragraph","content":[{"type":"text","text":"\#(text)"}]}"#))
    }

    @Test func controlCharactersAreReplaced() {
        #expect(
            adf("a\u{0}b\u{7}c\td\u{1B}[31m")
                == doc(#"{"type":"paragraph","content":[{"type":"text","text":"a\#u{FFFD}b\#u{FFFD}c\td\#u{FFFD}[31m"}]}"#)
        )
        // A control character between two halves of a scheme doesn't make a link once replaced.
        #expect(!adf("htt\u{1}p://evil.example").contains("link"))
    }

    @Test func emptyTextIsAValidEmptyDocument() {
        #expect(adf("") == doc(""))
        #expect(adf("  \n\t\n ") == doc(""))
        #expect(adf("", labels: [], payload: nil) == #"{"version":1,"type":"doc","content":[]}"#)
    }

    @Test func linkAtLineStartAndEnd() {
        #expect(
            adf("https://a.example\nhttp://b.example")
                == doc(
                    #"{"type":"paragraph","content":[{"type":"text","text":"https://a.example","marks":[{"type":"link","attrs":{"href":"https://a.example"}}]},"#
                        + #"{"type":"hardBreak"},"#
                        + #"{"type":"text","text":"http://b.example","marks":[{"type":"link","attrs":{"href":"http://b.example"}}]}]}"#
                )
        )
    }
}
