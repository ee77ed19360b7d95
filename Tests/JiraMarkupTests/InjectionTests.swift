import Foundation
import InvariantChecks
import JSON
import JiraMarkup
import JiraSpec
import Testing

/// Alert text that looks like markup must reach Jira as text, in both formats.
struct InjectionTests {
    static let attempts: [String] = [
        #"{"type":"mention","attrs":{"id":"557058:admin"}}"#,
        "@here please look",
        "[link|http://evil.example]",
        "![img](x) !http://evil.example/a.png!",
        "<script>alert(1)</script>",
        "{code}rm -rf /{code}",
        "{noformat}",
        "{html}<img src=x onerror=alert(1)>{html}",
        "[evil|http://x.example]",
        "h1. heading",
        "H2. shouting heading",
        "bq. quote",
        "* item\n** nested\n# numbered\n- dash",
        "  * indented item",
        "||table||header||\n|cell|cell|",
        "-strike- *bold* _em_ +ins+ ^sup^ ~sub~ ??cite?? {{mono}}",
        #"\\ line break \\\\ and \* escaped \{"#,
        "trailing backslash \\",
        "{color:red}red{color}",
        "[~username] [~accountid:5b10a2844c20165700ede21g]",
        "----",
        "---",
        "[^attachment.txt] [#anchor] {anchor:x}",
        "(x) (i) (/) (on) (flag) :) :P ;) (*r)",
        "mailto:a@example.com file:///etc/passwd javascript:alert(1) data:text/html,x",
        "&amp; &#123; &lt;b&gt;",
        "{panel:title=x}p{panel} {quote}q{quote}",
        "|",
        "!",
        "#",
    ]

    @Test(arguments: attempts)
    func wikiStaysText(_ attempt: String) {
        let wiki = DescriptionDocument(text: attempt).wikiMarkup()
        #expect(WikiInertness.problems(in: wiki) == [], "\(wiki)")
        #expect(!wiki.contains(#"\\"#))
    }

    @Test(arguments: attempts)
    func wikiLabelsStayText(_ attempt: String) {
        let wiki = DescriptionDocument(text: "", labels: [(name: attempt, value: attempt)]).wikiMarkup()
        #expect(WikiInertness.problems(in: wiki) == [], "\(wiki)")
        #expect(wiki.hasPrefix("*Labels*\n* "))
        #expect(wiki.components(separatedBy: "\n").count == 2)
    }

    @Test func wikiExamples() {
        func wiki(_ text: String) -> String { DescriptionDocument(text: text).wikiMarkup() }
        #expect(wiki("{code}x{code}") == #"&#123;code\}x\{code\}"#)
        #expect(wiki("a {html}x{html}") == #"a \{html\}x\{html\}"#)
        #expect(wiki("[evil|http://x.example]") == #"&#91;evil\|[http&#58;//x.example|http://x.example]\]"#)
        #expect(wiki("!http://x.example/a.png!") == #"&#33;[http&#58;//x.example/a.png|http://x.example/a.png]\!"#)
        #expect(wiki("h1. heading") == "&#104;1. heading")
        #expect(wiki("* item") == "&#42; item")
        #expect(wiki("||table||") == #"&#124;\|table\|\|"#)
        #expect(wiki("a -strike-") == #"a \-strike\-"#)
        #expect(wiki(#"a \\ b"#) == "a &#92;&#92; b")
        #expect(wiki(#"a \* b"#) == #"a &#92;\* b"#)
        #expect(wiki("x {color:red}y{color}") == #"x \{color&#58;red\}y\{color\}"#)
        #expect(wiki("cc [~username]") == #"cc \[\~username\]"#)
        #expect(wiki("----") == #"&#45;\-\-\-"#)
    }

