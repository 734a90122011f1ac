import Foundation
import Testing
@testable import SeedbedDomain

@Suite("积分方案")
struct InnovationSchemeTests {
    private let scheme = InnovationScheme.platformDefault

    @Test("默认方案：18 项基础指标分属三组，另有负面扣分项，并注明不是官方清单")
    func defaultSchemeStructure() {
        let base = scheme.indicators.filter { $0.group.countsTowardFullScore }
        #expect(base.count == 18)
        #expect(Set(base.map(\.group)) == [.technology, .growth, .auxiliary])
        #expect(scheme.indicators.contains { $0.group == .negative && $0.method.subtracts })
        #expect(scheme.isDefault)
        #expect(scheme.notice == "本平台默认方案，可由管理部门调整")
        #expect(scheme.stages == [.startup, .growth, .stable])
        #expect(scheme.validate().isEmpty)
    }

    @Test("默认方案每个阶段基础指标权重合计 100 分", arguments: [DevelopmentStage.startup, .growth, .stable])
    func defaultWeightsSumToHundred(stage: DevelopmentStage) {
        let sum = scheme.indicators.filter { $0.group.countsTowardFullScore }.reduce(0.0) { $0 + $1.weight(in: stage) }
        #expect(sum == 100)
    }

    @Test("默认方案读取规则第 6 节列出的数据项")
    func defaultFacts() {
        let facts = Set(scheme.indicators.map(\.fact))
        let expected: Set<FactID> = [
            .rdExpense, .rdRatio, .rdStaff, .rdStaffRatio, .ipClass1, .ipClass2, .techContractTurnover,
            .standardsLed, .stAwardsNational, .rdInstitutionLevel, .revenue, .revenueGrowth, .netProfit,
            .profitGrowth, .equityFinancing, .taxPaid, .hightechCertified, .techSMECertified, .negativeRecords,
        ]
        #expect(facts == expected)
    }

