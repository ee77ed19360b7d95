import Contracts
import JSON
import JiraMarkup

/// A draft's plain-text description in the markup its Jira speaks: ADF on Cloud, wiki on Data Center.
enum DescriptionMarkup {
    static func render(draft: IssueDraft, flavor: JiraFlavor) -> JSONValue {
        let document = DescriptionDocument(
            text: draft.description,
            labels: draft.descriptionLabels.map { (name: $0.name, value: $0.value) },
            rawPayload: draft.rawPayload
        )
        return render(document, flavor: flavor)
    }

    /// Plain text for other rich-text fields (environment, textarea custom fields).
    static func render(text: String, flavor: JiraFlavor) -> JSONValue {
        render(DescriptionDocument(text: text), flavor: flavor)
    }

    private static func render(_ document: DescriptionDocument, flavor: JiraFlavor) -> JSONValue {
        switch flavor {
        case .cloud: document.adf()
        case .datacenter: .string(document.wikiMarkup())
        }
    }
}
