/// Finds the next byte in a JSON string that needs attention, eight bytes at a time.
///
/// Parsing and writing spend most of their time walking string contents whose bytes need nothing:
/// testing a whole 64-bit word against the quote, the backslash and the control characters at once
/// makes those walks several times faster than a byte loop.
enum StringScanner {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The offset of the first byte at or after `start` that is `"`, `\`, below 0x20 or, when
    /// `stopAtNonASCII`, 0x80 or above; `bytes.count` when there is none.
    @inline(__always)
    static func firstSpecial(in bytes: UnsafeRawBufferPointer, from start: Int, stopAtNonASCII: Bool) -> Int {
        var index = start
        let count = bytes.count
        if let base = bytes.baseAddress {
            while index + 8 <= count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if containsSpecial(word, stopAtNonASCII: stopAtNonASCII) { break }
                index += 8
            }
        }
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || (stopAtNonASCII && byte >= 0x80) {
                return index
            }
            index += 1
        }
        return count
    }

    /// Exact for "is any byte special", which is all the word loop needs; the byte loop finds which.
    @inline(__always)
    private static func containsSpecial(_ word: UInt64, stopAtNonASCII: Bool) -> Bool {
        let quote = hasZeroByte(word ^ (ones &* 0x22))
        let backslash = hasZeroByte(word ^ (ones &* 0x5C))
        // A byte below 0x20: subtracting 0x20 borrows into its high bit, which was clear.
        let control = (word &- ones &* 0x20) & ~word & highBits
        let nonASCII = stopAtNonASCII ? word & highBits : 0
        return (quote | backslash | control | nonASCII) != 0
    }

    @inline(__always)
    private static func hasZeroByte(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highBits
    }
}
