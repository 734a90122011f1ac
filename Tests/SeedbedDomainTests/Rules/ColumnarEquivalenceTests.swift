import Testing
@testable import SeedbedDomain
import SyntheticData

@Suite("Columnar and single-enterprise evaluation")
struct ColumnarEquivalenceTests {
    static let date = RulesFixture.date

    @Test("every library gives each enterprise the same result alone as in a generated crowd",
          arguments: LibraryCatalog.standard.libraries)
    func sameResult(library: RuleLibrary) throws {
        let (history, profiles) = LibraryDataGenerator(enterprises: 300, seed: 42).generate(asOf: Self.date)
        let input = EvaluationInput(history: history, profile: profiles, year: 2024, date: Self.date)
        let outcome = try LibraryEvaluator.evaluate(library, input: input)
        #expect(outcome.membership.count == 300)
        var statuses = Set<UInt8>()
        for slot in 0..<history.count {
            let alone = try LibraryEvaluator.explain(library, enterprise: EnterpriseFacts(slot: slot, of: history),
                                                     profile: profiles.profile(at: slot), year: 2024, date: Self.date)
            let crowd = try LibraryEvaluator.explain(outcome, library: library, input: input, slot: slot)
            #expect(alone == crowd, "slot \(slot)")
            statuses.insert(outcome.membership[slot])
        }
        // The generated crowd exercises more than one outcome per library.
        #expect(statuses.count >= 2)
    }

    @Test("the pre-screen verdict of one enterprise equals its score in the columnar 高企后备库")
    func scoresAgree() throws {
        let (history, profiles) = LibraryDataGenerator(enterprises: 120, seed: 9).generate(asOf: Self.date)
        let input = EvaluationInput(history: history, profile: profiles, year: 2024, date: Self.date)
        let hightech = try LibraryEvaluator.evaluate(.hightechReserve, input: input)
        let techSME = try LibraryEvaluator.evaluate(.techSMEReserve, input: input)
        let innovation = try #require(hightech.condition("innovation_score"))
        let score = try #require(techSME.condition("score"))
        for slot in 0..<history.count {
            let facts = EnterpriseFacts(slot: slot, of: history)
            let profile = profiles.profile(at: slot)
            let prescreen = try HightechPrescreen.evaluate(enterprise: facts, profile: profile, year: 2024, date: Self.date)
            #expect(prescreen.total == innovation.value[slot])
            #expect(prescreen.possibleTotal == innovation.upperValue?[slot])
            #expect(prescreen.status == hightech.status(at: slot))
            let tsme = try TechSMEEvaluator.evaluate(enterprise: facts, profile: profile, year: 2024, date: Self.date)
            #expect(tsme.total == score.value[slot])
            #expect(tsme.status == techSME.status(at: slot))
        }
    }

    @Test("the generator is deterministic and leaves some data missing")
    func generator() {
        let a = LibraryDataGenerator(enterprises: 200, seed: 3).generate(asOf: Self.date)
        let b = LibraryDataGenerator(enterprises: 200, seed: 3).generate(asOf: Self.date)
        let revenueA = a.history.frame(2024).values(.revenue)
        let revenueB = b.history.frame(2024).values(.revenue)
        #expect(zip(revenueA, revenueB).allSatisfy { RulesFixture.sameNumber($0, $1) })
        #expect(revenueA.contains { $0.isNaN })
        #expect(revenueA.contains { !$0.isNaN })
        #expect(a.profile.techField.contains(-1))
    }
}
