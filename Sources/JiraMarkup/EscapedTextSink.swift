/// Where ``WikiEscaper`` writes, so the same escaping can fill a length-limited description or a link's text.
///
/// Each call is a whole number of escaped Characters; returning `false` means the output is cut and nothing more
/// may be written.
protocol EscapedTextSink {
    /// Writes the Characters in `range` of `text` unchanged, or as many of them as fit.
    mutating func appendCharacters(_ range: Range<Int>, of text: UTF8Text) -> Bool
    /// Writes `&#NN;` for an ASCII byte.
    mutating func appendEntity(_ byte: UInt8) -> Bool
    /// Writes the ASCII byte with a backslash before it.
    mutating func appendBackslashed(_ byte: UInt8) -> Bool
}

extension [UInt8]: EscapedTextSink {
    mutating func appendCharacters(_ range: Range<Int>, of text: UTF8Text) -> Bool {
        append(contentsOf: UnsafeBufferPointer(rebasing: text.bytes[range]))
        return true
    }

    mutating func appendEntity(_ byte: UInt8) -> Bool {
        // `&#`, the decimal digits and `;` packed into one word, so they go out in a single append.
        var word: UInt64 = 0x23_26
        var length = 2
        func add(_ character: UInt8) {
            word |= UInt64(character) << (8 * length)
            length += 1
        }
        if byte >= 100 { add(UInt8(ascii: "0") + byte / 100) }
        if byte >= 10 { add(UInt8(ascii: "0") + byte / 10 % 10) }
        add(UInt8(ascii: "0") + byte % 10)
        add(UInt8(ascii: ";"))
        Swift.withUnsafeBytes(of: word.littleEndian) { append(contentsOf: $0.prefix(length)) }
        return true
    }

    mutating func appendBackslashed(_ byte: UInt8) -> Bool {
        Swift.withUnsafeBytes(of: (UInt8(ascii: "\\"), byte)) { append(contentsOf: $0) }
        return true
    }
}