    @Test("方案编码为 JSON 再读回完全一致")
    func codableRoundTrip() throws {
        let data = try scheme.encoded()
        let decoded = try InnovationScheme.decode(from: data)
        #expect(decoded == scheme)
        #expect(try decoded.encoded() == data)
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.contains("\"kind\" : \"bands\""))
        #expect(text.contains("\"初创期\" : 8"))
    }

    @Test("只含 id、direction、weights 的简写方案按百分位指标读取")
    func readsPeerFormat() throws {
        let json = #"{"indicators":[{"id":"revenue","direction":"lower","weights":{"初创期":6,"成长期":5}}]}"#
        let decoded = try InnovationScheme.decode(from: Data(json.utf8))
        let indicator = try #require(decoded.indicators.first)
        #expect(indicator.fact == .revenue)
        #expect(indicator.method == .percentile)
        #expect(indicator.direction == .lower)
        #expect(indicator.weights == [.startup: 6, .growth: 5])
    }

    @Test("无法读取的 JSON 给出中文原因", arguments: [
        ("{", "积分方案无法读取：不是有效的 JSON"),
        (#"{"name":"x"}"#, "积分方案无法读取：缺少字段「indicators」"),
        (#"{"indicators":[{"id":"a","weights":{},"method":{"kind":"magic"}}]}"#,
         "积分方案无法读取：字段「indicators[0].method.kind」的值无效：未知的计分方法「magic」"),
        (#"{"indicators":[{"id":"a","weights":{"初创期":"高"}}]}"#,
         "积分方案无法读取：字段「indicators[0].weights.初创期」类型不正确"),
    ])
    func unreadableJSON(json: String, message: String) {
        do {
            _ = try InnovationScheme.decode(from: Data(json.utf8))
            Issue.record("应当报错")
        } catch {
            #expect(error.code == "scheme_unreadable")
            #expect(error.errorDescription == message)
        }
    }

    /// A mutation of the default scheme and the problem code it must raise.
    struct Case: Sendable, CustomTestStringConvertible {
        let code: String
        let mutate: @Sendable (inout InnovationScheme) -> Void
        var testDescription: String { code }
    }

    @Test("方案校验逐项给出中文问题", arguments: [
        Case(code: "indicators_empty") { $0.indicators = [] },
        Case(code: "indicator_id_duplicate") { $0.indicators[1].id = $0.indicators[0].id },
        Case(code: "indicator_id_empty") { $0.indicators[0].id = " " },
        Case(code: "indicator_name_empty") { $0.indicators[0].name = "" },
        Case(code: "indicator_fact_empty") { $0.indicators[0].fact = "" },
        Case(code: "weight_negative") { $0.indicators[0].weights[.startup] = -1 },
        Case(code: "weight_not_finite") { $0.indicators[0].weights[.growth] = .nan },
        Case(code: "weight_unknown_stage") { $0.indicators[0].weights["成熟期"] = 1 },
        Case(code: "weights_not_full_score") { $0.indicators[0].weights[.startup] = 9 },
        Case(code: "bands_not_ascending") {
            $0.indicators[3].method = .bands(thresholds: [0.2, 0.1], values: [0.5, 1])
        },
        Case(code: "bands_count_mismatch") { $0.indicators[3].method = .bands(thresholds: [0.1, 0.2], values: [1]) },
        Case(code: "bands_empty") { $0.indicators[3].method = .bands(thresholds: [], values: []) },
        Case(code: "band_value_out_of_range") { $0.indicators[3].method = .bands(thresholds: [0.1], values: [2]) },
        Case(code: "cap_invalid") { $0.indicators[4].method = .countWithCap(cap: 0) },
        Case(code: "deduction_outside_negative_group") { $0.indicators[4].method = .deduction(cap: 1) },
        Case(code: "negative_group_not_deduction") { $0.indicators[18].method = .boolean },
        Case(code: "scheme_name_empty") { $0.name = "" },
        Case(code: "scheme_id_empty") { $0.id = "" },
        Case(code: "version_invalid") { $0.version = 0 },
        Case(code: "effective_date_invalid") { $0.effectiveFrom = "2024-02-30" },
        Case(code: "stages_empty") { $0.stageRule.stages = [] },
        Case(code: "stage_duplicate") { $0.stageRule.stages.append(.growth) },
        Case(code: "stage_rule_unknown_stage") { $0.stageRule.clauses[0].stage = "种子期" },
        Case(code: "stage_rule_without_bound") { $0.stageRule.clauses.append(StageClause(stage: .growth)) },
        Case(code: "tier_fraction_not_ascending") { $0.tiers.lists[1].topFraction = 0.05 },
        Case(code: "tier_fraction_out_of_range") { $0.tiers.lists[2].topFraction = 1.5 },
        Case(code: "tier_id_duplicate") { $0.tiers.lists[1].id = $0.tiers.lists[0].id },
        Case(code: "full_score_invalid") { $0.fullScore = -100 },
    ])
    func validation(testCase: Case) {
        var broken = scheme
        testCase.mutate(&broken)
        let problems = broken.validate()
        let problem = problems.first { $0.code == testCase.code }
        #expect(problem != nil, "\(problems)")
        #expect(problem?.message.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } == true)
    }

    @Test("校验消息指明指标与阶段")
    func validationMessages() {
        var broken = scheme
        broken.indicators[0].weights[.startup] = -1
        broken.indicators[1].id = broken.indicators[2].id
        let messages = broken.validate().map(\.message)
        #expect(messages.contains("指标「研发费用总额」在「初创期」的权重不能为负数（扣分项请使用负面扣分方法）"))
        #expect(messages.contains("指标编号「rd_staff」重复"))
        #expect(messages.contains("「初创期」基础指标（技术创新、成长经营、辅助）权重合计为 91，应为满分 100"))
        let error = SchemeError.invalid(broken.validate())
        #expect(error.errorDescription?.hasPrefix("积分方案有 3 处问题：") == true)
    }

    @Test("按生效日期选出当天适用的方案版本")
    func versionInEffect() {
        var second = scheme
        second.version = 2
        second.effectiveFrom = "2025-01-01"
        var third = scheme
        third.version = 3
        third.effectiveFrom = "2025-01-01"
        let versions = [third, scheme, second]
        #expect(InnovationScheme.inEffect(on: "2023-12-31", among: versions) == nil)
        #expect(InnovationScheme.inEffect(on: "2024-06-01", among: versions)?.version == 1)
        #expect(InnovationScheme.inEffect(on: "2025-01-01", among: versions)?.version == 3)
    }
}
