import JSON

/// An issue description as plain parts, so one rendering can be shaped for Jira Cloud (ADF) or Data Center (wiki).
///
/// Everything in it is treated as data: the text comes from a template filled with alert fields, the labels
/// and the payload straight from the alert. Rendering never interprets any of it as markup; see ``JiraMarkup``.
///
/// - `text`: blank lines (empty or whitespace-only) separate paragraphs, single newlines break lines, and
///   `http`/`https` URLs become links.
/// - `labels`: shown after the text under a bold "Labels" heading as a bullet list of `name: value` items;
///   newlines and tabs inside a label become spaces because a list item is one line.
/// - `rawPayload`: shown last, verbatim, in a code block; `nil` or empty shows nothing.
public struct DescriptionDocument: Sendable, Hashable {
    /// One `name: value` item of the labels list.
    public struct Label: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var text: String
    public var labels: [Label]
    public var rawPayload: String?

    public init(
        text: String,
        labels: [(name: String, value: String)] = [],
        rawPayload: String? = nil
    ) {
        self.text = text
        self.labels = labels.map { Label(name: $0.name, value: $0.value) }
        self.rawPayload = rawPayload
    }

    /// The description as an Atlassian Document Format document, for Jira Cloud REST v3.
    ///
    /// - Parameter maximumLength: the most text content the document may hold, in UTF-16 code units
    ///   (text node characters plus one per `hardBreak`); see ``JiraMarkup`` for what is cut first.
    public func adf(maximumLength: Int = JiraMarkup.maximumDescriptionLength) -> JSONValue {
        ADFRenderer(content: DescriptionContent(self), maximumLength: maximumLength).render()
    }

    /// The description as wiki markup, for Jira Data Center REST v2.
    ///
    /// - Parameter maximumLength: the longest string returned, in UTF-16 code units.
    public func wikiMarkup(maximumLength: Int = JiraMarkup.maximumDescriptionLength) -> String {
        WikiRenderer(content: DescriptionContent(self), maximumLength: maximumLength).render()
    }
}
