import Foundation
import InvariantChecks
import JSON
import JiraMarkup
import JiraSpec
import Testing

/// Descriptions are cut to Jira's limit with a visible marker, never inside an escape or a Character.
struct TruncationTests {
    static let limit = JiraMarkup.maximumDescriptionLength
    static let marker = JiraMarkup.truncationMarker

    /// Text content of an ADF document as Jira measures it: text plus one per hardBreak, in UTF-16 units.
    static func adfLength(_ value: JSONValue) -> Int {
        var length = 0
        if value["type"]?.stringValue == "hardBreak" { length += 1 }
        length += value["text"]?.stringValue?.utf16.count ?? 0
        for child in value["content"]?.arrayValue ?? [] { length += adfLength(child) }
        return length
    }

    static func longText(_ count: Int) -> String {
        var text = ""
        var line = 0
        while text.count < count {
            text += "Line \(line): value_\(line) is *high* see https://example.com/\(line) [x|y] {code}\n"
            if line % 7 == 0 { text += "\n" }
            line += 1
        }
        return String(text.prefix(count))
    }

    static func payload(_ bytes: Int) -> String {
        var payload = "{\n  \"alerts\": [\n"
        var index = 0
        while payload.utf8.count < bytes {
            payload += "    {\"labels\": {\"alertname\": \"Disk{noformat}Full\(index)\", \"instance\": \"db-\(index):9100\"}},\n"
            index += 1
        }
        return payload + "  ]\n}"
    }

    @Test func longTextIsCutWithMarker() {
        let document = DescriptionDocument(text: Self.longText(40_000), labels: [(name: "a", value: "b")], rawPayload: "{}")
        let wiki = document.wikiMarkup()
        #expect(wiki.utf16.count <= Self.limit)
        #expect(wiki.count <= Self.limit)
        #expect(wiki.utf16.count > Self.limit - 200)
        #expect(wiki.hasSuffix("\n\n" + Self.marker))
        #expect(!wiki.contains("{noformat}"))
        #expect(WikiInertness.problems(in: wiki) == [])

        let adf = document.adf()
        #expect(ADFInvariants.jiraProblems(adf) == [])
        #expect(Self.adfLength(adf) <= Self.limit)
        #expect(Self.adfLength(adf) > Self.limit - 200)
        let last = adf["content"]?.arrayValue?.last
        #expect(last == ["type": "paragraph", "content": [["type": "text", "text": .string(Self.marker)]]])
    }

    @Test func largePayloadIsCutInsideItsBlock() {
        let payload = Self.payload(50_000)
        let document = DescriptionDocument(text: "Disk full", labels: [(name: "severity", value: "critical")], rawPayload: payload)

        let wiki = document.wikiMarkup()
        #expect(wiki.utf16.count <= Self.limit)
        #expect(wiki.utf16.count > Self.limit - 200)
        #expect(wiki.hasPrefix("Disk full\n\n*Labels*\n* severity: critical\n\n{noformat}\n{\n"))
        #expect(wiki.hasSuffix("\n" + Self.marker + "\n{noformat}"))
        #expect(wiki.lowercased().components(separatedBy: "{noformat").count == 3)

        let adf = document.adf()
        #expect(ADFInvariants.jiraProblems(adf) == [])
        #expect(Self.adfLength(adf) <= Self.limit)
        #expect(Self.adfLength(adf) > Self.limit - 200)
        let code = adf["content"]?[3]
        #expect(code?["type"] == "codeBlock")
        #expect(code?["content"]?[0]?["text"]?.stringValue?.hasSuffix("\n" + Self.marker) == true)
    }

    @Test func longTextAndLargePayloadKeepTheText() {
        let document = DescriptionDocument(text: Self.longText(40_000), rawPayload: Self.payload(50_000))
        let wiki = document.wikiMarkup()
        #expect(wiki.utf16.count <= Self.limit)
        #expect(wiki.hasSuffix(Self.marker))
        #expect(!wiki.contains("{noformat}"))
        let adf = document.adf()
        #expect(Self.adfLength(adf) <= Self.limit)
        #expect(ADFSummary(adf).nodeTypes.contains("codeBlock") == false)
    }

