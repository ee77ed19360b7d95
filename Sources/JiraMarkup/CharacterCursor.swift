/// Steps forward through the Characters of a ``UTF8Text``, for loops that walk many of them.
///
/// ``UTF8Text/characterEnd(from:)`` starts from a bare offset, so the standard library first has to confirm a
/// Character starts there, which means looking back; across a run of regional indicators (flags) it looks
/// back to the start of the run, and a walk over the run would take quadratic time. The cursor keeps the index
/// the standard library returned, which is known to start a Character, and steps on from it.
struct CharacterCursor {
    let text: UTF8Text
    /// Where the next Character starts.
    private(set) var offset: Int
    /// The standard library's index for ``offset``, when the last step came from it.
    private var index: String.Index?

    /// A cursor at `offset`, which must start a Character.
    init(_ text: UTF8Text, at offset: Int) {
        self.text = text
        self.offset = offset
    }

    /// Moves past the Character at ``offset``.
    mutating func advance() {
        let byte = text[offset]
        let next = offset + 1
        // Between two ASCII bytes there is always a boundary, `\r\n` aside.
        if byte < 0x80, byte != ASCII.carriageReturn, next == text.count || text[next] < 0x80 {
            offset = next
            index = nil
            return
        }
        let following = text.string.index(after: index ?? text.index(offset))
        offset = text.utf8Offset(of: following)
        index = following
    }
}
