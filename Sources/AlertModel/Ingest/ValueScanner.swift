/// Finds where one JSON value ends without parsing it, resumable across buffer refills.
///
/// It only balances brackets outside strings; the parser then validates the framed bytes.
struct ValueScanner {
    private enum State {
        case initial
        case container
        case containerString
        case containerStringEscape
        case string
        case stringEscape
        case scalar
    }

    private var state: State = .initial
    private var depth = 0
    /// Newlines inside the value so far.
    private(set) var newlines = 0
    /// Absolute offset just after the last newline inside the value; meaningful when `newlines > 0`.
    private(set) var lineStartOffset = 0

    /// Scans from `position`; returns the end index (exclusive) once the value is complete.
    /// `baseOffset` is the absolute offset of `bytes[0]`, for ``lineStartOffset``.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, from position: Int, baseOffset: Int) -> Int? {
        var index = position
        while index < bytes.count {
            let byte = bytes[index]
            switch state {
            case .initial:
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    state = .container
                    depth = 1
                case UInt8(ascii: "\""):
                    state = .string
                default:
                    // A stray delimiter is a one-byte value, so the parser reports it and the reader moves on.
                    if Self.isDelimiter(byte) { return index + 1 }
                    state = .scalar
                }
            case .container:
                switch byte {
                case UInt8(ascii: "\""): state = .containerString
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                case UInt8(ascii: "\n"):
                    newline(at: baseOffset + index)
                default: break
                }
            case .containerString, .string:
                // Most bytes are string content; skip them in a tight loop.
                var current = byte
                while current != UInt8(ascii: "\""), current != UInt8(ascii: "\\"), current != UInt8(ascii: "\n") {
                    index += 1
                    guard index < bytes.count else { return nil }
                    current = bytes[index]
                }
                switch current {
                case UInt8(ascii: "\""):
                    if state == .string { return index + 1 }
                    state = .container
                case UInt8(ascii: "\\"):
                    state = state == .string ? .stringEscape : .containerStringEscape
                default:
                    newline(at: baseOffset + index)
                }
            case .containerStringEscape, .stringEscape:
                state = state == .stringEscape ? .string : .containerString
                if byte == UInt8(ascii: "\n") { newline(at: baseOffset + index) }
            case .scalar:
                if Self.isDelimiter(byte) { return index }
            }
            index += 1
        }
        return nil
    }

    private mutating func newline(at offset: Int) {
        newlines += 1
        lineStartOffset = offset + 1
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: ","), UInt8(ascii: "]"),
            UInt8(ascii: "}"), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""):
            true
        default:
            false
        }
    }
}
