import JSON
import Testing

@Suite("JSONWriter")
struct JSONWriterTests {
    /// Compact input with verbatim numbers and kept key order comes back byte for byte.
    @Test(arguments: [
        #"{"a":[1,2.50,-0,1e3,1E-7,12345678901234567890],"b":{"c":null,"d":true,"e":false},"z":"x\"y"}"#,
        #"[]"#,
        #"{}"#,
        #"[[],{},[{}],""]"#,
        #""just a string""#,
        #"0.47"#,
        #"{"z":1,"a":2,"m":{"y":[true,false,null]}}"#,
        #"{"k\n\"":"tab\there","emoji":"😀","amp":"&","nul":"\u0000"}"#,
    ])
    func writesCompactInputBackUnchanged(text: String) throws {
        let value = try JSONParser.parse(text)
        #expect(value.jsonString == text)
    }

    @Test(arguments: [
        "{\n  \"escapes\": \"\\u0026 \\uD83D\\uDE00 \\/ \\b\\f\"\n}",
        #"{"numbers":[0,-0,0.47,1e3,286919713412,-1.5e-7]}"#,
        #"[{"nested":{"deeper":{"deepest":[1,[2,[3]]]}}}]"#,
        "  [ 1 ,\t2 ]  ",
    ])
    func roundTripsThroughParseWriteParse(text: String) throws {
        let value = try JSONParser.parse(text)
        #expect(try JSONParser.parse(value.jsonString) == value)
        #expect(try JSONParser.parse(value.prettyJSONString) == value)
    }

    /// Random values with awkward strings exercise every escape against the parser.
    @Test func roundTripsRandomValues() throws {
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<300 {
            let value = randomValue(depth: 0, using: &generator)
            let compact = value.jsonString
            let reparsed = try JSONParser.parse(compact)
            #expect(reparsed == value)
            #expect(reparsed.jsonString == compact)
            #expect(try JSONParser.parse(value.prettyJSONString) == value)
        }
    }

    @Test func escapesQuotesBackslashesAndControlCharactersOnly() {
        let string = "a\"b\\c/d\u{1}e\n\r\t\u{8}\u{C}\u{1F}\u{0}\u{7F}é😀\u{2028}"
        let expected = #""a\"b\\c/d\u0001e\n\r\t\b\f\u001f\u0000"# + "\u{7F}é😀\u{2028}\""
        #expect(JSONValue.string(string).jsonString == expected)
    }

    /// The writer and the parser test eight bytes at a time; a special byte must be found in every
    /// lane of a word and in the tail after the last whole word.
    @Test(arguments: ["\"", "\\", "\n", "\u{1}", "\u{1F}", "\u{7F}", "é", " "])
    func findsASpecialByteAtEveryOffsetOfAWord(special: String) throws {
        for length in [7, 8, 9, 16, 23, 24, 25] {
            for position in 0..<length {
                let string = String(repeating: "a", count: position) + special + String(repeating: "b", count: length - position - 1)
                var expected = "\""
                for scalar in string.unicodeScalars {
                    switch scalar {
                    case "\"": expected += #"\""#
                    case "\\": expected += #"\\"#
                    case "\n": expected += #"\n"#
                    case "\u{1}": expected += #"\u0001"#
                    case "\u{1F}": expected += #"\u001f"#
                    default: expected.unicodeScalars.append(scalar)
                    }
                }
                expected += "\""
                #expect(JSONValue.string(string).jsonString == expected, "\(length) bytes, special at \(position)")
                #expect(try JSONParser.parse(expected) == .string(string), "\(length) bytes, special at \(position)")
            }
        }
    }

    @Test func escapesKeysLikeStrings() {
        let value: JSONValue = ["line\nbreak \"quoted\"": "v"]
        #expect(value.jsonString == #"{"line\nbreak \"quoted\"":"v"}"#)
    }

    @Test func appendsToTheCallersBuffer() {
        var output = Array("prefix ".utf8)
        JSONWriter.write(["a": [1, "b"]], into: &output)
        JSONWriter.writeString("tail", into: &output)
        #expect(String(decoding: output, as: UTF8.self) == #"prefix {"a":[1,"b"]}"tail""#)
    }

