import Testing
@testable import SeedbedDomain

@Suite("First qualifying year")
struct FirstQualifyingYearTests {
    /// Three enterprises over 2019–2024: one qualifying in 2021 and again in 2024, one only in 2024, one never.
    static func input() -> EvaluationInput {
        let revenues: [[Double]] = [
            [1000, 1200, 1440, 1500, 1800, 2160],
            [1000, 1000, 1000, 1000, 1250, 1600],
            [1000, 1100, 1200, 1300, 1400, 1500],
        ]
        var history = FactHistory(count: 3)
        for (index, year) in (2019...2024).enumerated() {
            var frame = FactFrame(count: 3)
            frame.setColumn(.revenue, revenues.map { $0[index] })
            history.setFrame(frame, for: year)
        }
        var profile = EnterpriseProfileColumns(count: 3)
        profile.setRegistrationDays([Double](repeating: Double(RulesFixture.day(2010, 1, 1).daysSince1970), count: 3))
        return EvaluationInput(history: history, profile: profile, year: 2024, date: RulesFixture.date)
    }

    @Test("the first year within the history each enterprise met every condition")
    func columnar() throws {
        let outcome = try LibraryEvaluator.evaluate(.highGrowth, input: Self.input())
        #expect(outcome.firstQualifyingYear == [2021, 2024, 0])
        #expect(outcome.membership == [RuleStatus.met.rawValue, RuleStatus.met.rawValue, RuleStatus.notMet.rawValue])
    }

    @Test("the explanation carries the first qualifying year, or none")
    func explained() throws {
        let input = Self.input()
        let outcome = try LibraryEvaluator.evaluate(.highGrowth, input: input)
        let first = try LibraryEvaluator.explain(outcome, library: .highGrowth, input: input, slot: 0)
        let never = try LibraryEvaluator.explain(outcome, library: .highGrowth, input: input, slot: 2)
        #expect(first.firstQualifyingYear == 2021)
        #expect(never.firstQualifyingYear == nil)
    }

    @Test("a stricter query changes the first qualifying year for that query only")
    func withOverride() throws {
        let strict = try LibraryEvaluator.evaluate(.highGrowth, input: Self.input(), overrides: ["hg_years": 3])
        #expect(strict.firstQualifyingYear == [0, 0, 0])
        #expect(try LibraryEvaluator.evaluate(.highGrowth, input: Self.input()).firstQualifyingYear == [2021, 2024, 0])
    }

    @Test("libraries that do not track it leave it out")
    func untracked() throws {
        #expect(try LibraryEvaluator.evaluate(.incubation, input: Self.input()).firstQualifyingYear == nil)
    }
}
