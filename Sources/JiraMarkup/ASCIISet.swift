/// A set of ASCII bytes as two 64-bit masks, so a scanning loop tests membership without branching on each value.
struct ASCIISet: Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    init(_ characters: StaticString) {
        characters.withUTF8Buffer { buffer in
            for byte in buffer {
                precondition(byte < 0x80, "ASCIISet holds ASCII only")
                if byte < 64 { low |= 1 << byte } else { high |= 1 << (byte - 64) }
            }
        }
    }

    /// Whether `byte` is in the set; never for a byte of a non-ASCII scalar.
    func contains(_ byte: UInt8) -> Bool {
        if byte < 64 { return low >> byte & 1 != 0 }
        return byte < 128 && high >> (byte &- 64) & 1 != 0
    }
}
