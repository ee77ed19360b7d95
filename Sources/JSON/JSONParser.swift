/// A strict JSON parser that says exactly where input is broken.
///
/// Foundation's parsers report errors without a usable position, accept duplicate keys silently and
/// convert numbers to `Double`. Alerts come from untrusted webhooks, so this parser: reports line,
/// column and byte offset; rejects duplicate keys, invalid UTF-8, lone surrogates, NaN/Infinity and
/// control characters in strings; and stops at ``maximumDepth``. Nesting is tracked on the heap, not
/// the call stack, so no document can overflow the stack of whatever thread parses it.
public struct JSONParser {
    /// Deeper documents are refused; no real alert payload nests more than a few dozen levels.
    public static let maximumDepth = 512

    /// Objects with more keys than this check duplicates with a set: a linear scan per key would make a
    /// hostile object with a million keys cost 10^12 comparisons.
    private static let linearDuplicateCheckLimit = 16

    private let bytes: UnsafeRawBufferPointer
    private var index: Int = 0

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Parses exactly one JSON value (surrounding whitespace allowed).
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.index < bytes.count {
            throw parser.error("unexpected \(parser.describeByte(at: parser.index)) after the end of the JSON value")
        }
        return value
    }

    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONSyntaxError) in try parse(UnsafeRawBufferPointer(buffer)) }
        }
        if let result { return try result.get() }
        let array = Array(bytes)
        return try array.withUnsafeBytes { buffer in Result { () throws(JSONSyntaxError) in try parse(buffer) } }.get()
    }

    public static func parse(_ string: String) throws(JSONSyntaxError) -> JSONValue {
        var string = string
        return try string.withUTF8 { buffer in
            Result { () throws(JSONSyntaxError) in try parse(UnsafeRawBufferPointer(buffer)) }
        }.get()
    }

    // MARK: - Values

    /// A container being filled. Kept in an explicit stack rather than the call stack: at ~1 KB of
    /// stack per level in release builds (3 KB in debug), recursing to ``maximumDepth`` would overflow
    /// the 512 KiB stacks of secondary threads on macOS.
    private struct Frame {
        var isObject: Bool
        var array: [JSONValue] = []
        var object = JSONObject()
        /// The key whose value is being parsed.
        var key = ""
        /// Filled once the object outgrows ``linearDuplicateCheckLimit``.
        var keySet: Set<String> = []

        /// Room for the members of a typical payload object (or array) from the start: growing from
        /// empty would reallocate four times on the way to ten members, for every object of every alert.
        init(isObject: Bool) {
            self.isObject = isObject
            if isObject {
                object.reserveCapacity(8)
            } else {
                array.reserveCapacity(4)
            }
        }
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        var stack: [Frame] = []
        while true {
            // A value starts here: a scalar completes at once, a non-empty container is pushed.
            var value: JSONValue
            guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                try checkDepth(stack.count)
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    value = .object(JSONObject())
                } else {
                    if stack.isEmpty { stack.reserveCapacity(8) }
                    var frame = Frame(isObject: true)
                    let key = try parseKey(for: &frame)
                    frame.key = key
                    stack.append(frame)
                    continue
                }
            case UInt8(ascii: "["):
                try checkDepth(stack.count)
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    value = .array([])
                } else {
                    if stack.isEmpty { stack.reserveCapacity(8) }
                    stack.append(Frame(isObject: false))
                    continue
                }
            case UInt8(ascii: "\""): value = .string(try parseString())
            case UInt8(ascii: "t"): value = try parseLiteral("true", .bool(true))
            case UInt8(ascii: "f"): value = try parseLiteral("false", .bool(false))
            case UInt8(ascii: "n"): value = try parseLiteral("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = .number(try parseNumber())
            case UInt8(ascii: "'"): throw error("strings must be in double quotes, not single quotes")
            case let byte where isWordByte(byte): throw invalidWord()
            default: throw error("unexpected \(describeByte(at: index)), expected a value")
            }
            // The value is complete: store it in its container, closing every container that ends here.
            while true {
                guard !stack.isEmpty else { return value }
                let top = stack.count - 1
                skipWhitespace()
                if stack[top].isObject {
                    let key = stack[top].key
                    stack[top].object.appendUnchecked(key, value)
                    guard index < bytes.count else { throw error("unexpected end of input inside an object, expected ',' or '}'") }
                    switch bytes[index] {
                    case UInt8(ascii: ","):
                        try stepOverComma(closedBy: UInt8(ascii: "}"), in: "an object")
                        let key = try parseKey(for: &stack[top])
                        stack[top].key = key
                    case UInt8(ascii: "}"):
                        index += 1
                        value = .object(stack.removeLast().object)
                        continue
                    default:
                        throw error("unexpected \(describeByte(at: index)), expected ',' or '}'")
                    }
                } else {
                    stack[top].array.append(value)
                    guard index < bytes.count else { throw error("unexpected end of input inside an array, expected ',' or ']'") }
                    switch bytes[index] {
                    case UInt8(ascii: ","):
                        try stepOverComma(closedBy: UInt8(ascii: "]"), in: "an array")
                    case UInt8(ascii: "]"):
                        index += 1
                        value = .array(stack.removeLast().array)
                        continue
                    default:
                        throw error("unexpected \(describeByte(at: index)), expected ',' or ']'")
                    }
                }
                // After a ',' (and a key): the next value starts here.
                skipWhitespace()
                break
            }
        }
    }

    private func checkDepth(_ openContainers: Int) throws(JSONSyntaxError) {
        if openContainers == Self.maximumDepth {
            throw error("nesting deeper than \(Self.maximumDepth) levels")
        }
    }

    /// Reads `"key" :` at `index` (after whitespace), refusing a key the object already has.
    private mutating func parseKey(for frame: inout Frame) throws(JSONSyntaxError) -> String {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input inside an object, expected a string key") }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            break
        case UInt8(ascii: "'"):
            throw error("object keys must be in double quotes, not single quotes")
        default:
            throw error("unexpected \(describeByte(at: index)), expected a string key in double quotes")
        }
        let keyStart = index
        let key = try parseString()
        if isDuplicate(key, in: &frame) {
            index = keyStart
            throw error("duplicate key \(quoted(key)) in an object")
        }
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input inside an object, expected ':'") }
        guard bytes[index] == UInt8(ascii: ":") else {
            throw error("unexpected \(describeByte(at: index)), expected ':' after the key \(quoted(key))")
        }
        index += 1
        skipWhitespace()
        return key
    }

    private func isDuplicate(_ key: String, in frame: inout Frame) -> Bool {
        if frame.object.count < Self.linearDuplicateCheckLimit {
            return frame.object.index(of: key) != nil
        }
        if frame.keySet.isEmpty {
            frame.keySet.reserveCapacity(frame.object.count * 2)
            frame.keySet.formUnion(frame.object.keys)
        }
        return !frame.keySet.insert(key).inserted
    }

    private mutating func parseLiteral(_ word: StaticString, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw invalidWord() }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw invalidWord()
        }
        // `truex` is one bad word, not `true` followed by garbage.
        if index + count < bytes.count, isWordByte(bytes[index + count]) { throw invalidWord() }
        index += count
        return value
    }

    private func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    /// The error for an unquoted word at `index`: a misspelt literal, NaN/Infinity, or a string without
    /// quotes. A `-` before the word (`-Infinity`) is at `index`, the word itself after it.
    private func invalidWord(signed: Bool = false) -> JSONSyntaxError {
        let wordStart = signed ? index + 1 : index
        var end = wordStart
        while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
        let shownEnd = Swift.min(end, wordStart + 40)
        let word = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[wordStart..<shownEnd]), as: UTF8.self)
        switch word.lowercased() {
        case "nan", "infinity", "inf":
            return error("\(signed ? "-" : "")\(word) is not a valid JSON number (JSON has no NaN or Infinity)")
        case _ where signed:
            return error("invalid number: expected a digit after '-'")
        default:
            let shown = end > shownEnd ? word + "…" : word
            return error("unexpected word '\(shown)': strings must be in double quotes, and the only literals are true, false and null")
        }
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONNumber {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else {
            if index < bytes.count, isWordByte(bytes[index]) {
                index = start
                throw invalidWord(signed: true)
            }
            throw error("invalid number: expected a digit after '-'")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                index = start
                throw error("invalid number: leading zeros are not allowed")
            }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number: expected a digit after '.'") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number: expected a digit in the exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        return JSONNumber(literal: text)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    // MARK: - Strings

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let quote = index
        index += 1
        let start = index
        // Fast path: no escapes, so the string is a slice of the input. UTF-8 is validated here, in the
        // same pass, because the standard library's `String(validating:as:)` is generic and looks up
        // type metadata on every call, which cost a fifth of the parse time.
        while index < bytes.count {
            index = StringScanner.firstSpecial(in: bytes, from: index, stopAtNonASCII: true)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let string = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacter(byte) }
            if byte < 0x80 {
                index += 1
            } else {
                index += try validateUTF8Sequence()
            }
        }
        guard index < bytes.count else {
            index = quote
            throw error("unterminated string: no closing '\"' before the end of input")
        }
        // Slow path: unescape into a byte buffer.
        var buffer: [UInt8] = []
        buffer.reserveCapacity(index - start + 16)
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.count else {
                    index = quote
                    throw error("unterminated string: no closing '\"' before the end of input")
                }
                let escaped = bytes[index + 1]
                switch escaped {
                case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try parseUnicodeEscape()
                    UTF8.encode(scalar) { buffer.append($0) }
                    continue
                default:
                    throw error("invalid escape '\\' followed by \(describeByte(at: index + 1)) in a string")
                }
                index += 2
            default:
                if byte < 0x20 { throw controlCharacter(byte) }
                if byte < 0x80 {
                    buffer.append(byte)
                    index += 1
                } else {
                    let length = try validateUTF8Sequence()
                    buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<(index + length)]))
                    index += length
                }
            }
        }
        index = quote
        throw error("unterminated string: no closing '\"' before the end of input")
    }

    /// Checks the multi-byte UTF-8 sequence at `index` (Unicode Table 3-7: no overlong forms, no
    /// surrogates, nothing above U+10FFFF) and returns its length; errors point at its first byte.
    private func validateUTF8Sequence() throws(JSONSyntaxError) -> Int {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            secondRange = 0x80...0x9F
        case 0xF0:
            length = 4
            secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            secondRange = 0x80...0x8F
        default: throw invalidUTF8()
        }
        guard index + length <= bytes.count, secondRange.contains(bytes[index + 1]) else { throw invalidUTF8() }
        for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
            throw invalidUTF8()
        }
        return length
    }

    private func invalidUTF8() -> JSONSyntaxError {
        error("invalid UTF-8 byte 0x\(hex(bytes[index], width: 2)) in a string")
    }

    private func controlCharacter(_ byte: UInt8) -> JSONSyntaxError {
        // A raw newline in a string is most often a missing closing quote on the line before.
        let hint = byte == 0x0A ? " (is a closing '\"' missing?)" : ""
        return error("control character U+\(hex(byte, width: 4)) in a string must be escaped\(hint)")
    }

    /// Reads `\uXXXX` at `index` (and a following low surrogate when needed), leaving `index` after it.
    private mutating func parseUnicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let escapeStart = index
        index += 2
        let high = try readHex4()
        if (0xD800...0xDBFF).contains(high) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                index = escapeStart
                throw error("lone high surrogate \\u\(hex(high, width: 4)) in a string: it must be followed by a low surrogate \\uDC00-\\uDFFF")
            }
            index += 2
            let low = try readHex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                index = escapeStart
                throw error("lone high surrogate \\u\(hex(high, width: 4)) in a string: it must be followed by a low surrogate \\uDC00-\\uDFFF")
            }
            // Always a valid scalar: 0x10000...0x10FFFF.
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
        }
        if (0xDC00...0xDFFF).contains(high) {
            index = escapeStart
            throw error("lone low surrogate \\u\(hex(high, width: 4)) in a string: it must follow a high surrogate \\uD800-\\uDBFF")
        }
        // Not a surrogate, so a valid scalar.
        return Unicode.Scalar(high)!
    }

    private mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw error("unexpected end of input in a \\u escape") }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit \(describeByte(at: index)) in a \\u escape (it needs exactly four)")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    // MARK: - Helpers

    /// Steps over the comma at `index` and the whitespace after it; a comma right before the container's
    /// closing bracket is refused where it stands.
    private mutating func stepOverComma(closedBy closing: UInt8, in container: String) throws(JSONSyntaxError) {
        let comma = index
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == closing {
            index = comma
            throw error("trailing comma before '\(Character(Unicode.Scalar(closing)))' in \(container)")
        }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"): index += 1
            default: return
            }
        }
    }

    private func describeByte(at position: Int) -> String {
        let byte = bytes[position]
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(hex(byte, width: 2))"
    }

    /// A key for a message: quoted, with control characters escaped so the message stays on one line.
    private func quoted(_ key: String) -> String {
        var output: [UInt8] = []
        JSONWriter.writeString(key.count > 60 ? String(key.prefix(60)) + "…" : key, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, byteOffset: Swift.min(index, bytes.count), bytes: bytes)
    }
}

