import Testing
@testable import SeedbedDomain

@Suite("发展阶段规则")
struct StageRuleTests {
    private let rule = StageRule.standard

    @Test("默认规则按成立年限和营业收入划分，恰在界限上归入较高阶段", arguments: [
        (1.0, 10_000.0, DevelopmentStage.startup),
        (3, 499.99, .startup),
        (3, 500, .growth),
        (10, 4999, .growth),
        (10, 5000, .stable),
        (2.99, 1e6, .startup),
    ])
    func standardRule(age: Double, revenue: Double, stage: DevelopmentStage) {
        #expect(rule.stage(ageYears: age, revenue: revenue) == stage)
    }

    @Test("缺少数据时：能判定的仍判定，不能判定的返回未定")
    func missingValues() {
        #expect(rule.stage(ageYears: 1, revenue: nil) == .startup)
        #expect(rule.stage(ageYears: nil, revenue: 100) == .startup)
        #expect(rule.stage(ageYears: 5, revenue: nil) == nil)
        #expect(rule.stage(ageYears: nil, revenue: 800) == nil)
        #expect(rule.stage(ageYears: .nan, revenue: .infinity) == nil)
    }

    @Test("按列批量判定阶段，得到计算引擎使用的阶段编号")
    func columnarCodes() {
        let codes = rule.stageCodes(ageYears: [1, 5, 5, .nan], revenue: [9000, 800, 9000, 800])
        #expect(codes == [0, 1, 2, ScoringInput.undecidedStage])
    }

    @Test("地方可自定义阶段规则（例：按营业收入划分五个阶段）")
    func localRule() {
        let local = StageRule(
            stages: ["种子期", "初创期", "成长期", "扩张期", "成熟期"],
            clauses: [
                StageClause(stage: "种子期", revenueBelow: 100),
                StageClause(stage: "初创期", revenueBelow: 500),
                StageClause(stage: "成长期", revenueBelow: 2000),
                StageClause(stage: "扩张期", revenueBelow: 10_000),
            ],
            otherwise: "成熟期")
        #expect(local.stage(ageYears: nil, revenue: 99) == "种子期")
        #expect(local.stage(ageYears: nil, revenue: 2000) == "扩张期")
        #expect(local.stage(ageYears: nil, revenue: 10_000) == "成熟期")
    }

    @Test("「且」条件要求全部满足")
    func allCombination() {
        let clause = StageClause(stage: .startup, ageBelow: 3, revenueBelow: 500, combination: .all)
        let local = StageRule(stages: [.startup, .stable], clauses: [clause], otherwise: .stable)
        #expect(local.stage(ageYears: 1, revenue: 100) == .startup)
        #expect(local.stage(ageYears: 1, revenue: 600) == .stable)
        #expect(local.stage(ageYears: 5, revenue: nil) == .stable)
        #expect(local.stage(ageYears: 1, revenue: nil) == nil)
    }

    @Test("比较组编号按地区、年度、阶段分配且稳定")
    func cohortTable() throws {
        var table = CohortTable()
        let a = try table.code(for: CohortKey(area: "330100", year: 2024, stage: .startup))
        let b = try table.code(for: CohortKey(area: "330100", year: 2024, stage: .growth))
        let again = try table.code(for: CohortKey(area: "330100", year: 2024, stage: .startup))
        #expect([a, b, again] == [0, 1, 0])
        #expect(table.count == 2)
        #expect(table.key(of: 1)?.description == "330100 · 2024 · 成长期")
        #expect(table.key(of: 2) == nil)
        #expect(table.existingCode(of: CohortKey(area: "x", year: 1, stage: nil)) == nil)
    }
}
