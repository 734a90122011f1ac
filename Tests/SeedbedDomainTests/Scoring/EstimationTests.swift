import Foundation
import Testing
@testable import SeedbedDomain
import SyntheticData

@Suite("测分与提分建议")
struct EstimationTests {
    private let scheme = SyntheticScoring.scheme

    /// Facts of one slot of an input, keyed by fact.
    private func facts(of input: ScoringInput, slot: Int) -> [FactID: Double] {
        var facts: [FactID: Double] = [:]
        for indicator in scheme.indicators { facts[indicator.fact] = input.frame.values(indicator.fact)[slot] }
        return facts
    }

    /// The input without slot `removed`.
    private func without(_ input: ScoringInput, slot removed: Int) -> ScoringInput {
        var frame = FactFrame(count: input.count - 1)
        for indicator in scheme.indicators {
            var column = input.frame.values(indicator.fact)
            column.remove(at: removed)
            frame.setColumn(indicator.fact, column)
        }
        var cohorts = input.cohorts
        cohorts.remove(at: removed)
        var stages = input.stages
        stages.remove(at: removed)
        return ScoringInput(frame: frame, cohorts: cohorts, cohortCount: input.cohortCount, stages: stages)
    }

    @Test("测分结果等于该企业在分布固定时计算所得：分项与总分逐位相同", arguments: [0, 17, 401, 999])
    func estimateEqualsScoreWithFixedDistribution(slot: Int) throws {
        let full = try SyntheticScoring(enterprises: 1000, seed: 9).generate()
        let scored = try ScoringFixtures.score(scheme, full)
        let published = try ScoringFixtures.score(scheme, without(full, slot: slot))
        let cohort = Int(full.cohorts[slot])
        let distribution = try published.distribution(ofCohort: cohort)
        let stage = scheme.stages[Int(full.stages[slot])]
        let estimate = try distribution.estimate(facts: facts(of: full, slot: slot), stage: stage)
        let actual = try #require(scored.breakdown(ofSlot: slot))
        #expect(estimate.items == actual.items)
        #expect(estimate.total.bitPattern == actual.total.bitPattern)
        #expect(estimate.isEstimate)
        #expect(estimate.cohortSize == published.cohortSize(cohort) + 1)
        let higher = distribution.sortedTotals.filter { $0 > estimate.total }.count
        #expect(estimate.rank == higher + 1)
    }

    @Test("测分不改变任何已发布企业的得分")
    func estimateMovesNoOne() throws {
        let input = try SyntheticScoring(enterprises: 20000, seed: 4).generate()
        let published = try ScoringFixtures.score(scheme, input)
        let before = published.totals
        let distribution = try published.distribution(ofCohort: 3)
        let copy = distribution
        let bestFacts = Dictionary(uniqueKeysWithValues: scheme.indicators.map {
            ($0.fact, $0.direction == .lower ? -1e12 : 1e12)
        })
        let best = try distribution.estimate(facts: bestFacts, stage: .growth)
        #expect(best.rank == 1)
        #expect(best.list?.name == "领跑榜")
        let again = try ScoringFixtures.score(scheme, input)
        #expect(published.totals == before)
        #expect(again.totals == before)
        #expect(distribution == copy)
    }

