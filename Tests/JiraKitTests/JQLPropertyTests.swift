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

    @Test func escapesAreJiras() {
        #expect(JQL.string("a\"b\\c\nd\re\tf\u{1}g\u{FFFD}") == #""a\"b\\c\nd\re\tf\u0001g\#u{FFFD}""#)
        #expect(JQL.list(["x", "y\""]) == #"("x", "y\"")"#)
    }
}
