/// Serializes ``JSONValue`` to compact UTF-8 JSON, appending to a caller-owned buffer.
///
/// The dry-run path writes one line per alert at hundreds of thousands of lines per second; appending
/// into a reused `[UInt8]` avoids the intermediate `Data` and `String` copies of `JSONEncoder`.
public enum JSONWriter {
    public static func write(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let bool):
            output.append(contentsOf: bool ? "true".utf8 : "false".utf8)
        case .number(let number):
            output.append(contentsOf: number.text.utf8)
        case .string(let string):
            writeString(string, into: &output)
        // By index rather than by iterator: an iterator hands out owned copies, a retain and a release
        // per element, and the dry run writes millions of them.
        case .array(let array):
            output.append(UInt8(ascii: "["))
            for position in array.indices {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                write(array[position], into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for position in object.keys.indices {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                writeString(object.keys[position], into: &output)
                output.append(UInt8(ascii: ":"))
                write(object.values[position], into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Pretty-printed with two-space indentation, for humans.
    public static func writePretty(_ value: JSONValue, indent: Int = 0, into output: inout [UInt8]) {
        func newline(_ level: Int) {
            output.append(UInt8(ascii: "\n"))
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: level * 2))
        }
        switch value {
        case .array(let array) where !array.isEmpty:
            output.append(UInt8(ascii: "["))
            for (position, element) in array.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                writePretty(element, indent: indent + 1, into: &output)
            }
            newline(indent)
            output.append(UInt8(ascii: "]"))
        case .object(let object) where !object.isEmpty:
            output.append(UInt8(ascii: "{"))
            var first = true
            for (key, element) in object {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                newline(indent + 1)
                writeString(key, into: &output)
                output.append(contentsOf: ": ".utf8)
                writePretty(element, indent: indent + 1, into: &output)
            }
            newline(indent)
            output.append(UInt8(ascii: "}"))
        default:
            write(value, into: &output)
        }
    }

    public static func writeString(_ string: String, into output: inout [UInt8]) {
        // Native strings lend their UTF-8 without a copy; `withUTF8` would need a mutable copy first.
        let written: Void? = string.utf8.withContiguousStorageIfAvailable { utf8 in
            writeEscaped(UnsafeRawBufferPointer(utf8), into: &output)
        }
        if written == nil {
            var string = string
            string.withUTF8 { writeEscaped(UnsafeRawBufferPointer($0), into: &output) }
        }
    }

    private static func writeEscaped(_ bytes: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most strings need no escaping at all, and the rest have long runs that need none: copy each
        // run in one go.
        var runStart = 0
        while true {
            let position = StringScanner.firstSpecial(in: bytes, from: runStart, stopAtNonASCII: false)
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<position]))
            guard position < bytes.count else { break }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
            case 0x0A: output.append(contentsOf: #"\n"#.utf8)
            case 0x0D: output.append(contentsOf: #"\r"#.utf8)
            case 0x09: output.append(contentsOf: #"\t"#.utf8)
            case 0x08: output.append(contentsOf: #"\b"#.utf8)
            case 0x0C: output.append(contentsOf: #"\f"#.utf8)
            default:
                output.append(contentsOf: #"\u00"#.utf8)
                output.append(hexDigit(byte >> 4))
                output.append(hexDigit(byte & 0x0F))
            }
            runStart = position + 1
        }
        output.append(UInt8(ascii: "\""))
    }
}

private func hexDigit(_ nibble: UInt8) -> UInt8 {
    nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
}

extension JSONValue {
    /// Compact JSON text and a newline: one line of NDJSON.
    public var jsonLine: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        JSONWriter.write(self, into: &output)
        output.append(UInt8(ascii: "\n"))
        return output
    }

    /// Compact JSON text.
    public var jsonString: String {
        var output: [UInt8] = []
        JSONWriter.write(self, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Indented JSON text.
    public var prettyJSONString: String {
        var output: [UInt8] = []
        JSONWriter.writePretty(self, into: &output)
        return String(decoding: output, as: UTF8.self)
    }
}
