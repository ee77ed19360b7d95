import JSON
import JiraMarkup
import NastyStrings
import PropertyBased
import Testing

@testable import InvariantChecks

/// For any alert text: the ADF is valid and holds only our own structure, the wiki markup is inert, and both fit.
@Suite struct PropertyTests {
    /// A description of generated text, labels and payload, and a length limit (sometimes tight).
    static let documents = zip(NastyStrings.longStrings, NastyStrings.strings.array(of: 0...4), NastyStrings.longStrings, Gen<Int>.int(in: 0...400))
        .map { text, labels, payload, limit -> (DescriptionDocument, Int) in
            let pairs = labels.enumerated().map { (name: $0.offset % 2 == 0 ? $0.element : "team", value: $0.element) }
            let maximum = limit < 300 ? limit * 3 : JiraMarkup.maximumDescriptionLength
            return (DescriptionDocument(text: text, labels: pairs, rawPayload: limit % 3 == 0 ? nil : payload), maximum)
        }.eraseToAny()

    @Test func renderedADFIsAlwaysValid() async {
        await propertyCheck(count: 300, input: Self.documents) { document, maximum in
            let adf = document.adf(maximumLength: maximum)
            #expect(ADFInvariants.problems(in: adf, maximumLength: maximum) == [], "\(adf.jsonString)")
        }
    }

    @Test func wikiOutputNeverContainsAnUnescapedMacroOrLink() async {
        await propertyCheck(count: 300, input: Self.documents) { document, maximum in
            let wiki = document.wikiMarkup(maximumLength: maximum)
            #expect(wiki.utf16.count <= maximum)
            #expect(WikiInertness.problems(in: wiki) == [], "\(wiki.debugDescription)")
        }
    }

    @Test func escapedTextIsAlwaysInert() async {
        await propertyCheck(count: 500, input: NastyStrings.longStrings) { text in
            let escaped = WikiMarkup.escape(text)
            #expect(WikiInertness.problems(in: escaped) == [], "\(text.debugDescription) → \(escaped.debugDescription)")
            #expect(!Self.hasUnescapedNoformat(escaped), "\(escaped.debugDescription)")
        }
    }

    /// The inertness check's hand-written line tests mean what the regexes they replaced meant, on any text.
    @Test func handWrittenLineChecksAgreeWithTheirRegexes() async throws {
        let heading = try Regex(#"^(?i:h[1-6]|bq)\."#)
        let emoticon = try Regex(#"[A-Za-z]:[^\s\d]|\([^\s()&]{1,9}\)|;\)"#).matchingSemantics(.unicodeScalar)
        let link = try Regex(#"\[[^\[\]|\\]*\|(?i:https?)://[^\[\]|\s{}]+\]"#).matchingSemantics(.unicodeScalar)
        let prefixes = [
            "", "h1.", "BQ.", "a:b", "(x)", ";)", "(&)", "( )", "(123456789)", "(1234567890)", "x:1", "x:½", "h7.", "é:x", "[a|http://x]",
            "[a|HTTPS://x]", "[[a|http://x]]", "[a|http://]", "[a|ftp://x]", "[a\\|http://x]", "[|https://x y]", "[a|http://x{]",
        ]
        await propertyCheck(count: 500, input: NastyStrings.strings) { text in
            for line in prefixes.map({ $0 + text }) + [text + ";)", text] {
                let substring = Substring(line)
                #expect(WikiInertness.replacingLinks(line) == line.replacing(link, with: "&LINK&"), "\(line.debugDescription)")
                #expect(
                    WikiInertness.startsWithHeadingOrQuote(substring) == ((try? heading.firstMatch(in: substring)) != nil),
                    "\(line.debugDescription)"
                )
                #expect(
                    WikiInertness.hasAutolinkOrEmoticon(Array(line.unicodeScalars)) == ((try? emoticon.firstMatch(in: line)) != nil),
                    "\(line.debugDescription)"
                )
            }
        }
    }

    /// Whether `{noformat` (any case) appears without a backslash before its brace, scalar by scalar as Jira reads it.
    static func hasUnescapedNoformat(_ text: String) -> Bool {
        let scalars = Array(text.lowercased().unicodeScalars)
        let tag = Array("{noformat".unicodeScalars)
        guard scalars.count >= tag.count else { return false }
        return (0...(scalars.count - tag.count)).contains { start in
            scalars[start..<start + tag.count].elementsEqual(tag) && (start == 0 || scalars[start - 1] != "\\")
        }
    }
}
