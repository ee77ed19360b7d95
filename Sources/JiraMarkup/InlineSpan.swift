/// A piece of a paragraph as the renderers see it, so both formats agree on what is a link and what is text.
///
/// Text and links are UTF-8 offsets into ``DescriptionContent/source`` rather than strings of their own, so
/// parsing allocates nothing per span.
enum InlineSpan: Sendable, Hashable {
    /// Plain text without newlines; never empty.
    case text(Range<Int>)
    /// An `http`/`https` URL shown as itself and linking to itself.
    case link(Range<Int>)
    case lineBreak
}
