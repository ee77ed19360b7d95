import JiraSpec
import Testing

/// JiraSpec's own JSON reader: strict where Jira's Jackson is, so the fake refuses what Jira refuses.
struct SpecJSONTests {
    @Test func readsObjectsInOrderWithNumbersAsWritten() throws {
        let value = try SpecJSON.parse(#"{"b": [1, 2.50, -3e2], "a": {"x": null, "y": true}, "s": "é\u00e9\ud83d\udd25\n"}"#)
        #expect(value.objectValue?.keys == ["b", "a", "s"])
        #expect(value["b"]?.arrayValue?.compactMap { $0.scalarText } == ["1", "2.50", "-3e2"])
        #expect(value["a"]?["x"] == .null)
        #expect(value["a"]?["y"]?.boolValue == true)
        #expect(value["s"]?.stringValue == "éé🔥\n")
    }

    @Test func writesWhatItReads() throws {
        let text = #"{"key":"a\"b\\c\n\u0001","list":[1,true,null,{}],"n":10050}"#
        #expect(try SpecJSON.parse(text).jsonString == text)
    }

    @Test(arguments: [
        "{\"a\": 1,}", "[1,]", "01", "{'a': 1}", "\"tab\there\"", "[1] 2", "{\"a\" 1}", "nul", "-", "1.", "1e", "\"\\x\"", "",
    ])
    func refusesWhatJacksonRefuses(text: String) {
        #expect(throws: SpecJSONError.self) { try SpecJSON.parse(text) }
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: SpecJSONError.self) { try SpecJSON.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: SpecJSONError.self) { try SpecJSON.parse([0x22, 0xED, 0xA0, 0x80, 0x22]) }
    }

    @Test func aLoneSurrogateEscapeReadsAsTheReplacementCharacter() throws {
        #expect(try SpecJSON.parse(#""\ud800x""#).stringValue == "\u{FFFD}x")
    }

    @Test func aRepeatedKeyKeepsItsLastValue() throws {
        #expect(try SpecJSON.parse(#"{"a": 1, "a": 2}"#)["a"]?.scalarText == "2")
    }

    @Test func deepDocumentsAreRefusedNotOverflowed() {
        let deep = String(repeating: "[", count: SpecJSON.maximumDepth + 1) + String(repeating: "]", count: SpecJSON.maximumDepth + 1)
        #expect(throws: SpecJSONError.self) { try SpecJSON.parse(deep) }
    }
}

/// JQL lexing as Jira's JqlLexer does it, shared by the fake's parser and the checks of our quoting.
struct JQLLexerTests {
    @Test func quotedStringsAreDecodedAndNeverSyntax() throws {
        let tokens = try JQLLexer.tokenize(#"labels = "a\" OR project = X" AND cf[10050] ~ 'x\u0041'"#).get()
        #expect(tokens.map(\.kind) == [.word, .comparison, .string, .word, .word, .comparison, .string, .end])
        #expect(tokens[2].text == #"a" OR project = X"#)
        #expect(tokens[4].text == "cf[10050]")
        #expect(tokens[6].text == "xA")
    }

    @Test func rawControlCharactersInAStringAreRefused() {
        #expect(throws: JQLError.self) { try JQLLexer.tokenize("labels = \"a\u{1}b\"").get() }
        #expect(throws: JQLError.self) { try JQLLexer.tokenize("labels = \"a\u{85}b\"").get() }
        #expect((try? JQLLexer.tokenize("labels = \"a\nb\"").get()) != nil)
    }

    @Test func reservedCharactersOutsideQuotesAreRefusedWithJirasEscape() {
        guard case .failure(let error) = JQLLexer.tokenize("labels = a+b") else {
            Issue.record("a+b was accepted")
            return
        }
        #expect(error.messages.first?.contains("use the escape '\\u002b'") == true)
    }

    @Test func literalsAndListsReadBack() {
        #expect(JQLStringLiteral.parse(#""a\"b""#) == .success(#"a"b"#))
        #expect(JQLStringLiteral.parseList(#"("a", "b")"#) == .success(["a", "b"]))
        #expect(JQLStringLiteral.parseList(#"("a", )"#) != .success(["a"]))
    }
}
