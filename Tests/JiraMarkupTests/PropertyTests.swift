import InvariantChecks
import JSON
import JiraMarkup
import NastyStrings
import PropertyBased
import Testing

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
