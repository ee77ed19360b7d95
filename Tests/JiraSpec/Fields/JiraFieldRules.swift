/// What Jira refuses in a summary, a label and a text field, with the message it refuses it with.
public enum JiraFieldRules {
    /// Summaries, labels and single-line text custom fields: at most this many UTF-16 units.
    public static let shortTextLimit = 255
    /// Descriptions, comments and multi-line text fields: at most this many UTF-16 units of text.
    public static let longTextLimit = 32_767

    /// Why Jira refuses `summary`, or `nil`: a line break, or more than 255 UTF-16 units.
    public static func summaryRefusal(_ summary: String, deployment: JiraDeployment) -> String? {
        if summary.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) { return JiraMessages.summaryNewline }
        if summary.utf16.count > shortTextLimit { return JiraMessages.summaryTooLong(deployment) }
        return nil
    }

    /// Why Jira refuses `label`, or `nil`: whitespace, or more than 255 UTF-16 units.
    public static func labelRefusal(_ label: String) -> String? {
        if label.unicodeScalars.contains(where: \.properties.isWhitespace) { return JiraMessages.labelWithSpaces(label) }
        if label.utf16.count > shortTextLimit { return JiraMessages.labelTooLong(label) }
        return nil
    }

    /// Why Jira refuses a single-line text custom field's value, or `nil`.
    public static func shortTextRefusal(_ text: String) -> String? {
        text.utf16.count > shortTextLimit ? JiraMessages.shortTextTooLong : nil
    }

    /// Why Jira refuses a long text (a Data Center description or comment, wiki markup), or `nil`.
    public static func longTextRefusal(_ text: String) -> String? {
        text.utf16.count > longTextLimit ? JiraMessages.textTooLong : nil
    }
}
