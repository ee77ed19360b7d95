import JiraSpec
import Testing

/// The validator accepts what Jira accepts in a description and names the path of what it doesn't.
struct ADFValidatorTests {
    private func doc(_ content: SpecJSON...) -> SpecJSON {
        ["version": 1, "type": "doc", "content": .array(content)]
    }

    private func paragraph(_ content: SpecJSON...) -> SpecJSON {
        ["type": "paragraph", "content": .array(content)]
    }

    private func text(_ text: String, marks: [SpecJSON]? = nil) -> SpecJSON {
        guard let marks else { return ["type": "text", "text": .string(text)] }
        return ["type": "text", "text": .string(text), "marks": .array(marks)]
    }

    @Test func acceptsARichDocument() {
        let document = doc(
            ["type": "heading", "attrs": ["level": 2], "content": [text("Title", marks: [["type": "em"]])]],
            paragraph(
                text("bold", marks: [["type": "strong"], ["type": "underline"]]),
                ["type": "hardBreak"],
                text("red", marks: [["type": "textColor", "attrs": ["color": "#ff5630"]]]),
                text("x", marks: [["type": "code"], ["type": "link", "attrs": ["href": "https://example.com"]]]),
                ["type": "mention", "attrs": ["id": "557058:abc", "text": "@Ann"]],
                ["type": "emoji", "attrs": ["shortName": ":fire:"]],
                ["type": "inlineCard", "attrs": ["url": "https://example.com"]],
                text("2", marks: [["type": "subsup", "attrs": ["type": "sup"]]])
            ),
            ["type": "paragraph", "content": []],
            ["type": "paragraph"],
            [
                "type": "orderedList", "attrs": ["order": 3],
                "content": [
                    [
                        "type": "listItem",
                        "content": [paragraph(text("one")), ["type": "bulletList", "content": [["type": "listItem", "content": [paragraph()]]]]],
                    ]
                ],
            ],
            ["type": "codeBlock", "attrs": ["language": "json"], "content": [text("{}")]],
            ["type": "codeBlock"],
            ["type": "blockquote", "content": [paragraph(text("q"))]],
            ["type": "rule"],
            ["type": "panel", "attrs": ["panelType": "warning"], "content": [paragraph(text("careful"))]],
            [
                "type": "table",
                "content": [
                    ["type": "tableRow", "content": [["type": "tableHeader", "content": [paragraph(text("h"))]]]],
                    ["type": "tableRow", "content": [["type": "tableCell", "content": [paragraph()]]]],
                ],
            ],
            ["type": "mediaSingle", "attrs": ["layout": "center"], "content": [["type": "media", "attrs": ["id": "x"]]]]
        )
        #expect(ADFValidator.validate(document) == [])
    }

    @Test func rejectsEmptyText() {
        #expect(
            ADFValidator.validate(doc(paragraph(text("a")), paragraph(text(""))))
                == [#"INVALID_INPUT: content[1].content[0].text: text node must have a non-empty "text" string"#]
        )
    }

    @Test func rejectsMarksInCodeBlock() {
        let document = doc(["type": "codeBlock", "content": [text("x", marks: [["type": "strong"]])]])
        #expect(ADFValidator.validate(document) == ["INVALID_INPUT: content[0].content[0].marks: text in a codeBlock can't have marks"])
    }

    @Test func rejectsLinkWithoutHref() {
        let document = doc(paragraph(text("a"), text("b", marks: [["type": "link", "attrs": ["url": "https://x"]]])))
        #expect(ADFValidator.validate(document) == ["INVALID_INPUT: content[0].content[1].marks[0].attrs.href: link mark requires a string href"])
    }

    @Test func rejectsUnknownNodesAndMarks() {
        let document = doc(
            paragraph(text("a")),
            ["type": "script", "content": []],
            paragraph(text("b", marks: [["type": "blink"]]), ["type": "mention"])
        )
        #expect(
            ADFValidator.validate(document) == [
                "INVALID_INPUT: content[1]: unknown node type 'script'",
                "INVALID_INPUT: content[2].content[0].marks[0]: unknown mark type 'blink'",
                "INVALID_INPUT: content[2].content[1].attrs.id: mention requires a string id",
            ]
        )
    }

    @Test func rejectsWrongNesting() {
        #expect(
            ADFValidator.validate(doc(text("loose")))
                == ["INVALID_INPUT: content[0]: node type 'text' is not allowed in doc"]
        )
        #expect(
            ADFValidator.validate(doc(["type": "bulletList", "content": [["type": "listItem", "content": [text("x")]]]]))
                == ["INVALID_INPUT: content[0].content[0].content[0]: node type 'text' can't be the first node in listItem"]
        )
        #expect(
            ADFValidator.validate(doc(["type": "bulletList", "content": []]))
                == ["INVALID_INPUT: content[0].content: bulletList must contain at least one node"]
        )
        #expect(
            ADFValidator.validate(doc(paragraph(paragraph())))
                == ["INVALID_INPUT: content[0].content[0]: node type 'paragraph' is not allowed in paragraph"]
        )
    }

    @Test func rejectsBadDocumentEnvelope() {
        #expect(
            ADFValidator.validate(["version": 2, "type": "document", "content": [], "extra": true])
                == [
                    "INVALID_INPUT: extra: unknown property 'extra' on doc",
                    #"INVALID_INPUT: type: must be "doc""#,
                    "INVALID_INPUT: version: must be 1",
                ]
        )
        #expect(ADFValidator.validate("just a string") == ["INVALID_INPUT: (root): the document must be a JSON object"])
        #expect(ADFValidator.validate(["version": 1, "type": "doc"]) == ["INVALID_INPUT: content: is required"])
    }

    @Test func rejectsBadAttributes() {
        let document = doc(
            ["type": "heading", "attrs": ["level": 7], "content": [text("h")]],
            ["type": "panel", "attrs": ["panelType": "danger"], "content": [paragraph()]],
            paragraph(
                text("c", marks: [["type": "textColor", "attrs": ["color": "red"]]]),
                text("d", marks: [["type": "strong"], ["type": "strong"]]),
                text("e", marks: [["type": "code"], ["type": "em"]]),
                ["type": "hardBreak", "attrs": ["text": "x"]],
                ["type": "text", "text": "f", "style": "bold"]
            )
        )
        #expect(
            ADFValidator.validate(document) == [
                "INVALID_INPUT: content[0].attrs.level: heading level must be an integer from 1 to 6",
                "INVALID_INPUT: content[1].attrs.panelType: must be one of custom, error, info, note, success, tip, warning",
                ##"INVALID_INPUT: content[2].content[0].marks[0].attrs.color: textColor requires a color like "#ff5630""##,
                "INVALID_INPUT: content[2].content[1].marks[1]: mark 'strong' appears more than once",
                "INVALID_INPUT: content[2].content[2].marks: the code mark can only be combined with link",
                #"INVALID_INPUT: content[2].content[3].attrs.text: hardBreak text may only be "\n""#,
                "INVALID_INPUT: content[2].content[4].style: unknown property 'style' on text",
            ]
        )
    }

    @Test func rejectsHostileNesting() {
        var node: SpecJSON = ["type": "bulletList", "content": [["type": "listItem", "content": [paragraph(text("deep"))]]]]
        for _ in 0..<200 { node = ["type": "bulletList", "content": [["type": "listItem", "content": [paragraph(), node]]]] }
        let problems = ADFValidator.validate(doc(node))
        #expect(problems.count == 1)
        #expect(problems.first?.contains("nested deeper than") == true)
    }
}
