import Testing
@testable import SeedbedDomain

@Suite("Rule dates")
struct RuleDateTests {
    @Test("ISO dates round-trip through day numbers", arguments: ["1970-01-01", "2000-02-29", "2026-04-01", "0001-01-01", "9999-12-31"])
    func roundTrip(text: String) throws {
        let date = try RuleDate(iso: text)
        #expect(date.description == text)
        #expect(RuleDate(daysSince1970: date.daysSince1970) == date)
    }

    @Test("impossible dates are refused in Chinese", arguments: ["2025-02-29", "2025-13-01", "2025-1-1", "明天", ""])
    func invalid(text: String) {
        #expect(throws: RuleError.invalidDate(text)) { try RuleDate(iso: text) }
        #expect(RuleError.invalidDate(text).errorDescription?.contains("日期") == true)
    }

    @Test("age reaches N exactly on the N-th anniversary", arguments: [
        ("2022-06-30", "2025-06-30", 3.0), ("2022-07-01", "2025-06-30", 2.997), ("2024-02-29", "2025-02-28", 1.0),
        ("2025-06-30", "2025-06-30", 0.0),
    ])
    func anniversaries(start: String, end: String, expected: Double) throws {
        let years = RuleDate.yearsBetween(try RuleDate(iso: start).daysSince1970, try RuleDate(iso: end).daysSince1970)
        #expect(abs(years - expected) < 0.001)
        if expected == expected.rounded() { #expect(years == expected) }
    }

    @Test("adding years keeps the day, turning 29 February into 28 February")
    func addingYears() throws {
        #expect(try RuleDate(iso: "2024-02-29").addingYears(-1).description == "2023-02-28")
        #expect(try RuleDate(iso: "2025-06-30").addingYears(-2).description == "2023-06-30")
    }
}
