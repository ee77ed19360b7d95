/// A string's UTF-8 bytes plus the Character-boundary questions the renderers ask, answered cheaply where possible.
///
/// Everything with a meaning in markup is ASCII, and two adjacent ASCII bytes always belong to different
/// Characters (except `\r\n`, which ``TextSanitizer`` has already removed), so most questions are answered from
/// the bytes alone. Next to a non-ASCII scalar the answer can differ: a combining mark makes `*\u{301}` a single
/// Character that is not `*`, and a prepended scalar such as U+0600 joins the character after it. There the
/// standard library's grapheme segmentation decides, so every decision matches what the same code would decide
/// on `[Character]`.
///
/// Offsets are UTF-8 offsets into ``string``. The bytes are borrowed: use a value only inside
/// ``withBytes(of:_:)``.
struct UTF8Text {
    let string: String
    let bytes: UnsafeBufferPointer<UInt8>

    /// Calls `body` with the UTF-8 of `string`, made contiguous first if it isn't (a bridged string).
    static func withBytes<Result>(of string: String, _ body: (UTF8Text) -> Result) -> Result {
        var contiguous = string
        contiguous.makeContiguousUTF8()
        let native = contiguous
        return contiguous.withUTF8 { body(UTF8Text(string: native, bytes: $0)) }
    }

    var count: Int { bytes.count }

    subscript(offset: Int) -> UInt8 { bytes[offset] }

    /// Whether a Character starts at `offset`, which must be on a scalar boundary.
    func isCharacterBoundary(_ offset: Int) -> Bool {
        guard offset > 0, offset < bytes.count else { return true }
        let previous = bytes[offset - 1]
        let byte = bytes[offset]
        if previous < 0x80, byte < 0x80, previous != ASCII.carriageReturn { return true }
        return String.Index(index(offset), within: string) != nil
    }

    /// The end of the Character that starts at `offset`.
    func characterEnd(from offset: Int) -> Int {
        let byte = bytes[offset]
        let next = offset + 1
        if byte < 0x80, byte != ASCII.carriageReturn, next == bytes.count || bytes[next] < 0x80 { return next }
        return utf8Offset(of: string.index(after: index(offset)))
    }

    /// The start of the Character that ends at `offset`, given that a Character starts at `lowerBound`.
    func characterStart(before offset: Int, notBefore lowerBound: Int) -> Int {
        let previous = offset - 1
        if bytes[previous] < 0x80,
            previous == lowerBound || (bytes[previous - 1] < 0x80 && bytes[previous - 1] != ASCII.carriageReturn)
        {
            return previous
        }
        return utf8Offset(of: string.index(before: index(offset)))
    }

    /// Whether the Character starting at `offset` is the single ASCII byte there.
    func isASCIICharacter(at offset: Int) -> Bool {
        bytes[offset] < 0x80 && characterEnd(from: offset) == offset + 1
    }

    /// The scalar starting at `offset`; for a Character boundary, the one `Character` properties look at.
    func scalar(at offset: Int) -> Unicode.Scalar {
        let lead = UInt32(bytes[offset])
        let value: UInt32
        switch lead {
        case 0..<0x80:
            return Unicode.Scalar(UInt8(lead))
        case 0xC0..<0xE0:
            value = (lead & 0x1F) << 6 | continuation(offset + 1)
        case 0xE0..<0xF0:
            value = (lead & 0x0F) << 12 | continuation(offset + 1) << 6 | continuation(offset + 2)
        default:
            value = (lead & 0x07) << 18 | continuation(offset + 1) << 12 | continuation(offset + 2) << 6 | continuation(offset + 3)
        }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    private func continuation(_ offset: Int) -> UInt32 {
        UInt32(bytes[offset] & 0x3F)
    }

    /// The length of `range` in UTF-16 code units, the unit Jira counts.
    func utf16Count(_ range: Range<Int>) -> Int {
        Self.utf16Count(UnsafeBufferPointer(rebasing: bytes[range]))
    }

    /// One unit per scalar (every byte that isn't a continuation byte) and a second one for each 4-byte scalar.
    static func utf16Count(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in utf8 {
            count &+= (byte & 0xC0 != 0x80 ? 1 : 0) &+ (byte >= 0xF0 ? 1 : 0)
        }
        return count
    }

    /// The end of the longest run of whole Characters from `range.lowerBound` that takes at most `budget` UTF-16
    /// units; stops at `range.upperBound`, which must be a Character boundary.
    func prefixEnd(_ range: Range<Int>, utf16Budget budget: Int) -> Int {
        var used = 0
        var cursor = CharacterCursor(self, at: range.lowerBound)
        while cursor.offset < range.upperBound {
            let start = cursor.offset
            cursor.advance()
            let width = cursor.offset == start + 1 ? 1 : utf16Count(start..<cursor.offset)
            guard used + width <= budget else { return start }
            used += width
        }
        return cursor.offset
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The Characters of `range`, for the rare paths that need them.
    func substring(_ range: Range<Int>) -> Substring {
        string[index(range.lowerBound)..<index(range.upperBound)]
    }

    func index(_ offset: Int) -> String.Index {
        string.utf8.index(string.utf8.startIndex, offsetBy: offset)
    }

    func utf8Offset(of index: String.Index) -> Int {
        string.utf8.distance(from: string.utf8.startIndex, to: index)
    }
}