private func hex(_ value: some BinaryInteger, width: Int) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
}

/// Where and why a JSON document could not be parsed. Positions are 1-based lines and columns
/// (in bytes) and a 0-based byte offset, relative to the parsed buffer until ``shifted(lines:bytes:column:)``.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int
    public var byteOffset: Int

    public init(message: String, line: Int, column: Int, byteOffset: Int) {
        self.message = message
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
    }

    init(message: String, byteOffset: Int, bytes: UnsafeRawBufferPointer) {
        var line = 1
        var lineStart = 0
        for position in 0..<Swift.min(byteOffset, bytes.count) where bytes[position] == UInt8(ascii: "\n") {
            line += 1
            lineStart = position + 1
        }
        self.init(message: message, line: line, column: byteOffset - lineStart + 1, byteOffset: byteOffset)
    }

    /// The same error placed within a larger stream that this buffer started at.
    public func shifted(lines: Int, bytes: Int, column: Int = 1) -> JSONSyntaxError {
        JSONSyntaxError(
            message: message,
            line: line + lines,
            column: line == 1 ? self.column + column - 1 : self.column,
            byteOffset: byteOffset + bytes
        )
    }

    public var description: String {
        "line \(line), column \(column) (byte \(byteOffset)): \(message)"
    }
}
