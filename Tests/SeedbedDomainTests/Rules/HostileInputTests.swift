import Foundation
import Testing
@testable import SeedbedDomain

/// Inputs a server might pass through from users or JSON: none may trap.
@Suite("Hostile inputs")
struct HostileInputTests {
    @Test("wild years, counts and codes evaluate without trapping")
    func wildValues() throws {
        var history = FactHistory(count: 2)
        for year in [Int.min, -5, 2024, Int.max] {
            var frame = FactFrame(count: 2)
            frame.setColumn(.revenue, [1e308, -.infinity])
            frame.setColumn(.rdInstitutionsNational, [1e300, .nan])
            history.setFrame(frame, for: year)
        }
        var profile = EnterpriseProfileColumns(count: 5)
        profile.setRegistrationDays([-1e18, 1e18, .nan])
        for year in [Int.min, 0, 2024, Int.max] {
            let input = EvaluationInput(history: history, profile: profile, year: year, date: RulesFixture.date)
            for library in LibraryCatalog.standard.libraries {
                let outcome = try LibraryEvaluator.evaluate(library, input: input)
                #expect(outcome.membership.count == 2)
                _ = try LibraryEvaluator.explain(outcome, library: library, input: input, slot: 1)
            }
        }
        let raw = EvaluationInput(history: history, profile: profile, year: 2024, date: RulesFixture.date, deriving: false)
        _ = SpecializedSMEEvaluator.evaluate(FactWindow(input: raw, slot: 0), rules: .v2022, inputs: SpecializedSMEInputs(),
                                             features: .standard)
    }

    @Test("a definition loaded from JSON with extreme numbers is refused or evaluated, never trapped")
    func extremeDefinition() throws {
        var library = RuleLibrary.highGrowth
        library.conditions[0].parameters[0].maximum = 1e300
        library.conditions[0].measure = .sustainedGrowth(.revenue, yearsParameter: "hg_years")
        let input = EvaluationInput(enterprise: RulesFixture.growing, profile: RulesFixture.profile, year: 2024,
                                    date: RulesFixture.date)
        let outcome = try LibraryEvaluator.evaluate(library, input: input, overrides: ["hg_years": 1e15])
        #expect(outcome.membership == [RuleStatus.unknown.rawValue])
        var choice = RuleLibrary.leadingEnterprise
        #expect(throws: RuleError.self) { try choice.resolve(overrides: ["lead_title": 1e300]) }
        choice.conditions[0].measure = .pooledShare(.rdExpense, of: .revenue, years: Int.max)
        _ = try LibraryEvaluator.evaluate(choice, input: input)
    }

    @Test("an outcome explained with another library is refused")
    func mismatchedExplanation() throws {
        let input = EvaluationInput(enterprise: RulesFixture.growing, profile: RulesFixture.profile, year: 2024,
                                    date: RulesFixture.date)
        let outcome = try LibraryEvaluator.evaluate(.incubation, input: input)
        #expect(throws: RuleError.self) { try LibraryEvaluator.explain(outcome, library: .hightechReserve, input: input, slot: 0) }
        #expect(throws: RuleError.self) { try LibraryEvaluator.explain(outcome, library: .incubation, input: input, slot: 1) }
    }
}
