import Testing
@testable import SeedbedDomain
import SyntheticData

@Suite("积分计算引擎")
struct ScoringEngineTests {
    @Test("百分位（越高越好）：并列取平均名次，缺失值得 0 分且不计入人数")
    func percentileHigherWithTiesAndMissing() throws {
        let scheme = ScoringFixtures.scheme(.percentile)
        let result = try ScoringFixtures.score(scheme, ScoringFixtures.input(["x": [10, 20, 20, .nan, 40]]))
        // Present: 10, 20, 20, 40 → ranks 1, 2.5, 2.5, 4 of 4; weight 10 in 初创期.
        #expect(ScoringFixtures.points(result) == [2.5, 6.25, 6.25, 0, 10])
        #expect(result.breakdown(ofSlot: 1)?.items.first?.percentile == 0.625)
        #expect(result.breakdown(ofSlot: 3)?.items.first?.percentile == nil)
        #expect(result.breakdown(ofSlot: 3)?.items.first?.value == nil)
    }

    @Test("百分位（越低越好）：最小值名列第一")
    func percentileLower() throws {
        let scheme = ScoringFixtures.scheme(.percentile, direction: .lower)
        let result = try ScoringFixtures.score(scheme, ScoringFixtures.input(["x": [10, 20, 20, .nan, 40]]))
        #expect(ScoringFixtures.points(result) == [10, 6.25, 6.25, 0, 2.5])
    }

    @Test("-0 与 0 视为并列，与 pandas 一致")
    func negativeZeroTiesWithZero() throws {
        let scheme = ScoringFixtures.scheme(.percentile)
        let result = try ScoringFixtures.score(scheme, ScoringFixtures.input(["x": [-0.0, 0.0, 1]]))
        #expect(ScoringFixtures.points(result) == [5, 5, 10])
    }

    @Test("比较组之间互不影响")
    func cohortsAreIndependent() throws {
        let scheme = ScoringFixtures.scheme(.percentile)
        let input = ScoringFixtures.input(["x": [1, 2, 1000, 3, 4]], cohorts: [0, 0, 1, 1, 1])
        let result = try ScoringFixtures.score(scheme, input)
        // Same operations as the engine: rank / count, then × weight.
        let third: Double = 1.0 / 3
        let twoThirds: Double = 2.0 / 3
        #expect(ScoringFixtures.points(result) == [5, 10, 10, third * 10, twoThirds * 10])
        #expect(result.ranks == [2, 1, 1, 3, 2])
        #expect(result.cohortSize(1) == 3)
    }

    @Test("分段赋分：恰在分界值上归入较高一档", arguments: [
        (0.05.nextDown, 0.0), (0.05, 0.3), (0.05.nextUp, 0.3),
        (0.10.nextDown, 0.3), (0.10, 0.6), (0.10.nextUp, 0.6),
        (0.20.nextDown, 0.6), (0.20, 1.0), (0.20.nextUp, 1.0),
        (-5, 0.0), (.nan, 0.0),
    ])
    func bandsBoundaries(value: Double, expected: Double) throws {
        let scheme = ScoringFixtures.scheme(.bands(thresholds: [0.05, 0.10, 0.20], values: [0.3, 0.6, 1.0]))
        let result = try ScoringFixtures.score(scheme, ScoringFixtures.input(["x": [value]]))
        #expect(result.breakdown(ofSlot: 0)?.items.first?.methodValue == expected)
        #expect(result.totals == [expected * 10])
    }

    @Test("计数封顶：每项 1/封顶数，超过封顶按封顶计", arguments: [
        (0.0, 0.0), (2, 4), (5, 10), (7, 10), (-1, 0), (.nan, 0),
    ])
    func countWithCap(value: Double, points: Double) throws {
        let scheme = ScoringFixtures.scheme(.countWithCap(cap: 5))
        let result = try ScoringFixtures.score(scheme, ScoringFixtures.input(["x": [value]]))
        #expect(result.totals == [points])
    }

    @Test("是否加分：有资质得全部权重，无资质或缺失得 0", arguments: [(1.0, 10.0), (0, 0), (.nan, 0)])
    func booleanBonus(value: Double, points: Double) throws {
        let scheme = ScoringFixtures.scheme(.boolean, group: .bonus)
        let result = try ScoringFixtures.score(scheme, ScoringFixtures.input(["x": [value]]))
        #expect(result.totals == [points])
    }

