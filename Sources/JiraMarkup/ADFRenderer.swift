import JSON

/// Turns parsed description content into an ADF document for Jira Cloud, cut to fit the length limit.
///
/// Length is the document's text content in UTF-16 units: every text node's text plus one per `hardBreak`.
/// When everything fits, the document is built in one pass; otherwise room for ``JiraMarkup/truncationMarker``
/// is set aside and content is taken in document order until the rest of the budget is spent.
struct ADFRenderer: Sendable {
    let content: DescriptionContent
    let maximumLength: Int

    func render() -> JSONValue {
        UTF8Text.withBytes(of: content.source) { render($0) }
    }

    private func render(_ text: UTF8Text) -> JSONValue {
        let marker = JiraMarkup.truncationMarker
        let markerCost = marker.utf16.count
        let needsCut = !fitsWhole(text)
        guard !needsCut || maximumLength >= markerCost else {
            // Not even the marker fits: an empty document is the only thing within the limit.
            return ADFNode.document([])
        }
        var budget = LengthBudget(remaining: needsCut ? maximumLength - markerCost : nil)
        var blocks: [JSONValue] = []
        blocks.reserveCapacity(content.paragraphs.count + 3)
        var markerPlaced = false

        for paragraph in content.paragraphs where !budget.isCut {
            let nodes = inlineNodes(content.spans[paragraph], of: text, budget: &budget)
            if !nodes.isEmpty { blocks.append(ADFNode.paragraph(nodes)) }
        }

        if !content.labels.isEmpty, budget.take(JiraMarkup.labelsHeading.utf16.count) {
            var items: [JSONValue] = []
            items.reserveCapacity(content.labels.count)
            for label in content.labels where !budget.isCut {
                let nodes = inlineNodes(content.spans[label], of: text, budget: &budget)
                if !nodes.isEmpty { items.append(ADFNode.listItem([ADFNode.paragraph(nodes)])) }
            }
            // A bold heading over nothing would read as if the alert had no labels.
            if !items.isEmpty {
                blocks.append(Self.labelsHeading)
                blocks.append(ADFNode.bulletList(items))
            }
        }

        if let payload = content.payload, !budget.isCut {
            if budget.take(budget.isLimited ? payload.utf16.count : 0) {
                blocks.append(ADFNode.codeBlock(language: JiraMarkup.payloadLanguage, text: payload))
            } else {
                // The marker goes inside the block as its last line, using the room set aside for it.
                let prefix = payload.prefix(utf16Budget: budget.remaining - 1)
                if !prefix.isEmpty {
                    let text = prefix + "\n" + marker
                    blocks.append(ADFNode.codeBlock(language: JiraMarkup.payloadLanguage, text: text))
                    markerPlaced = true
                }
            }
        }

        if budget.isCut, !markerPlaced {
            blocks.append(ADFNode.paragraph([ADFNode.text(marker)]))
        }
        return ADFNode.document(blocks)
    }

    private static let labelsHeading = ADFNode.paragraph([ADFNode.strong(JiraMarkup.labelsHeading)])

    /// Whether the text content of the whole document is within the limit.
    private func fitsWhole(_ text: UTF8Text) -> Bool {
        let headingCost = content.labels.isEmpty ? 0 : JiraMarkup.labelsHeading.utf16.count
        // Spans and line breaks take at most the source's bytes, and UTF-16 never needs more units than UTF-8
        // has bytes, so most descriptions are known to fit without counting.
        if text.count + headingCost + (content.payload?.utf8.count ?? 0) <= maximumLength { return true }
        var cost = headingCost + (content.payload?.utf16.count ?? 0)
        for span in content.spans { cost += Self.cost(of: span, in: text) }
        return cost <= maximumLength
    }

    private static func cost(of span: InlineSpan, in text: UTF8Text) -> Int {
        switch span {
        case .text(let range), .link(let range): text.utf16Count(range)
        case .lineBreak: 1
        }
    }

    /// The inline nodes for `spans` that fit in the budget; a link is taken whole or not at all.
    private func inlineNodes(_ spans: ArraySlice<InlineSpan>, of text: UTF8Text, budget: inout LengthBudget) -> [JSONValue] {
        var nodes: [JSONValue] = []
        nodes.reserveCapacity(spans.count)
        for span in spans {
            switch span {
            case .text(let range):
                if budget.take(budget.isLimited ? text.utf16Count(range) : 0) {
                    nodes.append(ADFNode.text(text.string(range)))
                } else {
                    let end = text.prefixEnd(range, utf16Budget: budget.remaining)
                    if end > range.lowerBound { nodes.append(ADFNode.text(text.string(range.lowerBound..<end))) }
                }
            case .link(let range):
                if budget.take(budget.isLimited ? text.utf16Count(range) : 0) { nodes.append(ADFNode.link(text.string(range))) }
            case .lineBreak:
                if budget.take(1) { nodes.append(ADFNode.hardBreak) }
            }
            if budget.isCut { break }
        }
        // A break with nothing after it only adds an empty line before the marker.
        if budget.isCut, nodes.last == ADFNode.hardBreak { nodes.removeLast() }
        return nodes
    }
}
