/// Why a body is not JSON, with the byte offset where reading stopped.
public struct SpecJSONError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let offset: Int

    public var description: String { "\(message) at byte \(offset)" }
}

extension SpecJSON {
    /// Deeper documents are refused, as Jackson's nesting limit refuses them, before they can exhaust the stack.
    public static let maximumDepth = 500

    /// Reads one JSON document the way Jackson's defaults do: no comments, no trailing commas, no leading zeros,
    /// no raw control characters in strings, valid UTF-8 only; a repeated key keeps its last value.
    public static func parse(_ bytes: [UInt8]) throws(SpecJSONError) -> SpecJSON {
        var reader = Reader(bytes: bytes)
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.atEnd else { throw reader.error("unexpected text after the document") }
        return value
    }

    public static func parse(_ text: String) throws(SpecJSONError) -> SpecJSON {
        try parse(Array(text.utf8))
    }
}

private struct Reader {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    var atEnd: Bool { position >= bytes.count }
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    func error(_ message: String) -> SpecJSONError {
        SpecJSONError(message: message, offset: position)
    }

    mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    mutating func expect(_ word: String, _ value: SpecJSON) throws(SpecJSONError) -> SpecJSON {
        for byte in word.utf8 {
            guard current == byte else { throw error("unrecognized token, expected \(word)") }
            position += 1
        }
        return value
    }

    mutating func value(depth: Int) throws(SpecJSONError) -> SpecJSON {
        guard depth < SpecJSON.maximumDepth else { throw error("document nested deeper than \(SpecJSON.maximumDepth)") }
        guard let byte = current else { throw error("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected character 0x\(String(byte, radix: 16))")
        }
    }

    mutating func object(depth: Int) throws(SpecJSONError) -> SpecJSON {
        position += 1
        var object = SpecObject()
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a field name in double quotes") }
            let key = try string()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after a field name") }
            position += 1
            skipWhitespace()
            object[key] = try value(depth: depth + 1)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(object)
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    mutating func array(depth: Int) throws(SpecJSONError) -> SpecJSON {
        position += 1
        var elements: [SpecJSON] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try value(depth: depth + 1))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(elements)
            default: throw error("expected ',' or ']' in an array")
            }
        }
    }

    mutating func number() throws(SpecJSONError) -> SpecNumber {
        let start = position
        func digits() -> Int {
            let first = position
            while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
            return position - first
        }
        if current == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0 else { throw error("a number needs digits") }
        if integerDigits > 1, bytes[integerStart] == UInt8(ascii: "0") { throw error("leading zeros are not allowed") }
        if current == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw error("a decimal point needs digits after it") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw error("an exponent needs digits") }
        }
        return SpecNumber(literal: String(decoding: bytes[start..<position], as: UTF8.self))
    }

    mutating func string() throws(SpecJSONError) -> String {
        position += 1
        // Runs without escapes are checked byte by byte and then copied whole: appending them scalar by scalar was a
        // sixth of the ADF fuzzer's time.
        var text = ""
        var runStart = position
        while true {
            guard let byte = current else { throw error("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                text += String(decoding: bytes[runStart..<position], as: UTF8.self)
                position += 1
                return text
            case UInt8(ascii: "\\"):
                text += String(decoding: bytes[runStart..<position], as: UTF8.self)
                position += 1
                text.unicodeScalars.append(try escape())
                runStart = position
            case 0x00..<0x20:
                throw error("illegal unquoted control character 0x\(String(byte, radix: 16)) in a string")
            case 0x00..<0x80:
                position += 1
            default:
                // Refuses what is not UTF-8 and moves past what is.
                _ = try multibyte()
            }
        }
    }

    mutating func escape() throws(SpecJSONError) -> Unicode.Scalar {
        guard let byte = current else { throw error("unterminated escape") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try hex4()
            if (0xD800..<0xDC00).contains(high), current == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") {
                let saved = position
                position += 2
                let low = try hex4()
                if (0xDC00..<0xE000).contains(low) {
                    return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
                }
                position = saved
            }
            // Java keeps a lone surrogate in its UTF-16 string; Swift strings cannot, so it reads as U+FFFD.
            return Unicode.Scalar(high) ?? "\u{FFFD}"
        default:
            throw error("unrecognized escape \\\(Character(Unicode.Scalar(byte)))")
        }
    }

    mutating func hex4() throws(SpecJSONError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current else { throw error("unterminated \\u escape") }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("a \\u escape needs four hex digits")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    /// One UTF-8 sequence of two to four bytes; overlong forms, surrogates and stray continuation bytes are refused.
    mutating func multibyte() throws(SpecJSONError) -> Unicode.Scalar {
        let lead = bytes[position]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: (length, value) = (2, UInt32(lead & 0x1F))
        case 0xE0...0xEF: (length, value) = (3, UInt32(lead & 0x0F))
        case 0xF0...0xF4: (length, value) = (4, UInt32(lead & 0x07))
        default: throw error("invalid UTF-8 start byte 0x\(String(lead, radix: 16))")
        }
        guard position + length <= bytes.count else { throw error("truncated UTF-8 sequence") }
        for offset in 1..<length {
            let byte = bytes[position + offset]
            guard byte & 0xC0 == 0x80 else { throw error("invalid UTF-8 continuation byte 0x\(String(byte, radix: 16))") }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { throw error("invalid UTF-8 sequence") }
        position += length
        return scalar
    }
}
