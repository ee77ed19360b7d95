import Foundation
import JiraMarkup
import Testing

/// Exact wiki markup for the shapes a description can take.
struct WikiRenderingTests {
    private func wiki(_ text: String, labels: [(name: String, value: String)] = [], payload: String? = nil) -> String {
        DescriptionDocument(text: text, labels: labels, rawPayload: payload).wikiMarkup()
    }

    @Test func paragraphsAndLineBreaks() {
        #expect(wiki("Disk full on db-1") == #"Disk full on db\-1"#)
        #expect(wiki("\nFirst\r\n \r\nSecond\n\n") == "First\n\nSecond")
        // A single newline is a line break in Jira already; no `\\` is written.
        #expect(wiki("a\nb\r\nc") == "a\nb\nc")
    }

    @Test func links() {
        #expect(
            wiki("See https://grafana.example.com/d/a-b?x=1&y=2 now.")
                == #"See [https&#58;//grafana.example.com/d/a&#45;b&#63;x=1&#38;y=2|https://grafana.example.com/d/a-b?x=1&y=2] now."#
        )
        #expect(
            wiki("Runbook: https://wiki.example.com/runbook.")
                == #"Runbook: [https&#58;//wiki.example.com/runbook|https://wiki.example.com/runbook]."#
        )
        // Brackets that can be in a URL are percent-encoded in the target and entities in the shown text.
        #expect(wiki("http://[::1]:9093/x") == #"[http&#58;//&#91;&#58;:1&#93;:9093/x|http://%5B::1%5D:9093/x]"#)
        #expect(wiki("javascript:alert(1)") == #"javascript&#58;alert&#40;1)"#)
        // Text right before a link is escaped knowing the link's `[` follows.
        #expect(wiki("mailto:https://x.example") == #"mailto&#58;[https&#58;//x.example|https://x.example]"#)
    }

    @Test func labelsList() {
        #expect(
            wiki("Alert", labels: [(name: "alertname", value: "Disk_Full"), (name: "team", value: "#ops")])
                == "Alert\n\n*Labels*\n* alertname: Disk\\_Full\n* team: #ops"
        )
        #expect(wiki("", labels: [(name: "a", value: "1")]) == "*Labels*\n* a: 1")
    }

    @Test func payloadBlock() {
        #expect(
            wiki("Alert", payload: "{\n  \"a\": \"*b* [c|d] \\\\\"\n}\n")
                == "Alert\n\n{noformat}\n{\n  \"a\": \"*b* [c|d] \\\\\"\n}\n{noformat}"
        )
    }

    @Test func payloadCannotCloseTheBlock() {
        let output = wiki("", payload: #"{"x": "{noformat}{code}h1. {NoFormat:title=x}"}"#)
        #expect(
            output == "{noformat}\n{\"x\": \"{\u{200B}noformat}{code}h1. {\u{200B}NoFormat:title=x}\"}\n{noformat}"
        )
        #expect(output.components(separatedBy: "{noformat}").count == 3)
    }

    @Test func unicodeIsKeptAsIs() {
        let text = "🔥 火事です שלום عالم e\u{301} 👨‍👩‍👧‍👦"
        #expect(wiki(text) == text)
    }

    @Test func emptyDocumentIsEmpty() {
        #expect(wiki("") == "")
        #expect(wiki(" \n\t") == "")
    }

    @Test func escapeFunction() {
        #expect(WikiMarkup.escape("a*b*c") == #"a\*b\*c"#)
        #expect(WikiMarkup.escape("* item\n# two\n  - three") == "&#42; item\n&#35; two\n  &#45; three")
        #expect(WikiMarkup.escape(#"C:\temp\{x}"#) == #"C&#58;&#92;temp&#92;\{x\}"#)
        #expect(WikiMarkup.escape("10:30 a: b ok:) x;) &#58;)") == "10:30 a: b ok&#58;&#41; x;&#41; &#38;#58;&#41;")
        #expect(WikiMarkup.escape("Tom & Jerry &amp; &#123;") == "Tom & Jerry &#38;amp; &#38;#123;")
        #expect(WikiMarkup.escape("(x) (flagoff) (not an emoticon) ()") == "&#40;x) &#40;flagoff) (not an emoticon) ()")
        #expect(WikiMarkup.escape("h1. a\nbq. b\nH6.c\nhello h2. d") == "&#104;1. a\n&#98;q. b\n&#72;6.c\nhello h2. d")
        #expect(WikiMarkup.escape("a\r\nb\u{0}") == "a\nb\u{FFFD}")
    }
}
