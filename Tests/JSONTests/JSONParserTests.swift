import Glibc
import JSON
import Testing

@Suite("JSONParser: values")
struct JSONParserValueTests {
    @Test func parsesEveryJSONType() throws {
        let value = try JSONParser.parse(#"{"s":"x","n":-1.5,"t":true,"f":false,"z":null,"a":[1,"2",[],{}],"o":{"k":"v"}}"#)
        let expected: JSONValue = [
            "s": "x",
            "n": .number(JSONNumber(literal: "-1.5")),
            "t": true,
            "f": false,
            "z": nil,
            "a": [1, "2", [], [:]],
            "o": ["k": "v"],
        ]
        #expect(value == expected)
    }

    @Test(arguments: ["true", "false", "null", "0", "\"\"", "[]", "{}"])
    func parsesScalarsAndEmptyContainersAtTheTopLevel(text: String) throws {
        let value = try JSONParser.parse(text)
        let expected: JSONValue =
            switch text {
            case "true": true
            case "false": false
            case "null": nil
            case "0": 0
            case "\"\"": ""
            case "[]": []
            default: [:]
            }
        #expect(value == expected)
    }

    @Test func allowsWhitespaceAroundAndBetweenTokens() throws {
        let value = try JSONParser.parse(" \t\r\n{ \"a\" :\r\n [ 1 , 2 ] } \n\t")
        #expect(value == ["a": [1, 2]])
    }

    /// Amounts are echoed into Jira fields and previews, so the literal must survive untouched.
    @Test(arguments: [
        "0.47", "1e3", "1E+3", "-1.5e-7", "-0", "0", "1.0", "286919713412", "12345678901234567890",
        "0.30000000000000004", "1e400",
    ])
    func keepsNumberLiteralsVerbatim(literal: String) throws {
        let value = try JSONParser.parse("[\(literal)]")
        #expect(value == .array([.number(JSONNumber(literal: literal))]))
        guard case .number(let number) = try #require(value[0]) else {
            Issue.record("not a number: \(value)")
            return
        }
        #expect(number.text == literal)
    }

    @Test func keepsKeyOrder() throws {
        let object = try #require(try JSONParser.parse(#"{"z":1,"a":2,"m":3,"b":{"y":1,"x":2}}"#).objectValue)
        #expect(object.keys == ["z", "a", "m", "b"])
        #expect(object.object("b")?.keys == ["y", "x"])
    }

