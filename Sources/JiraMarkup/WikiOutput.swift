/// A wiki markup string under construction that refuses pieces once the length limit would be passed.
///
/// Structure such as a paragraph separator or a list bullet goes into ``pending`` and is written only together
/// with the first piece of content after it, so a cut never leaves a dangling `* ` or an empty heading.
///
/// Without a limit nothing is measured: ``WikiRenderer`` renders unlimited first, and most descriptions fit.
struct WikiOutput: Sendable {
    private(set) var bytes: [UInt8] = []
    /// UTF-16 units still free, including the ``reserve``; `nil` when there is no limit.
    private(set) var remaining: Int?
    /// Units that ordinary pieces may not use; kept for the truncation marker.
    let reserve: Int
    private(set) var isCut = false
    /// Markup to write before the next piece, and to forget if that piece doesn't fit; always ASCII.
    private(set) var pending: [UInt8] = []

    init(limit: Int?, reserve: Int = 0, capacity: Int = 0) {
        self.remaining = limit
        self.reserve = reserve
        bytes.reserveCapacity(capacity)
        pending.reserveCapacity(16)
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// The separator a new block needs: none at the very start.
    var blockSeparator: String { bytes.isEmpty ? "" : "\n\n" }

    mutating func setPending(_ markup: String) {
        pending.removeAll(keepingCapacity: true)
        pending.append(contentsOf: markup.utf8)
    }

    mutating func addPending(_ markup: String) {
        pending.append(contentsOf: markup.utf8)
    }

    /// Starts a piece that must be written whole: ``pending`` first, then whatever the caller appends to
    /// ``bytes`` through `write`, kept only if it all fits outside the reserve.
    mutating func appendPiece(_ write: (inout [UInt8]) -> Void) -> Bool {
        guard !isCut else { return false }
        let start = bytes.count
        writePending()
        write(&bytes)
        guard let remaining else { return true }
        let cost = bytes.withUnsafeBufferPointer { UTF8Text.utf16Count(UnsafeBufferPointer(rebasing: $0[start...])) }
        guard cost <= remaining - reserve else {
            bytes.removeSubrange(start...)
            isCut = true
            return false
        }
        self.remaining = remaining - cost
        return true
    }

    /// Writes `piece`, which may use the reserve; the caller has checked it fits in ``remaining``.
    mutating func appendUsingReserve(_ piece: String) {
        remaining = remaining.map { $0 - piece.utf16.count }
        bytes.append(contentsOf: piece.utf8)
    }

    /// The length of the whole output in UTF-16 units.
    var utf16Count: Int {
        bytes.withUnsafeBufferPointer { UTF8Text.utf16Count($0) }
    }
}

extension WikiOutput: EscapedTextSink {
    mutating func appendCharacters(_ range: Range<Int>, of text: UTF8Text) -> Bool {
        guard !isCut else { return false }
        guard let remaining else {
            writePending()
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text.bytes[range]))
            return true
        }
        // `pending` is ASCII, so its byte count is its UTF-16 length.
        let available = remaining - reserve - pending.count
        let cost = text.utf16Count(range)
        // Cut between Characters: the ones before the cut go out with `pending`, as one piece each would have.
        let end = cost <= available ? range.upperBound : text.prefixEnd(range, utf16Budget: available)
        if end > range.lowerBound {
            let written = end == range.upperBound ? cost : text.utf16Count(range.lowerBound..<end)
            self.remaining = remaining - pending.count - written
            writePending()
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text.bytes[range.lowerBound..<end]))
        }
        guard end == range.upperBound else {
            isCut = true
            pending.removeAll(keepingCapacity: true)
            return false
        }
        return true
    }

    mutating func appendEntity(_ byte: UInt8) -> Bool {
        appendPiece { _ = $0.appendEntity(byte) }
    }

    mutating func appendBackslashed(_ byte: UInt8) -> Bool {
        appendPiece { _ = $0.appendBackslashed(byte) }
    }

    private mutating func writePending() {
        guard !pending.isEmpty else { return }
        bytes.append(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
    }
}
