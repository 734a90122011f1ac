import Foundation
@testable import SeedbedDomain
import SyntheticData
import Testing

@Suite("方案所需数据与已发布企业的提分建议")
struct SchemeFactsTests {
    @Test("默认方案只读取它用到的填报数据：派生指标换成其来源，增长率读取上一年度")
    func defaultSchemeNeedsItsInputs() {
        let needed = InnovationScheme.platformDefault.filedFactsNeeded
        for fact: FactID in [.rdExpense, .revenue, .rdStaff, .employees, .ipInvention, .ipUtilityModel, .ipSoftware,
                             .rdInstitutionsNational, .rdInstitutionsMunicipal, .netProfit, .taxPaid, .negativeRecords] {
            #expect(needed.current.contains(fact), "\(fact)")
        }
        for derived in DerivedFacts.ids { #expect(!needed.current.contains(derived), "\(derived) is derived") }
        #expect(!needed.current.contains(.trademarks), "trademarks count in neither IP class")
        #expect(needed.previous == [.netProfit, .revenue])
    }

    @Test("只有百分位指标的方案不需要上一年度数据，阶段规则总要营业收入")
    func percentileSchemeNeedsNoHistory() {
        let scheme = InnovationScheme(id: "t", version: 1, name: "t", effectiveFrom: "2024-01-01", indicators: [
            Indicator(id: "rd", name: "研发", group: .technology, fact: .rdExpense, method: .percentile,
                      weights: [.startup: 100, .growth: 100, .stable: 100]),
        ], fullScore: 100)
        #expect(scheme.filedFactsNeeded.current == [.rdExpense, .revenue])
        #expect(scheme.filedFactsNeeded.previous.isEmpty)
    }

    @Test("按已保存的数值为比较组成员计算的提分建议与计算当时的建议完全一致")
    func memberImprovementsMatchTheRun() throws {
        let scheme = SyntheticScoring.scheme
        let input = try SyntheticScoring(enterprises: 3000, seed: 11).generate()
        let result = try ScoringEngine(scheme: scheme).score(input)
        for slot in [0, 41, 999, 2500] {
            let cohort = Int(result.cohorts[slot])
            let distribution = try result.distribution(ofCohort: cohort)
            let breakdown = try #require(result.breakdown(ofSlot: slot))
            let stage = try #require(breakdown.stage)
            let values = breakdown.items.map { $0.value ?? .nan }
            let stored = try distribution.improvements(memberValues: values, stage: stage, limit: 5)
            #expect(stored == result.improvements(forSlot: slot, limit: 5))
            #expect(!stored.isEmpty)
        }
    }

    @Test("未定义的发展阶段得到明确的错误")
    func unknownStageIsRefused() throws {
        let result = try ScoringEngine(scheme: SyntheticScoring.scheme).score(try SyntheticScoring(enterprises: 50, seed: 2).generate())
        let distribution = try result.distribution(ofCohort: Int(result.cohorts[0]))
        #expect(throws: ScoringError.unknownStage("成熟期")) {
            try distribution.improvements(memberValues: [], stage: "成熟期")
        }
    }
}

@Suite("积分明细的数值形式")
struct LineValuesTests {
    @Test("逐项数值与完整明细逐位相同，越界的位置什么也不报告")
    func linesMatchBreakdown() throws {
        let scheme = InnovationScheme.platformDefault
        let input = try SyntheticScoring(enterprises: 500, seed: 3).generate()
        var frame = input.frame
        // The default scheme reads facts the benchmark does not generate: give them values too.
        frame.setColumn(.negativeRecords, (0..<input.count).map { $0 % 9 == 0 ? 1 : 0 })
        frame.setColumn(.hightechCertified, (0..<input.count).map { Double($0 % 2) })
        let result = try ScoringEngine(scheme: scheme).score(ScoringInput(frame: frame, cohorts: input.cohorts,
                                                                          cohortCount: input.cohortCount, stages: input.stages))
        for slot in [0, 7, 123, 499] {
            let breakdown = try #require(result.breakdown(ofSlot: slot))
            var lines: [(Double, Double?, Double)] = []
            result.forEachLine(ofSlot: slot) { lines.append(($0, $1, $2)) }
            #expect(lines.count == breakdown.items.count)
            for (line, item) in zip(lines, breakdown.items) {
                #expect(line.0.isNaN == (item.value == nil))
                #expect(line.1 == item.percentile)
                #expect(line.2.bitPattern == item.points.bitPattern)
            }
        }
        var count = 0
        result.forEachLine(ofSlot: 500) { _, _, _ in count += 1 }
        #expect(count == 0)
    }
}