    @Test func decodesEveryEscape() throws {
        let value = try JSONParser.parse(#"["\"\\\/\b\f\n\r\t", "a\u0026b", "caf\u00e9", "\u00E9", "\uD83D\uDE00 ok", "\u0000"]"#)
        #expect(value == ["\"\\/\u{8}\u{C}\n\r\t", "a&b", "café", "é", "😀 ok", "\u{0}"])
    }

    @Test func keepsRawUTF8() throws {
        let value = try JSONParser.parse(#"{"msg":"héllo wörld 😀 日本"}"#)
        #expect(value["msg"] == "héllo wörld 😀 日本")
    }

    @Test func parsesTheSameFromEveryInputType() throws {
        let text = #"{"a":[1,2,{"b":"c"}]}"#
        let bytes = Array(text.utf8)
        let expected: JSONValue = ["a": [1, 2, ["b": "c"]]]
        #expect(try JSONParser.parse(text) == expected)
        #expect(try JSONParser.parse(bytes) == expected)
        // A slice that does not start at index 0 must be parsed from its own start.
        let padded = Array("xx".utf8) + bytes + Array("yy".utf8)
        #expect(try JSONParser.parse(padded[2..<(padded.count - 2)]) == expected)
        #expect(try bytes.withUnsafeBytes { buffer throws(JSONSyntaxError) in try JSONParser.parse(buffer) } == expected)
        // A collection without contiguous storage takes the copying path.
        #expect(try JSONParser.parse(bytes.lazy.map { $0 }) == expected)
    }

    @Test func acceptsExactlyTheMaximumDepth() throws {
        let depth = JSONParser.maximumDepth
        var value = try JSONParser.parse(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        var levels = 0
        while case .array(let elements) = value {
            levels += 1
            guard let first = elements.first else { break }
            value = first
        }
        #expect(levels == depth)
    }

    /// Above the linear-scan limit duplicate detection switches to a set; a quadratic scan would take
    /// minutes on this input in a debug build.
    @Test func parsesAnObjectWithManyKeysQuickly() throws {
        let count = 50_000
        var text = "{"
        for index in 0..<count {
            text += index == 0 ? "" : ","
            text += "\"key\(index)\":\(index)"
        }
        text += "}"
        let object = try #require(try JSONParser.parse(text).objectValue)
        #expect(object.count == count)
        #expect(object["key49999"] == 49_999)
        #expect(object.keys.first == "key0")
    }
}

/// One malformed input and exactly where and why the parser must refuse it.
struct JSONSyntaxErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: [UInt8]
    var line: Int
    var column: Int
    var byteOffset: Int
    var message: String

    init(_ name: String, _ input: String, line: Int = 1, column: Int, byteOffset: Int? = nil, _ message: String) {
        self.init(name, Array(input.utf8), line: line, column: column, byteOffset: byteOffset, message)
    }

    init(_ name: String, _ input: [UInt8], line: Int = 1, column: Int, byteOffset: Int? = nil, _ message: String) {
        self.name = name
        self.input = input
        self.line = line
        self.column = column
        self.byteOffset = byteOffset ?? column - 1
        self.message = message
    }

    var testDescription: String { name }
}

private func utf8(_ parts: [UInt8]...) -> [UInt8] { parts.flatMap { $0 } }
private func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

private let wordHint = "strings must be in double quotes, and the only literals are true, false and null"

@Suite("JSONParser: errors")
struct JSONParserErrorTests {
    static let cases: [JSONSyntaxErrorCase] = [
        .init("empty input", "", column: 1, "unexpected end of input, expected a value"),
        .init("whitespace only", "  \n ", line: 2, column: 2, byteOffset: 4, "unexpected end of input, expected a value"),
        .init("truncated object", #"{"a": 1"#, column: 8, "unexpected end of input inside an object, expected ',' or '}'"),
        .init("truncated object after colon", #"{"a":"#, column: 6, "unexpected end of input, expected a value"),
        .init("truncated object after key", #"{"a""#, column: 5, "unexpected end of input inside an object, expected ':'"),
        .init("truncated object after comma", #"{"a":1,"#, column: 8, "unexpected end of input inside an object, expected a string key"),
        .init("truncated array", "[1, 2", column: 6, "unexpected end of input inside an array, expected ',' or ']'"),
        .init("truncated array after comma", "[1,", column: 4, "unexpected end of input, expected a value"),
        .init("truncated string", #"{"a": "abc"#, column: 7, #"unterminated string: no closing '"' before the end of input"#),
        .init("truncated string after escape", #"["ab\"#, column: 2, #"unterminated string: no closing '"' before the end of input"#),
        .init("truncated escaped string", #"["a\nb"#, column: 2, #"unterminated string: no closing '"' before the end of input"#),
        .init("truncated \\u escape", #"["\u00"#, column: 7, #"unexpected end of input in a \u escape"#),
        .init("trailing comma in object", #"{"a": 1,}"#, column: 8, "trailing comma before '}' in an object"),
        .init("trailing comma in array", "[1, 2,\n]", column: 6, "trailing comma before ']' in an array"),
        .init("missing colon", #"{"a" 1}"#, column: 6, #"unexpected '1', expected ':' after the key "a""#),
        .init("missing comma in object", #"{"a":1 "b":2}"#, column: 8, "unexpected '\"', expected ',' or '}'"),
        .init("missing comma in array", "[1 2]", column: 4, "unexpected '2', expected ',' or ']'"),
        .init("single-quoted key", "{'a': 1}", column: 2, "object keys must be in double quotes, not single quotes"),
        .init("single-quoted string", "['a']", column: 2, "strings must be in double quotes, not single quotes"),
        .init("unquoted key", "{a: 1}", column: 2, "unexpected 'a', expected a string key in double quotes"),
        .init("number key", "{1: 1}", column: 2, "unexpected '1', expected a string key in double quotes"),
        .init("leading zero", #"{"n": 01}"#, column: 7, "invalid number: leading zeros are not allowed"),
        .init("negative leading zero", "-007", column: 1, "invalid number: leading zeros are not allowed"),
        .init("leading plus", "+1", column: 1, "unexpected '+', expected a value"),
        .init("leading dot", "[.5]", column: 2, "unexpected '.', expected a value"),
        .init("trailing dot", "[1.]", column: 4, "invalid number: expected a digit after '.'"),
        .init("empty exponent", "[1e]", column: 4, "invalid number: expected a digit in the exponent"),
        .init("lone minus", "[-]", column: 3, "invalid number: expected a digit after '-'"),
        .init("minus before a word", "[-abc]", column: 2, "invalid number: expected a digit after '-'"),
        .init("-NaN", "[-NaN]", column: 2, "-NaN is not a valid JSON number (JSON has no NaN or Infinity)"),
        .init("NaN", #"{"n": NaN}"#, column: 7, "NaN is not a valid JSON number (JSON has no NaN or Infinity)"),
        .init("Infinity", "[Infinity]", column: 2, "Infinity is not a valid JSON number (JSON has no NaN or Infinity)"),
        .init("-Infinity", "[1, -Infinity]", column: 5, "-Infinity is not a valid JSON number (JSON has no NaN or Infinity)"),
        .init("bare word", #"{"a": yes}"#, column: 7, "unexpected word 'yes': \(wordHint)"),
        .init("bare word starting like a literal", "[nope]", column: 2, "unexpected word 'nope': \(wordHint)"),
        .init("truncated literal", "[tru", column: 2, "unexpected word 'tru': \(wordHint)"),
        .init("literal run into a word", "[truex]", column: 2, "unexpected word 'truex': \(wordHint)"),
        .init("capitalised literal", "True", column: 1, "unexpected word 'True': \(wordHint)"),
        .init(
            "long bare word",
            "[" + String(repeating: "a", count: 50) + "]",
            column: 2,
            "unexpected word '\(String(repeating: "a", count: 40))…': \(wordHint)"
        ),
        .init("duplicate key", "{\"a\": 1,\n  \"a\": 2}", line: 2, column: 3, byteOffset: 11, #"duplicate key "a" in an object"#),
        .init(
            "duplicate key in a large object",
            "{" + (0..<20).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + ",\"k7\":0}",
            column: 162,
            #"duplicate key "k7" in an object"#
        ),
        .init("duplicate key spelt with an escape", #"{"ab":1,"a\u0062":2}"#, column: 9, #"duplicate key "ab" in an object"#),
        .init("overlong UTF-8", utf8(ascii("[\""), [0xC0, 0xAF], ascii("\"]")), column: 3, "invalid UTF-8 byte 0xC0 in a string"),
        .init("truncated UTF-8 sequence", utf8(ascii("[\"ab"), [0xE2, 0x82], ascii("\"]")), column: 5, "invalid UTF-8 byte 0xE2 in a string"),
        .init("0xFF byte", utf8(ascii("[\"é"), [0xFF], ascii("\"]")), column: 5, "invalid UTF-8 byte 0xFF in a string"),
        .init("UTF-8 encoded surrogate", utf8(ascii("[\""), [0xED, 0xA0, 0x80], ascii("\"]")), column: 3, "invalid UTF-8 byte 0xED in a string"),
        .init("invalid UTF-8 after an escape", utf8(ascii(#"["\n"#), [0xFF], ascii("\"]")), column: 5, "invalid UTF-8 byte 0xFF in a string"),
        .init("invalid UTF-8 in a key", utf8(ascii("{\""), [0xFE], ascii("\":1}")), column: 3, "invalid UTF-8 byte 0xFE in a string"),
        .init("invalid UTF-8 outside a string", utf8(ascii("["), [0xFF], ascii("]")), column: 2, "unexpected byte 0xFF, expected a value"),
        .init(
            "lone high surrogate",
            #"["\uD83D"]"#,
            column: 3,
            #"lone high surrogate \uD83D in a string: it must be followed by a low surrogate \uDC00-\uDFFF"#
        ),
        .init(
            "high surrogate followed by text",
            #"["\uD83Dx"]"#,
            column: 3,
            #"lone high surrogate \uD83D in a string: it must be followed by a low surrogate \uDC00-\uDFFF"#
        ),
        .init(
            "high surrogate followed by a non-surrogate escape",
            #"["a\ud83d\u0041"]"#,
            column: 4,
            #"lone high surrogate \uD83D in a string: it must be followed by a low surrogate \uDC00-\uDFFF"#
        ),
        .init(
            "lone low surrogate",
            #"["\uDE00"]"#,
            column: 3,
            #"lone low surrogate \uDE00 in a string: it must follow a high surrogate \uD800-\uDBFF"#
        ),
        .init("raw tab in a string", "[\"a\tb\"]", column: 4, "control character U+0009 in a string must be escaped"),
        .init("raw tab past two words of a string", "[\"aaaaaaaaaaaaaaaaa\tb\"]", column: 20, "control character U+0009 in a string must be escaped"),
        .init("raw NUL in a string", utf8(ascii("[\"a"), [0x00], ascii("\"]")), column: 4, "control character U+0000 in a string must be escaped"),
        .init(
            "raw control after an escape",
            utf8(ascii(#"["\t"#), [0x1F], ascii("\"]")),
            column: 5,
            "control character U+001F in a string must be escaped"
        ),
        .init(
            "raw newline in a string",
            "{\"a\": \"abc,\n  \"b\": 1}",
            column: 12,
            #"control character U+000A in a string must be escaped (is a closing '"' missing?)"#
        ),
        .init("invalid escape", #"["\x41"]"#, column: 3, #"invalid escape '\' followed by 'x' in a string"#),
        .init("invalid hex digit", #"["\u12G4"]"#, column: 7, #"invalid hex digit 'G' in a \u escape (it needs exactly four)"#),
        .init("garbage after the value", #"{"a":1} x"#, column: 9, "unexpected 'x' after the end of the JSON value"),
        .init("extra closing brace", #"{"a":1}}"#, column: 8, "unexpected '}' after the end of the JSON value"),
        .init("second value", "1 2", column: 3, "unexpected '2' after the end of the JSON value"),
        .init("mismatched bracket", #"{"a":[1}"#, column: 8, "unexpected '}', expected ',' or ']'"),
        .init("comment", "{} // note", column: 4, "unexpected '/' after the end of the JSON value"),
        .init("error on a later line", "{\n  \"a\": [1,\n    2,,\n  ]\n}", line: 3, column: 7, byteOffset: 19, "unexpected ',', expected a value"),
    ]

    @Test(arguments: cases)
    func reportsWhereAndWhy(_ errorCase: JSONSyntaxErrorCase) throws {
        let error = try #require(throws: JSONSyntaxError.self) { try JSONParser.parse(errorCase.input) }
        #expect(error.message == errorCase.message)
        #expect(error.line == errorCase.line)
        #expect(error.column == errorCase.column)
        #expect(error.byteOffset == errorCase.byteOffset)
    }

    @Test func refusesOneLevelTooDeepWithAClearMessage() throws {
        let depth = JSONParser.maximumDepth + 1
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let error = try #require(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
        #expect(error.message == "nesting deeper than 512 levels")
        #expect(error.byteOffset == 512)
        #expect(error.column == 513)
    }

    /// Hostile input must be refused at the depth limit, long before the recursion could exhaust a stack.
    @Test(arguments: [("[", 1), (#"{"a":"#, 5)])
    func refusesHundredThousandDeepNestingWithoutOverflowingTheStack(opener: String, width: Int) throws {
        let text = String(repeating: opener, count: 100_000)
        let error = try #require(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
        #expect(error.message == "nesting deeper than 512 levels")
        #expect(error.byteOffset == 512 * width)
        #expect(error.line == 1)
    }

    /// macOS gives secondary threads 512 KiB of stack. Nesting lives on the heap, so parsing (and freeing)
    /// a document at the depth limit fits in half that even in a debug build.
    @Test func maximumDepthFitsInASmallThreadStack() throws {
        let depth = JSONParser.maximumDepth
        let mixed = String(repeating: #"{"a":["#, count: depth / 2) + String(repeating: "]}", count: depth / 2)
        let levels = try runOnThread(stackSize: 256 << 10) {
            guard var value = try? JSONParser.parse(mixed) else { return -1 }
            var levels = 0
            while true {
                if case .object(let object) = value, let next = object["a"] {
                    value = next
                } else if case .array(let elements) = value, let next = elements.first {
                    value = next
                } else {
                    break
                }
                levels += 1
            }
            return levels
        }
        #expect(levels == depth - 1)
    }

    @Test func errorDescriptionNamesTheLineColumnAndByte() throws {
        let error = try #require(throws: JSONSyntaxError.self) { try JSONParser.parse("{\n  \"a\": tru\n}") }
        #expect(error.description == "line 2, column 8 (byte 9): unexpected word 'tru': \(wordHint)")
    }

    @Test func shiftingPlacesAnErrorInALargerStream() {
        let firstLine = JSONSyntaxError(message: "m", line: 1, column: 4, byteOffset: 3)
        #expect(firstLine.shifted(lines: 9, bytes: 100, column: 5) == JSONSyntaxError(message: "m", line: 10, column: 8, byteOffset: 103))
        // On later lines the column is already relative to a line start inside the document.
        let laterLine = JSONSyntaxError(message: "m", line: 3, column: 4, byteOffset: 30)
        #expect(laterLine.shifted(lines: 9, bytes: 100, column: 5) == JSONSyntaxError(message: "m", line: 12, column: 4, byteOffset: 130))
    }
}

@Suite("JSONValue accessors")
struct JSONValueAccessorTests {
    @Test func followsPathsThroughObjectsAndArrays() throws {
        let value = try JSONParser.parse(#"{"alerts":[{"labels":{"severity":"critical"}}],"n":3}"#)
        #expect(value.value(at: ["alerts", "0", "labels", "severity"]) == "critical")
        #expect(value.value(at: ["alerts", "1"]) == nil)
        #expect(value.value(at: ["n", "x"]) == nil)
        #expect(value["alerts"]?[0]?["labels"]?["severity"]?.stringValue == "critical")
        #expect(value["n"]?.scalarText == "3")
        #expect(value["n"]?.numericValue == 3)
    }

    @Test(arguments: [
        ("0.790", 0.79), ("$11,111.00", 11_111), ("€ 12.5", 12.5), ("12.5 €", 12.5), ("-3", -3), ("-$3", -3), ("$-3", -3),
        ("1e3", 1000), ("1,234,567.89", 1_234_567.89), (".5", 0.5), ("\u{00A0}42\u{00A0}", 42),
    ])
    func readsAmounts(text: String, expected: Double) {
        #expect(JSONValue.parseAmount(text) == expected)
        #expect(JSONValue.string(text).numericValue == expected)
    }

    /// Each of these used to be read as a different number (`"1 234,5"` as 12345).
    @Test(arguments: [
        "1 234,5", "12,5", "1 2", "1,2345", ",123", "12.5 USD", "abc", "", "$", "-", "1e", "1-2", "--3", "0x10", "nan", "inf", "1e999",
    ])
    func refusesTextThatIsNotOneAmount(text: String) {
        #expect(JSONValue.parseAmount(text) == nil)
    }

    @Test func numericValueIgnoresNonNumbers() {
        #expect(JSONValue.bool(true).numericValue == nil)
        #expect(JSONValue.null.numericValue == nil)
        #expect(JSONValue.number(JSONNumber(literal: "12345678901234567890")).numericValue == 12_345_678_901_234_567_168)
    }
}

/// Runs `body` on a fresh thread with the given stack size and waits for it.
private func runOnThread(stackSize: Int, _ body: @escaping @Sendable () -> Int) throws -> Int {
    let box = ThreadBox(body)
    // Allocated rather than `pthread_attr_t()` because the type is opaque on some platforms.
    let attributes = UnsafeMutablePointer<pthread_attr_t>.allocate(capacity: 1)
    defer { attributes.deallocate() }
    try #require(pthread_attr_init(attributes) == 0)
    defer { pthread_attr_destroy(attributes) }
    try #require(pthread_attr_setstacksize(attributes, stackSize) == 0)
    var thread = pthread_t()
    let context = Unmanaged.passRetained(box).toOpaque()
    let status = pthread_create(
        &thread,
        attributes,
        { context in
            let box = Unmanaged<ThreadBox>.fromOpaque(context!).takeRetainedValue()
            box.result = box.body()
            return nil
        },
        context
    )
    try #require(status == 0)
    pthread_join(thread, nil)
    return try #require(box.result)
}

/// Hands a closure to a pthread and its result back; the join orders the accesses.
private final class ThreadBox: @unchecked Sendable {
    let body: @Sendable () -> Int
    var result: Int?

    init(_ body: @escaping @Sendable () -> Int) {
        self.body = body
    }
}