    /// Found by the property tests: a combining mark or a prepended scalar glued a markup character into a larger
    /// Character, which the escaper skipped; Jira matches UTF-16 units and would still have seen the markup.
    static let joinedMarkup: [(text: String, wiki: String)] = [
        ("a *\u{301}bold*\u{301}", "a \\*\u{301}bold\\*\u{301}"),
        ("x \u{600}|y", "x \u{600}\\|y"),
        ("\u{600}* item", "\u{600}\\* item"),
        ("{\u{301}noformat}", "&#123;\u{301}noformat\\}"),
        ("a ((x)\u{301}", "a (&#40;x)\u{301}"),
        // A URL ends at a Character that holds whitespace, even when a prepended scalar starts it.
        ("http://x.example/a\u{600}\u{3000}b", "[http&#58;//x.example/a|http://x.example/a]\u{600}\u{3000}b"),
    ]

    @Test func wikiEscapesMarkupJoinedToNeighbouringScalars() {
        for (text, expected) in Self.joinedMarkup {
            // Compared scalar by scalar: String equality would call `*\u{301}` and `\*\u{301}` different anyway,
            // but the failure message should show where.
            let wiki = Array(DescriptionDocument(text: text).wikiMarkup().unicodeScalars)
            #expect(wiki == Array(expected.unicodeScalars), "\(text.debugDescription)")
        }
    }

    @Test func wikiPayloadCannotEscapeItsBlock() {
        let payload = "{\n  \"text\": \"{noformat}\\n{html}<script>{html}\\nh1. x\\n{NOFORMAT}\"\n}"
        let wiki = DescriptionDocument(text: "t", rawPayload: payload).wikiMarkup()
        #expect(wiki.hasPrefix("t\n\n{noformat}\n"))
        #expect(wiki.hasSuffix("\n{noformat}"))
        // Only our opening and closing tags are tags.
        #expect(wiki.lowercased().components(separatedBy: "{noformat").count == 3)
        #expect(WikiInertness.problems(in: wiki) == [])
    }

    @Test(arguments: attempts)
    func adfStaysText(_ attempt: String) {
        let document = DescriptionDocument(text: attempt, labels: [(name: attempt, value: attempt)], rawPayload: attempt).adf()
        #expect(ADFInvariants.jiraProblems(document) == [])
        let summary = ADFSummary(document)
        #expect(summary.nodeTypes.isSubset(of: ["doc", "paragraph", "text", "hardBreak", "bulletList", "listItem", "codeBlock"]))
        // The only marks: `strong` on our heading and `link` on http(s) URLs that appear in the data.
        for (mark, text) in summary.marks {
            switch mark {
            case "strong": #expect(text == "Labels")
            case "link":
                #expect(text.hasPrefix("http://") || text.hasPrefix("https://"))
                #expect(attempt.contains(text))
            default: Issue.record("unexpected mark \(mark)")
            }
        }
        // Every character of the alert text is still there, as text.
        for line in attempt.split(separator: "\n") { #expect(summary.text.contains(line)) }
    }

    @Test func adfMentionLookalikeIsText() {
        let document = DescriptionDocument(text: #"{"type":"mention","attrs":{"id":"x"}} @here"#).adf()
        #expect(
            document.jsonString
                == #"{"version":1,"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"{\"type\":\"mention\",\"attrs\":{\"id\":\"x\"}} @here"}]}]}"#
        )
    }

    @Test func adfLinkLookalikes() {
        let document = DescriptionDocument(text: "[link|http://evil.example] ![img](x) <script>").adf()
        #expect(
            document.jsonString
                == #"{"version":1,"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"[link|"},"#
                + #"{"type":"text","text":"http://evil.example","marks":[{"type":"link","attrs":{"href":"http://evil.example"}}]},"#
                + #"{"type":"text","text":"] ![img](x) <script>"}]}]}"#
        )
    }
}

/// What an ADF document contains, flattened for assertions.
struct ADFSummary {
    var nodeTypes: Set<String> = []
    var marks: [(String, String)] = []
    var text = ""

    init(_ value: JSONValue) {
        visit(value)
    }

    private mutating func visit(_ value: JSONValue) {
        guard let type = value["type"]?.stringValue else { return }
        nodeTypes.insert(type)
        if let string = value["text"]?.stringValue {
            text += string
            for mark in value["marks"]?.arrayValue ?? [] {
                marks.append((mark["type"]?.stringValue ?? "?", mark["attrs"]?["href"]?.stringValue ?? string))
            }
        }
        for child in value["content"]?.arrayValue ?? [] { visit(child) }
    }
}