    @Test("测分：未知发展阶段报错，缺失数据得 0 分")
    func estimateEdgeCases() throws {
        let published = try ScoringFixtures.score(scheme, try SyntheticScoring(enterprises: 300, seed: 1).generate())
        let distribution = try published.distribution(ofCohort: 0)
        #expect(throws: ScoringError.unknownStage("成熟期")) {
            try distribution.estimate(facts: [:], stage: "成熟期")
        }
        let empty = try distribution.estimate(facts: [:], stage: .startup)
        #expect(empty.total == 0)
        #expect(empty.rank == distribution.sortedTotals.filter { $0 > 0 }.count + 1)
        #expect(throws: ScoringError.unknownCohort(999)) { try published.distribution(ofCohort: 999) }
    }

    @Test("测分结果可编码为 JSON 供界面展示")
    func distributionRoundTrips() throws {
        let published = try ScoringFixtures.score(scheme, try SyntheticScoring(enterprises: 300, seed: 1).generate())
        let distribution = try published.distribution(ofCohort: 5)
        let data = try JSONEncoder().encode(distribution)
        #expect(try JSONDecoder().decode(CohortDistribution.self, from: data) == distribution)
    }

    @Test("提分建议：当前得分与积分明细一致，按最近一档的提分从高到低排列")
    func improvementsAreConsistent() throws {
        let input = try SyntheticScoring(enterprises: 2000, seed: 8).generate()
        let result = try ScoringFixtures.score(scheme, input)
        for slot in [3, 50, 777] {
            let breakdown = try #require(result.breakdown(ofSlot: slot))
            let improvements = result.improvements(forSlot: slot, limit: 18)
            #expect(!improvements.isEmpty)
            for improvement in improvements {
                let item = try #require(breakdown.items.first { $0.indicatorID == improvement.indicatorID })
                #expect(improvement.currentPoints == item.points)
                #expect(improvement.targets.allSatisfy { $0.gain > 0 })
                #expect(improvement.targets.map(\.gain) == improvement.targets.map(\.gain).sorted())
            }
            let gains = improvements.map(\.nextGain)
            #expect(gains == gains.sorted(by: >))
            #expect(result.improvements(forSlot: slot, limit: 2).count <= 2)
        }
        #expect(result.improvements(forSlot: -1).isEmpty)
    }

    @Test("提分建议的目标值兑现：只改该企业这一项数据重新计算，得到建议所说的分数")
    func improvementTargetsAreHonest() throws {
        let input = try SyntheticScoring(enterprises: 1500, seed: 12).generate()
        let result = try ScoringFixtures.score(scheme, input)
        let slot = 42
        let improvements = result.improvements(forSlot: slot, limit: 3)
        for improvement in improvements {
            for target in improvement.targets {
                var changed = input
                var column = input.frame.values(improvement.fact)
                column[slot] = target.targetValue
                changed.frame.setColumn(improvement.fact, column)
                let rescored = try ScoringFixtures.score(scheme, changed)
                let item = try #require(rescored.breakdown(ofSlot: slot)?.items.first {
                    $0.indicatorID == improvement.indicatorID
                })
                #expect(item.points == target.points)
            }
        }
    }

    @Test("提分建议覆盖分段、计数、资质与负面记录")
    func improvementsForOtherMethods() throws {
        let scheme = InnovationScheme.platformDefault
        var facts: [FactID: Double] = [
            .rdStaffRatio: 0.12, .ipClass1: 2, .hightechCertified: 0, .negativeRecords: 1, .rdInstitutionLevel: 3,
        ]
        facts[.techSMECertified] = 1
        var frame = FactFrame(count: 1)
        for (fact, value) in facts { frame.setColumn(fact, [value]) }
        let result = try ScoringEngine(scheme: scheme).score(
            ScoringInput(frame: frame, cohorts: [0], cohortCount: 1, stages: [0]))
        let improvements = result.improvements(forSlot: 0, limit: 30)
        let byID = Dictionary(uniqueKeysWithValues: improvements.map { ($0.indicatorID, $0) })
        #expect(byID["rd_staff_ratio"]?.targets.map(\.targetValue) == [0.2, 0.3])
        #expect(byID["ip_class1"]?.targets.map(\.targetValue) == [3, 5])
        #expect(byID["hightech_certified"]?.targets.first?.gain == 5)
        #expect(byID["negative_records"]?.targets.first?.targetValue == 0)
        #expect(byID["negative_records"]?.targets.first?.gain == 10)
        #expect(byID["rd_institution_level"] == nil)
        #expect(byID["tech_sme_certified"] == nil)
    }
}