    @Test func cutsNeverSplitEscapesOrGraphemes() {
        let family = "👨‍👩‍👧‍👦"
        let texts = [
            String(repeating: "\\", count: 40_000),
            String(repeating: "{", count: 40_000),
            String(repeating: family + "e\u{301}", count: 5_000),
            String(repeating: "(x)", count: 15_000),
            String(repeating: "https://example.com/" + String(repeating: "a", count: 100) + " ", count: 400),
        ]
        let pieces: [String] = ["&#92;", "\\{", "&#123;", family, "e\u{301}", "&#40;"]
        for text in texts {
            for limit in [Self.limit, 1_000, 101, 57] {
                let document = DescriptionDocument(text: text)
                let wiki = document.wikiMarkup(maximumLength: limit)
                #expect(wiki.utf16.count <= limit)
                #expect(wiki.hasSuffix(Self.marker))
                var rest = wiki.dropLast(Self.marker.count)
                while rest.last == "\n" { rest = rest.dropLast() }
                // What is left is a whole number of escaped pieces or whole links.
                var remainder = String(rest)
                for piece in pieces { remainder = remainder.replacingOccurrences(of: piece, with: "") }
                remainder = remainder.replacing(try! Regex(#"\[[^\]]*\|https://example\.com/a+\]"#), with: "")
                // Plain characters of the input may remain; parts of an entity (`&`, `#`, digits, `;`) may not.
                #expect(remainder.allSatisfy { " x)".contains($0) }, "\(remainder.prefix(80))")

                let adf = document.adf(maximumLength: limit)
                #expect(ADFInvariants.jiraProblems(adf) == [])
                #expect(Self.adfLength(adf) <= limit)
                let summary = ADFSummary(adf)
                #expect(summary.text.hasSuffix(Self.marker))
                for character in summary.text.dropLast(Self.marker.count) {
                    #expect(text.contains(character), "split character \(character.unicodeScalars.map(\.value))")
                }
            }
        }
    }

    @Test func everyLimitIsRespected() {
        let document = DescriptionDocument(
            text: "Title *x*\n\nSee https://example.com/a_(b) and {code}\n\\\\ h1. 🔥👨‍👩‍👧‍👦 done",
            labels: [(name: "alertname", value: "Disk|Full"), (name: "url", value: "https://example.com/[x]")],
            rawPayload: "{\n  \"a\": \"{noformat}\"\n}"
        )
        let fullWiki = document.wikiMarkup()
        let fullADF = document.adf()
        for limit in 0...(fullWiki.utf16.count + 2) {
            let wiki = document.wikiMarkup(maximumLength: limit)
            #expect(wiki.utf16.count <= limit, "limit \(limit)")
            #expect(WikiInertness.problems(in: wiki) == [], "limit \(limit): \(wiki)")
            #expect(wiki.lowercased().components(separatedBy: "{noformat").count != 2, "limit \(limit)")
            if limit >= fullWiki.utf16.count { #expect(wiki == fullWiki) }
        }
        for limit in 0...(Self.adfLength(fullADF) + 2) {
            let adf = document.adf(maximumLength: limit)
            #expect(Self.adfLength(adf) <= limit, "limit \(limit)")
            #expect(ADFInvariants.jiraProblems(adf) == [], "limit \(limit)")
            if limit >= Self.adfLength(fullADF) { #expect(adf == fullADF) }
        }
    }

    @Test func exactFitIsNotCut() {
        let text = String(repeating: "a", count: 100)
        #expect(DescriptionDocument(text: text).wikiMarkup(maximumLength: 100) == text)
        #expect(DescriptionDocument(text: text).wikiMarkup(maximumLength: 99).hasSuffix(Self.marker))
        #expect(Self.adfLength(DescriptionDocument(text: text).adf(maximumLength: 100)) == 100)
    }
}
