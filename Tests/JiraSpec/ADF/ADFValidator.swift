/// Checks an ADF document against the schema subset Jira accepts for an issue description.
///
/// Used by our tests to prove every document we build is valid, and by the fake Jira to refuse invalid ADF the
/// way Jira Cloud does (Jira answers `{"errors":{"description":"INVALID_INPUT"}}`). Each problem reads
/// `INVALID_INPUT: <path>: <what is wrong>`, with a path such as `content[2].content[0].marks[1].attrs.href`
/// relative to the document (`(root)` for the document object itself).
///
/// Checked: `doc` with `version` 1 and `content`; block nodes `paragraph`, `heading` (level 1–6),
/// `bulletList`/`orderedList` of `listItem`s, `listItem` (first child a paragraph, code block or media),
/// `codeBlock` (text without marks), `blockquote`, `rule`, `panel` (panelType), `table`/`tableRow`/
/// `tableHeader`/`tableCell`; inline nodes `text` (non-empty), `hardBreak`, `mention` (id), `emoji`
/// (shortName), `inlineCard` (url or data); marks `strong`, `em`, `code` (only with `link`), `link` (string
/// href), `strike`, `underline`, `textColor`/`backgroundColor` (`#rrggbb`), `subsup`, each at most once;
/// unknown properties, node types and marks; where each node may appear. Media, cards, expands, tasks,
/// decisions, layouts, dates, statuses and extensions are accepted without looking inside.
public enum ADFValidator {
    /// Deeper documents are refused instead of risking the stack on hostile input.
    public static let maximumDepth = 64

    /// The problems found in `document`; empty when Jira would accept it.
    public static func validate(_ document: SpecJSON) -> [String] {
        var validation = ADFValidation()
        validation.validateDocument(document)
        return validation.problems
    }
}