    @Test("负面扣分：有记录扣除权重，总分下限为 0")
    func negativeDeduction() throws {
        let scheme = InnovationScheme(
            id: "t", version: 1, name: "扣分", effectiveFrom: "2024-01-01",
            indicators: [
                Indicator(id: "p", name: "资质", group: .auxiliary, fact: "p", method: .boolean,
                          weights: [.startup: 15]),
                Indicator(id: "n", name: "负面记录", group: .negative, fact: "n", method: .deduction(cap: 2),
                          weights: [.startup: 10]),
            ],
            totalFloor: 0)
        let input = ScoringFixtures.input(["p": [1, 1, 1, 0, 1], "n": [0, 1, 2, 5, .nan]])
        let result = try ScoringFixtures.score(scheme, input)
        #expect(result.totals == [15, 10, 5, 0, 15])
        #expect(result.breakdown(ofSlot: 2)?.items.last?.points == -10)
        #expect(result.breakdown(ofSlot: 3)?.items.last?.points == -10)
        #expect(result.breakdown(ofSlot: 3)?.total == 0)
    }

    @Test("各阶段权重不同；方案未给某阶段权重时该阶段得 0 分")
    func stageWeights() throws {
        let scheme = ScoringFixtures.scheme(.boolean, weights: [.startup: 4, .growth: 6])
        let input = ScoringFixtures.input(["x": [1, 1, 1]], stages: [0, 1, 2])
        let result = try ScoringFixtures.score(scheme, input)
        #expect(result.totals == [4, 6, 0])
        #expect(result.breakdown(ofSlot: 1)?.items.first?.weight == 6)
        #expect(result.breakdown(ofSlot: 1)?.stage == .growth)
    }

    @Test("阶段未定的企业得 0 分，但仍计入比较组人数")
    func undecidedStage() throws {
        let scheme = ScoringFixtures.scheme(.percentile)
        let input = ScoringFixtures.input(["x": [1, 2]], stages: [0, ScoringInput.undecidedStage])
        let result = try ScoringFixtures.score(scheme, input)
        #expect(result.totals == [5, 0])
        #expect(result.breakdown(ofSlot: 1)?.stage == nil)
        #expect(result.breakdown(ofSlot: 1)?.items.first?.percentile == 1)
    }

    @Test("总分并列时共享最靠前的名次（min）")
    func tiedTotalsShareLowestPosition() throws {
        let scheme = ScoringFixtures.scheme(.countWithCap(cap: 10))
        let result = try ScoringFixtures.score(scheme, ScoringFixtures.input(["x": [3, 7, 7, 1, 7, 3]]))
        #expect(result.ranks == [4, 1, 1, 6, 1, 4])
        #expect(result.slotsByRank(inCohort: 0) == [1, 2, 4, 0, 5, 3])
    }

    @Test("结果按比较组、组内名次排列：每家企业恰好出现一次，组号不减，组内名次不减")
    func slotsInRankOrder() throws {
        let benchmark = try SyntheticScoring(enterprises: 900, seed: 5)
        let result = try ScoringFixtures.score(SyntheticScoring.scheme, benchmark.generate())
        let order = result.slotsInRankOrder
        #expect(result.cohortCount > 1)
        #expect(order.sorted() == Array(0..<900))
        for (a, b) in zip(order, order.dropFirst()) {
            let ordered = (result.cohorts[a], result.ranks[a]) <= (result.cohorts[b], result.ranks[b])
            #expect(ordered, "slot \(a) before \(b)")
        }
        let tied = try ScoringFixtures.score(ScoringFixtures.scheme(.countWithCap(cap: 10)),
                                             ScoringFixtures.input(["x": [3, 7, 7, 1, 7, 3]]))
        #expect(tied.slotsInRankOrder == [1, 2, 4, 0, 5, 3])
    }

    @Test("总分按方案顺序从 0 累加，分项之和等于总分")
    func breakdownAddsUpToTotal() throws {
        let benchmark = try SyntheticScoring(enterprises: 600, seed: 3)
        let result = try ScoringFixtures.score(SyntheticScoring.scheme, benchmark.generate())
        for slot in stride(from: 0, to: 600, by: 37) {
            let breakdown = try #require(result.breakdown(ofSlot: slot))
            var sum = 0.0
            for item in breakdown.items { sum += item.points }
            #expect(sum == breakdown.total)
            #expect(breakdown.total == result.totals[slot])
            #expect(breakdown.items.count == 18)
            #expect(breakdown.cohortSize == result.cohortSize(breakdown.cohort))
        }
        #expect(result.breakdown(ofSlot: 600) == nil)
        #expect(result.breakdown(ofSlot: -1) == nil)
    }