    @Test func prettyPrintsWithTwoSpaceIndentation() throws {
        let value = try JSONParser.parse(#"{"a":1,"b":[true,null],"c":{},"d":[],"e":{"f":"g","h":[{"i":"j"}]}}"#)
        let expected = """
            {
              "a": 1,
              "b": [
                true,
                null
              ],
              "c": {},
              "d": [],
              "e": {
                "f": "g",
                "h": [
                  {
                    "i": "j"
                  }
                ]
              }
            }
            """
        #expect(value.prettyJSONString == expected)
    }

    @Test func prettyPrintsScalarsAndEmptyContainersOnOneLine() {
        #expect(JSONValue.array([]).prettyJSONString == "[]")
        #expect(JSONValue.object(JSONObject()).prettyJSONString == "{}")
        #expect(JSONValue.string("a\nb").prettyJSONString == #""a\nb""#)
        #expect(JSONValue.null.prettyJSONString == "null")
    }

    @Test func prettyPrintsFromAStartingIndent() {
        var output: [UInt8] = []
        JSONWriter.writePretty(["a": [1]], indent: 1, into: &output)
        #expect(String(decoding: output, as: UTF8.self) == "{\n    \"a\": [\n      1\n    ]\n  }")
    }

    @Test(arguments: [
        (3.0, "3"), (-0.0, "0"), (0.1, "0.1"), (-2.5, "-2.5"), (123_456_789_012_345.0, "123456789012345"),
        (1e15, "1000000000000000.0"), (1e20, "1e+20"), (1e-7, "1e-07"),
        (Double.nan, "null"), (Double.infinity, "null"), (-Double.infinity, "null"),
    ])
    func writesDoublesAsValidJSON(value: Double, expected: String) throws {
        let number = JSONNumber(value)
        #expect(number.text == expected)
        // Whatever the double, the output must be JSON the strict parser accepts.
        #expect(throws: Never.self) { try JSONParser.parse(JSONValue.number(number).jsonString) }
    }

    @Test func writesIntegersAndLiterals() {
        #expect(JSONNumber(42).text == "42")
        #expect(JSONNumber(-7).text == "-7")
        let value: JSONValue = [1, 2.5, true, nil, "s"]
        #expect(value.jsonString == #"[1,2.5,true,null,"s"]"#)
    }
}

/// A small deterministic generator so random round trips fail the same way every run.
private struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

private let awkwardScalars: [Unicode.Scalar] = [
    "a", "Z", "0", " ", "\"", "\\", "/", "\u{0}", "\u{1}", "\u{8}", "\u{9}", "\u{A}", "\u{C}", "\u{D}", "\u{1F}", "\u{7F}",
    "é", "ß", "日", "😀", "\u{2028}", "\u{FEFF}", "\u{FFFF}", "\u{10FFFF}",
]

private let numberLiterals = ["0", "-0", "1", "-1", "0.47", "1e3", "1E+3", "-1.5e-7", "286919713412", "12345678901234567890"]

private func randomString(using generator: inout SplitMix64) -> String {
    var string = ""
    for _ in 0..<Int.random(in: 0...8, using: &generator) {
        string.unicodeScalars.append(awkwardScalars.randomElement(using: &generator)!)
    }
    return string
}

private func randomValue(depth: Int, using generator: inout SplitMix64) -> JSONValue {
    let kind = Int.random(in: 0..<(depth < 4 ? 7 : 5), using: &generator)
    switch kind {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &generator))
    case 2: return .number(JSONNumber(literal: numberLiterals.randomElement(using: &generator)!))
    case 3, 4: return .string(randomString(using: &generator))
    case 5:
        return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
    default:
        var object = JSONObject()
        for _ in 0..<Int.random(in: 0...4, using: &generator) {
            object[randomString(using: &generator)] = randomValue(depth: depth + 1, using: &generator)
        }
        return .object(object)
    }
}
