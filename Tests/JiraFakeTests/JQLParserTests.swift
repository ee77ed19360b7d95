import Foundation
import JiraSpec
import Testing

@testable import JiraFake

@Suite("JQL parser")
struct JQLParserTests {
    @Test("Precedence: AND binds tighter than OR; parentheses and NOT")
    func precedence() throws {
        let query = try JQLParser.parse("f1 = 1 OR f2 = 2 AND NOT (f3 = 3 OR f4 = 4) ORDER BY created DESC, key").get()
        guard case .or(let terms) = query.condition else {
            Issue.record("expected OR at the top: \(String(describing: query.condition))")
            return
        }
        #expect(terms.count == 2)
        guard case .and(let right) = terms[1], case .not(.or) = right[1] else {
            Issue.record("expected f2 AND NOT (f3 OR f4): \(terms[1])")
            return
        }
        #expect(query.orderBy.map(\.field) == ["created", "key"])
        #expect(query.orderBy.map(\.descending) == [true, false])
    }

    @Test("Strings decode escapes and keep operators as data")
    func strings() throws {
        // 'it' followed by a stray quote is not JQL.
        #expect((try? JQLParser.parse(#"summary ~ 'it''s'"#).get()) == nil)
        let clean = try JQLParser.parse(#"labels = "a\" OR b = \"c\\d""#).get()
        guard case .clause(let clause) = clean.condition, case .value(let literal) = clause.operand else {
            Issue.record("expected one clause")
            return
        }
        #expect(literal.text == #"a" OR b = "c\d"#)
        #expect(literal.quoted)
    }

    @Test("Symbols: && || ! != !~ <= >=, IN, NOT IN, IS NOT EMPTY, functions, cf[n]")
    func symbols() throws {
        let query = try JQLParser.parse(
            "cf[10050] != x && (labels in (x1, \"y z\") || labels not in (w1)) && !summary !~ y && resolutiondate <= -1d && reporter = currentUser() && assignee is not EMPTY"
        ).get()
        guard case .and(let terms) = query.condition else {
            Issue.record("expected AND")
            return
        }
        #expect(terms.count == 6)
        guard case .clause(let first) = terms[0], case .clause(let last) = terms[5] else {
            Issue.record("expected clauses")
            return
        }
        #expect(first.field == "cf[10050]")
        #expect(first.op == "!=")
        #expect(last.op == "is not")
        #expect(last.operand == .empty)
    }

    @Test("Empty query and ORDER BY only")
    func empty() throws {
        #expect(try JQLParser.parse("").get() == JQLQuery(condition: nil, orderBy: []))
        #expect(try JQLParser.parse("order by created").get().condition == nil)
    }

    @Test("Periods and dates")
    func dates() {
        #expect(JiraTime.parsePeriod("-24h") == -86_400)
        #expect(JiraTime.parsePeriod("-30m") == -1800)
        #expect(JiraTime.parsePeriod("4w 2d") == TimeInterval(30 * 86_400))
        #expect(JiraTime.parsePeriod("24") == nil)
        #expect(JiraTime.parseJQLDate("2026-11-23 13:00")?.timeIntervalSince1970 == 1_795_438_800)
        #expect(JiraTime.parseJQLDate("2026/11/23")?.timeIntervalSince1970 == 1_795_392_000)
        #expect(JiraTime.parseDate("2026-02-30") == nil)
        #expect(JiraTime.format(JiraTime.parseJQLDate("2026-11-23 13:00")!) == "2026-11-23T13:00:00.000+0000")
    }
}
