/// The contract of this module: alert text reaches Jira as data, never as markup, and always fits.
///
/// Alert payloads are written by whoever can reach the webhook or the monitored system, so a label value such
/// as `{html}<script>` or `[~admin]` must show up verbatim in the issue instead of becoming a macro, a link or
/// a mention. Every renderer here gives these guarantees:
///
/// - **Data stays data.** In Atlassian Document Format the only nodes are the ones this module builds
///   (`paragraph`, `hardBreak`, `text`, `bulletList`/`listItem`, `codeBlock`); the only marks are `strong` on
///   the fixed "Labels" heading and `link` on `http`/`https` URLs found in the text. In wiki markup every
///   character with meaning is escaped (see ``WikiMarkup``) and the payload sits in a `{noformat}` block that it
///   cannot close.
/// - **Links are only http(s).** `javascript:`, `data:`, `file:`, `mailto:` and every other scheme stay text;
///   in wiki markup their colon is even written as an entity so Jira's auto-linker can't pick them up.
/// - **Jira accepts the characters.** `\r\n` and lone `\r` become `\n`; other C0 control characters
///   (everything below U+0020 except `\n` and `\t`) become U+FFFD. Replacing instead of dropping keeps the
///   damage visible and never glues two harmless fragments into something meaningful (`htt\u{1}p://` must not
///   become a link).
/// - **It fits.** Output never exceeds the `maximumLength` given to the renderer (default
///   ``maximumDescriptionLength``): the wiki string, or the text content of the ADF document (text node
///   characters plus one per `hardBreak`). Length is counted in UTF-16 code units, which is what Jira (a Java
///   application) counts; that is never less than Swift's `count`, so the Character count is within the limit
///   too. When content must go, it goes from the end: the text is kept first, then the labels, then the
///   payload, and ``truncationMarker`` shows where the cut is. Cuts fall on Character boundaries and never
///   inside an escape, an entity or a link.
public enum JiraMarkup {
    /// Jira rejects a description longer than this (Cloud and Data Center alike).
    public static let maximumDescriptionLength = 32_767

    /// Appended where content had to be cut so the reader knows the issue is incomplete.
    public static let truncationMarker = "… (truncated by alert2jira)"

    /// The "Labels" section heading; fixed text, the only bold in a description.
    static let labelsHeading = "Labels"

    /// Language of the payload code block, for syntax highlighting in Jira Cloud.
    static let payloadLanguage = "json"
}
