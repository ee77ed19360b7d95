/// The part of the Atlassian Document Format schema that Jira accepts in an issue description, as data.
///
/// Kept apart from the walker in ``ADFValidation`` so the rules read like the schema they mirror: which keys a
/// node may have, which nodes it may contain, and which marks apply.
enum ADFSchema {
    /// What a node type may hold.
    struct NodeRule: Sendable {
        /// Keys allowed besides `type`.
        let keys: Set<String>
        /// Node types allowed in `content`; `nil` when the node has no content.
        let children: Set<String>?
        /// Node types allowed as the first child, when stricter than ``children``.
        let firstChild: Set<String>?
        /// Whether `content` must be present and non-empty.
        let requiresContent: Bool
        /// Marks allowed on the node itself (not on its text).
        let marks: Set<String>

        init(
            keys: Set<String>,
            children: Set<String>? = nil,
            firstChild: Set<String>? = nil,
            requiresContent: Bool = false,
            marks: Set<String> = []
        ) {
            self.keys = keys
            self.children = children
            self.firstChild = firstChild
            self.requiresContent = requiresContent
            self.marks = marks
        }
    }

    static let inlineNodes: Set<String> = [
        "text", "hardBreak", "mention", "emoji", "inlineCard", "date", "status", "mediaInline", "placeholder",
        "inlineExtension",
    ]

    static let topLevelBlocks: Set<String> = [
        "paragraph", "heading", "bulletList", "orderedList", "codeBlock", "blockquote", "rule", "panel", "table",
        "mediaSingle", "mediaGroup", "expand", "blockCard", "embedCard", "decisionList", "taskList", "extension",
        "bodiedExtension", "layoutSection",
    ]

    /// Nodes Jira accepts whose inside this validator doesn't check (media, cards, extensions, tasks…).
    static let uncheckedNodes: Set<String> = [
        "mediaSingle", "mediaGroup", "expand", "nestedExpand", "blockCard", "embedCard", "decisionList", "taskList",
        "extension", "bodiedExtension", "layoutSection", "date", "status", "mediaInline", "placeholder",
        "inlineExtension",
    ]

    static let textMarks: Set<String> = [
        "strong", "em", "code", "link", "strike", "underline", "textColor", "backgroundColor", "subsup",
    ]

    static let panelTypes: Set<String> = ["info", "note", "tip", "warning", "error", "success", "custom"]

    private static let tableCellBlocks: Set<String> = [
        "paragraph", "heading", "bulletList", "orderedList", "codeBlock", "blockquote", "rule", "panel",
        "mediaSingle", "mediaGroup", "blockCard", "embedCard", "decisionList", "taskList", "nestedExpand",
    ]

    static let rules: [String: NodeRule] = [
        "paragraph": NodeRule(keys: ["content", "attrs", "marks"], children: inlineNodes, marks: ["alignment", "indentation"]),
        "heading": NodeRule(keys: ["content", "attrs", "marks"], children: inlineNodes, marks: ["alignment", "indentation"]),
        "bulletList": NodeRule(keys: ["content", "attrs"], children: ["listItem"], requiresContent: true),
        "orderedList": NodeRule(keys: ["content", "attrs"], children: ["listItem"], requiresContent: true),
        "listItem": NodeRule(
            keys: ["content", "attrs"],
            children: ["paragraph", "bulletList", "orderedList", "codeBlock", "mediaSingle", "taskList"],
            firstChild: ["paragraph", "codeBlock", "mediaSingle"],
            requiresContent: true
        ),
        "codeBlock": NodeRule(keys: ["content", "attrs", "marks"], children: ["text"], marks: ["breakout"]),
        "blockquote": NodeRule(
            keys: ["content", "attrs"],
            children: ["paragraph", "bulletList", "orderedList", "codeBlock", "mediaSingle", "mediaGroup"],
            requiresContent: true
        ),
        "rule": NodeRule(keys: ["attrs"]),
        "panel": NodeRule(
            keys: ["content", "attrs"],
            children: [
                "paragraph", "heading", "bulletList", "orderedList", "blockCard", "mediaGroup", "mediaSingle",
                "codeBlock", "taskList", "rule", "decisionList",
            ],
            requiresContent: true
        ),
        "table": NodeRule(keys: ["content", "attrs", "marks"], children: ["tableRow"], requiresContent: true),
        "tableRow": NodeRule(keys: ["content", "attrs"], children: ["tableHeader", "tableCell"], requiresContent: true),
        "tableHeader": NodeRule(keys: ["content", "attrs"], children: tableCellBlocks, requiresContent: true),
        "tableCell": NodeRule(keys: ["content", "attrs"], children: tableCellBlocks, requiresContent: true),
        "text": NodeRule(keys: ["text", "marks"]),
        "hardBreak": NodeRule(keys: ["attrs"]),
        "mention": NodeRule(keys: ["attrs"]),
        "emoji": NodeRule(keys: ["attrs"]),
        "inlineCard": NodeRule(keys: ["attrs"]),
    ]
}
