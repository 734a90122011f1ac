import Testing
@testable import SeedbedDomain
import SyntheticData

/// The server keeps only the facts `LibraryFactNeeds` names (a platform-wide load of every column would not fit
/// in memory at a million enterprises): every library must judge and explain every enterprise exactly as over
/// all facts.
@Suite("Library fact needs")
struct LibraryFactNeedsTests {
    static let date = RulesFixture.date
    static let year = 2024
    /// As the server: the longest look-back of any library.
    static let window = 9

    /// Ten years of generated facts, every filed column present.
    static let generated = LibraryDataGenerator(enterprises: 240, years: 2015...2024, seed: 17).generate(asOf: date)

    /// `history` restricted to the years from `year − lookback`.
    static func restricted(_ history: FactHistory, lookback: Int) -> FactHistory {
        var result = FactHistory(count: history.count)
        for year in history.years where year >= Self.year - lookback { result.setFrame(history.frame(year), for: year) }
        return result
    }

    @Test("every library judges and explains each enterprise over the kept facts as over all of them",
          arguments: LibraryCatalog.standard.libraries)
    func prunedFactsGiveTheSameVerdicts(library: RuleLibrary) throws {
        let (history, profile) = Self.generated
        let lookback = library.tracksFirstQualifyingYear ? 9 : 5
        // What a scoped load of every column did before: the library's own years, derived facts over them.
        let full = EvaluationInput(history: Self.restricted(history, lookback: lookback), profile: profile,
                                   year: Self.year, date: Self.date)
        // What the platform-wide load keeps: the wanted columns of the whole window, derived once.
        let libraries = LibraryCatalog.standard.libraries
        let wanted = LibraryFactNeeds.factsByYear(libraries, year: Self.year, window: Self.window)
        var pruned = FactHistory(count: history.count)
        for year in history.years {
            guard let facts = wanted[year] else { continue }
            var frame = FactFrame(count: history.count)
            for fact in facts { frame.setColumn(fact, history.frame(year).values(fact)) }
            pruned.setFrame(frame, for: year)
        }
        let prepared = LibraryFactNeeds.deriving(pruned, libraries, year: Self.year, window: Self.window)
        let kept = EvaluationInput(history: Self.restricted(prepared, lookback: lookback), profile: profile,
                                   year: Self.year, date: Self.date, deriving: false)
        let expected = try LibraryEvaluator.evaluate(library, input: full)
        let actual = try LibraryEvaluator.evaluate(library, input: kept)
        #expect(expected.membership == actual.membership)
        #expect(expected.firstQualifyingYear == actual.firstQualifyingYear)
        var statuses = Set<UInt8>()
        for slot in 0..<history.count {
            let before = try LibraryEvaluator.explain(expected, library: library, input: full, slot: slot)
            let after = try LibraryEvaluator.explain(actual, library: library, input: kept, slot: slot)
            #expect(before == after, "slot \(slot)")
            statuses.insert(expected.membership[slot])
        }
        #expect(statuses.count >= 2, "the generated crowd exercises more than one verdict")
    }

    @Test("far fewer columns than every fact of every year")
    func keepsFewColumns() {
        let wanted = LibraryFactNeeds.factsByYear(LibraryCatalog.standard.libraries, year: Self.year, window: Self.window)
        let kept = wanted.values.reduce(0) { $0 + $1.count }
        let every = (Self.window + 1) * LibraryDataGenerator.facts.count
        #expect(wanted.count == Self.window + 1)
        #expect(kept * 2 < every, "\(kept) of \(every) year-columns")
    }
}