    @Test("没有指标数据列时按全部缺失计")
    func absentColumnIsMissing() throws {
        let scheme = ScoringFixtures.scheme(.percentile, fact: "absent")
        let result = try ScoringFixtures.score(scheme, ScoringFixtures.input(["x": [1, 2]]))
        #expect(result.totals == [0, 0])
    }

    @Test("空输入与空比较组不出错")
    func emptyInput() throws {
        let scheme = ScoringFixtures.scheme(.percentile)
        let empty = try ScoringFixtures.score(scheme, ScoringInput(frame: FactFrame(count: 0), cohorts: [],
                                                                   cohortCount: 3, stages: []))
        #expect(empty.count == 0)
        #expect(empty.totalChecksum == 0)
        let sparse = try ScoringFixtures.score(scheme, ScoringFixtures.input(["x": [5]], cohorts: [2], cohortCount: 4))
        #expect(sparse.totals == [10])
        #expect(sparse.slotsByRank(inCohort: 0).isEmpty)
    }

    @Test("比较组编号越界时给出中文错误")
    func cohortOutOfRange() throws {
        let engine = try ScoringEngine(scheme: ScoringFixtures.scheme(.percentile))
        let input = ScoringFixtures.input(["x": [1, 2]], cohorts: [0, 5], cohortCount: 2)
        #expect(throws: ScoringError.cohortOutOfRange(slot: 1, code: 5, cohortCount: 2)) { try engine.score(input) }
        #expect(ScoringError.cohortOutOfRange(slot: 1, code: 5, cohortCount: 2).errorDescription
            == "第 2 家企业的比较组编号 5 超出范围（应为 0 到 1）")
    }

    @Test("发展阶段编号越界或列长度不符时拒绝计算", arguments: [
        (ScoringFixtures.input(["x": [1, 2]], stages: [0, 3]), "scoring_stage_out_of_range"),
        (ScoringFixtures.input(["x": [1, 2]], stages: [0]), "scoring_length_mismatch"),
        (ScoringFixtures.input(["x": [1, 2]], cohorts: [0], cohortCount: 1), "scoring_length_mismatch"),
        (ScoringFixtures.input(["x": [1, 2]], cohorts: [0, -1], cohortCount: 1), "scoring_cohort_out_of_range"),
    ])
    func badInput(input: ScoringInput, code: String) throws {
        let engine = try ScoringEngine(scheme: ScoringFixtures.scheme(.percentile))
        do {
            _ = try engine.score(input)
            Issue.record("expected \(code)")
        } catch {
            #expect(error.code == code)
            #expect(error.errorDescription?.isEmpty == false)
        }
    }

    @Test("有问题的方案不能用于计算")
    func invalidSchemeRefused() {
        var scheme = ScoringFixtures.scheme(.percentile)
        scheme.indicators[0].weights[.startup] = -1
        #expect(throws: SchemeError.self) { try ScoringEngine(scheme: scheme) }
    }

    @Test("与 pandas 语义一致：逐一对照朴素 O(n²) 参考实现，总分逐位相同、名次相同")
    func agreesWithNaiveReference() throws {
        let benchmark = try SyntheticScoring(enterprises: 4000, seed: 11)
        let input = benchmark.generate()
        let scheme = SyntheticScoring.scheme
        let result = try ScoringFixtures.score(scheme, input)
        let reference = NaiveScorer(
            indicators: scheme.indicators.map { indicator in
                NaiveScorer.Indicator(values: input.frame.values(indicator.fact),
                                      lowerIsBetter: indicator.direction == .lower,
                                      weights: scheme.stages.map { indicator.weights[$0] ?? 0 })
            },
            cohorts: input.cohorts.map(Int.init),
            stages: input.stages.map(Int.init))
        let totals = reference.totals()
        #expect(ScoringFixtures.differences(result.totals, totals).isEmpty)
        #expect(ScoringFixtures.differences(result.ranks, reference.ranks(totals)).isEmpty)
        let slot = 123
        let breakdown = try #require(result.breakdown(ofSlot: slot))
        for (index, item) in breakdown.items.enumerated() {
            #expect(item.percentile == reference.percentile(index, slot))
        }
    }

    @Test("大比较组（基数排序路径）：负数、±0、无穷大、大量并列与缺失，两个方向都与朴素参考一致")
    func largeCohortsAgreeWithNaiveReference() throws {
        let count = 2100
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let specials: [Double] = [-0.0, 0.0, .infinity, -.infinity, -1e300, 1e-300, .nan]
        func value(_ kind: Int) -> Double {
            let draw = next()
            switch kind {
            case 0: return specials[Int(draw % 7)]
            case 1: return Double(Int(draw % 9)) - 4
            default: return (Double(draw % 2_000_001) - 1_000_000) / 1000
            }
        }
        let columns: [[Double]] = (0..<3).map { kind in
            (0..<count).map { _ in next() % 10 == 0 ? .nan : value(next() % 3 == 0 ? 0 : kind) }
        }
        let cohorts = (0..<count).map { Int32($0 % 3) }
        let stages = (0..<count).map { UInt8($0 % 3) }
        let directions: [RankDirection] = [.higher, .lower, .higher]
        let weights: [[Double]] = [[10, 20, 30], [7.5, 0.1, 3], [1.0 / 3, 5, 0]]
        let scheme = InnovationScheme(
            id: "radix", version: 1, name: "基数排序", effectiveFrom: "2024-01-01",
            indicators: (0..<3).map { k in
                Indicator(id: "f\(k)", name: "指标\(k)", group: .technology, fact: FactID("f\(k)"),
                          method: .percentile, direction: directions[k],
                          weights: Dictionary(uniqueKeysWithValues: zip(ScoringFixtures.stages, weights[k])))
            })
        var facts: [FactID: [Double]] = [:]
        for k in 0..<3 { facts[FactID("f\(k)")] = columns[k] }
        let result = try ScoringFixtures.score(scheme, ScoringFixtures.input(facts, cohorts: cohorts, stages: stages))
        let reference = NaiveScorer(
            indicators: (0..<3).map { k in
                NaiveScorer.Indicator(values: columns[k], lowerIsBetter: directions[k] == .lower, weights: weights[k])
            },
            cohorts: cohorts.map(Int.init), stages: stages.map(Int.init))
        let totals = reference.totals()
        #expect(ScoringFixtures.differences(result.totals, totals).isEmpty)
        #expect(ScoringFixtures.differences(result.ranks, reference.ranks(totals)).isEmpty)
    }

    @Test("与 pandas 对照程序的校验和一致（固定数据，对照值由 score_pandas.py 算出）", arguments: [
        (4000, UInt64(7), 192_896.490469, 47640),
        (20000, UInt64(2024), 926_176.272438, 1_117_179),
    ])
    func matchesPandasChecksums(enterprises: Int, seed: UInt64, totalChecksum: Double, rankChecksum: Int) throws {
        let input = try SyntheticScoring(enterprises: enterprises, seed: seed).generate()
        let result = try ScoringFixtures.score(SyntheticScoring.scheme, input)
        #expect(abs(result.totalChecksum - totalChecksum) < 1e-6)
        #expect(result.rankChecksum == rankChecksum)
    }

    @Test("同一输入多次计算结果完全相同（多核并行不影响结果）")
    func parallelRunsAreDeterministic() throws {
        let input = try SyntheticScoring(enterprises: 30000, seed: 5).generate()
        let engine = try ScoringEngine(scheme: SyntheticScoring.scheme)
        let first = try engine.score(input)
        let second = try engine.score(input)
        #expect(ScoringFixtures.differences(first.totals, second.totals).isEmpty)
        #expect(ScoringFixtures.differences(first.ranks, second.ranks).isEmpty)
        #expect(ScoringFixtures.differences(first.listIndices, second.listIndices).isEmpty)
    }

    @Test("默认方案可直接计算，含分段、计数、资质与扣分指标")
    func defaultSchemeScores() throws {
        let scheme = InnovationScheme.platformDefault
        let count = 50
        var columns: [FactID: [Double]] = [:]
        for (index, indicator) in scheme.indicators.enumerated() {
            columns[indicator.fact] = (0..<count).map { Double(($0 * (index + 3)) % 7) }
        }
        let stages = (0..<count).map { UInt8($0 % 3) }
        let result = try ScoringFixtures.score(scheme, ScoringFixtures.input(columns, stages: stages))
        for slot in 0..<count {
            let breakdown = try #require(result.breakdown(ofSlot: slot))
            #expect(breakdown.total >= 0)
            #expect(breakdown.total <= 100)
            #expect(breakdown.items.count == 19)
        }
    }
}
