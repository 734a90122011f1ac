import Testing
@testable import SeedbedDomain
import SyntheticData

@Suite("方案对比（what-if）")
struct ScoreComparisonTests {
    @Test("调整权重前后：统计升降榜单的企业数，并给出升降最多的企业")
    func countsMovesAndTopMovers() throws {
        let input = try SyntheticScoring(enterprises: 3000, seed: 21).generate()
        let before = try ScoringFixtures.score(SyntheticScoring.scheme, input)
        var draft = SyntheticScoring.scheme
        draft.version = 2
        // Move 10 points in every stage from R&D expense to revenue growth.
        draft.indicators[0].weights = draft.indicators[0].weights.mapValues { $0 - 2 }
        draft.indicators[11].weights = draft.indicators[11].weights.mapValues { $0 + 2 }
        let after = try ScoringFixtures.score(draft, input)
        let comparison = try ScoreComparison(before: before, after: after)

        func standing(_ result: ScoringResult, _ slot: Int) -> Int {
            result.listIndices[slot] < 0 ? Int.max : Int(result.listIndices[slot])
        }
        let up = (0..<3000).filter { standing(after, $0) < standing(before, $0) }.count
        let down = (0..<3000).filter { standing(after, $0) > standing(before, $0) }.count
        #expect(comparison.movedUp == up)
        #expect(comparison.movedDown == down)
        #expect(comparison.movedTiers == up + down)
        #expect(up > 0)
        #expect(down > 0)
        #expect(comparison.transitions.flatMap { $0 }.reduce(0, +) == 3000)

        let risers = comparison.topRisers(limit: 5)
        #expect(risers.count == 5)
        #expect(risers.map(\.change) == risers.map(\.change).sorted(by: >))
        let largestRise = (0..<3000).map { after.totals[$0] - before.totals[$0] }.max()
        #expect(risers.first?.change == largestRise)
        let fallers = comparison.topFallers(limit: 5)
        #expect(fallers.allSatisfy { $0.change < 0 })
        #expect(fallers.map(\.change) == fallers.map(\.change).sorted())
        #expect(fallers.first.map { $0.totalAfter - $0.totalBefore } == fallers.first?.change)
    }

    @Test("同一方案两次计算：没有企业变动")
    func identicalRunsHaveNoMoves() throws {
        let input = try SyntheticScoring(enterprises: 500, seed: 2).generate()
        let result = try ScoringFixtures.score(SyntheticScoring.scheme, input)
        let comparison = try ScoreComparison(before: result, after: result)
        #expect(comparison.movedTiers == 0)
        #expect(comparison.gainedLine == 0)
        #expect(comparison.topRisers().isEmpty)
        #expect(comparison.topFallers().isEmpty)
    }

    @Test("企业数不同的两次结果不能对比")
    func mismatchedResultsAreRefused() throws {
        let scheme = SyntheticScoring.scheme
        let small = try ScoringFixtures.score(scheme, try SyntheticScoring(enterprises: 10, seed: 1).generate())
        let large = try ScoringFixtures.score(scheme, try SyntheticScoring(enterprises: 20, seed: 1).generate())
        #expect(throws: ScoringError.comparisonMismatch(before: 10, after: 20)) {
            try ScoreComparison(before: small, after: large)
        }
    }
}
