import InvariantChecks
import JiraKit
import JiraSpec
import NastyStrings
import PropertyBased
import Testing

/// A JQL string literal always reads back as exactly the text it was made of, so no alert text can change a
/// search.
@Suite struct JQLPropertyTests {
    @Test func literalRoundTripsAsData() async {
        await propertyCheck(count: 1_000, input: NastyStrings.longStrings) { text in
            let literal = JQL.string(text)
            #expect(JQLStringLiteral.parse(literal) == .success(text), "\(text.debugDescription) → \(literal.debugDescription)")
        }
    }

    @Test func listHoldsOneLiteralPerValue() async {
        await propertyCheck(count: 300, input: NastyStrings.strings.array(of: 0...6)) { values in
            let list = JQL.list(values)
            #expect(JQLStringLiteral.parseList(list) == .success(values), "\(list.debugDescription)")
        }
    }

    /// Found by fuzzing: control characters went into the literal raw, and Jira's lexer refuses them.
    @Test(arguments: [
        "\u{0}", "a\u{1}b", "\u{1F}", "\u{7F}", "\u{85}", "\u{9F}", String(Unicode.Scalar(0xFDD0)!), String(Unicode.Scalar(0xFDEF)!),
        String(Unicode.Scalar(0xFFFE)!),
    ])
    func controlCharactersAreEscaped(text: String) {
        let literal = JQL.string(text)
        #expect(!literal.unicodeScalars.contains(where: JQLStringLiteral.isRefused), "\(literal.debugDescription)")
        #expect(JQLStringLiteral.parse(literal) == .success(text))
    }

    /// Found by fuzzing: `customfield_` followed by digits other than 0–9 (`٣`, `½`) was taken for a custom field's
    /// id and written `cf[٣]`, which Jira's lexer refuses. Only an id Jira could have becomes `cf[N]`.
    @Test(arguments: ["customfield_\u{663}", "customfield_½", "customfield_\u{FF11}\u{FF12}"])
    func otherDigitsNameAFieldNotACustomFieldID(field: String) throws {
        let tokens = try JQLLexer.tokenize(JQL.text(field: field, containsAnyOf: ["x"])).get()
        #expect(tokens.map(\.kind) == [.leftParen, .string, .comparison, .string, .rightParen, .end])
        #expect(tokens[1].text == field)
    }

    @Test func customFieldIDsAreCfReferences() {
        #expect(JQL.text(field: "customfield_10050", containsAnyOf: ["a", "b"]) == #"(cf[10050] ~ "a" OR cf[10050] ~ "b")"#)
    }

    @Test func escapesAreJiras() {
        #expect(JQL.string("a\"b\\c\nd\re\tf\u{1}g\u{FFFD}") == #""a\"b\\c\nd\re\tf\u0001g\#u{FFFD}""#)
        #expect(JQL.list(["x", "y\""]) == #"("x", "y\"")"#)
    }
}
