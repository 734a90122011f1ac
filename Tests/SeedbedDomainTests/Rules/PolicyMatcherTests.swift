import Foundation
import SeedbedDomain
import Testing

@Suite("定向政策匹配")
struct PolicyMatcherTests {
    static let year = 2025
    static let date = LocalDate(daysSince1970: 20_400) // 2025-11-08

    static func facts(revenue: Double?, rd: Double?, employees: Double? = 80, stStaff: Double? = 20) -> EnterpriseFacts {
        var facts = EnterpriseFacts()
        facts.set(.revenue, revenue, in: year)
        facts.set(.rdExpense, rd, in: year)
        facts.set(.employees, employees, in: year)
        facts.set(.stStaff, stStaff, in: year)
        return facts
    }

    static let profile = EnterpriseProfile(registeredOn: LocalDate(daysSince1970: 20_400 - 365 * 6),
                                           techField: .field(.electronics), industrySection: "C",
                                           hightechValid: true, techSMEValid: false)
    static let dalian = PolicySubjects(regionCode: "210211", industryCode: "C39", cultivationLevel: 2)

    static let incubation: [PolicyCondition] = [
        .region(prefix: "21"),
        .metric(.rdRatio, comparison: .atLeast, value: 3),
        .metric(.revenue, comparison: .atMost, value: 20_000),
    ]

    @Test("全部满足：符合，理由列出数值与要求")
    func met() throws {
        let verdict = try PolicyMatcher.verdict(Self.incubation, enterprise: Self.facts(revenue: 5000, rd: 200),
                                                profile: Self.profile, subjects: Self.dalian, year: Self.year,
                                                date: Self.date)
        #expect(verdict.status == .met)
        #expect(verdict.reason.hasPrefix("符合：注册地在辽宁省"))
        #expect(verdict.reason.contains("研发费用占比 4%（研发费用占比不低于 3%）"))
        #expect(!verdict.reason.contains("尚缺"))
    }

    @Test("差一点：不符合，尚缺给出百分点差距；超出上限给出超出额")
    func missed() throws {
        let verdict = try PolicyMatcher.verdict(Self.incubation, enterprise: Self.facts(revenue: 25_000, rd: 450),
                                                profile: Self.profile, subjects: Self.dalian, year: Self.year,
                                                date: Self.date)
        #expect(verdict.status == .notMet)
        let ratio = try #require(verdict.checks.first { $0.condition.kind == .metric(.rdRatio) })
        #expect(ratio.status == .notMet)
        #expect(abs((ratio.check.value ?? 0) - 1.8) < 1e-9)
        #expect(abs((ratio.check.gap ?? 0) - 1.2) < 1e-9)
        #expect(verdict.reason.contains("研发费用占比 尚缺 1.2 个百分点"))
        #expect(verdict.reason.contains("营业收入 超出 5000 万元"))
    }

    @Test("缺数据：数据不足，不算不符合；其余条件不符合时整体不符合")
    func unknown() throws {
        let missing = try PolicyMatcher.verdict(Self.incubation, enterprise: Self.facts(revenue: nil, rd: 100),
                                                profile: Self.profile, subjects: Self.dalian, year: Self.year,
                                                date: Self.date)
        #expect(missing.status == .unknown)
        #expect(missing.reason.contains("数据不足：研发费用占比不低于 3%"))
        let elsewhere = PolicySubjects(regionCode: "500112", industryCode: "C39", cultivationLevel: 0)
        let out = try PolicyMatcher.verdict(Self.incubation, enterprise: Self.facts(revenue: nil, rd: 100),
                                            profile: Self.profile, subjects: elsewhere, year: Self.year, date: Self.date)
        #expect(out.status == .notMet)
    }

    @Test("资质、行业、领域、成立年限：小巨人包含专精特新，高企读证书")
    func profileConditions() throws {
        let conditions: [PolicyCondition] = [
            .title(.specializedSME), .title(.hightech), .industry(codes: ["C"]), .techField(fields: []),
            .techField(fields: [.electronics, .newMaterials]), .age(comparison: .atLeast, years: 5),
        ]
        let giant = PolicySubjects(regionCode: "500112", industryCode: "C39", cultivationLevel: 3)
        let verdict = try PolicyMatcher.verdict(conditions, enterprise: Self.facts(revenue: 100, rd: 1),
                                                profile: Self.profile, subjects: giant, year: Self.year, date: Self.date)
        #expect(verdict.status == .met, "\(verdict.reason)")
        let young = try PolicyMatcher.verdict([.age(comparison: .atLeast, years: 10), .title(.techSME)],
                                              enterprise: Self.facts(revenue: 100, rd: 1), profile: Self.profile,
                                              subjects: giant, year: Self.year, date: Self.date)
        #expect(young.status == .notMet)
        #expect(young.reason.contains("成立年限 尚缺"))
        #expect(young.reason.contains("持有有效的科技型中小企业认定"))
    }

    @Test("模拟测算：输入的数值替换当年数据，占比随之重算")
    func hypothesis() throws {
        let filed = Self.facts(revenue: 25_000, rd: 450)
        let typed = try PolicyHypothesis.parse(["revenue": "15000", "rd_expense": ""])
        let verdict = try PolicyMatcher.verdict(Self.incubation, enterprise: typed.applied(to: filed, year: Self.year),
                                                profile: Self.profile, subjects: Self.dalian, year: Self.year,
                                                date: Self.date)
        #expect(verdict.status == .met)
        #expect(throws: PolicyConditionError.self) { try PolicyHypothesis.parse(["revenue": "-1"]) }
        #expect(throws: PolicyConditionError.self) { try PolicyHypothesis.parse(["employees": "1.5"]) }
    }

    @Test("许多企业一次评价，与逐个评价一致")
    func columnar() throws {
        var history = FactHistory(count: 3)
        var frame = FactFrame(count: 3)
        for (slot, (revenue, rd)) in [(5000.0, 200.0), (25_000, 450), (.nan, 10)].enumerated() {
            if revenue.isFinite { frame.setValue(revenue, for: .revenue, at: slot) }
            frame.setValue(rd, for: .rdExpense, at: slot)
        }
        history.setFrame(frame, for: Self.year)
        let input = EvaluationInput(history: history, profile: EnterpriseProfileColumns(count: 3), year: Self.year,
                                    date: Self.date)
        let subjects = PolicySubjects(regionCodes: ["210211", "210211", "210211"], industryCodes: [nil, nil, nil],
                                      cultivationLevels: [0, 0, 0])
        let outcome = try PolicyMatcher.evaluate(Self.incubation, input: input, subjects: subjects)
        #expect(outcome.matchingSlots == [0])
        #expect(outcome.status(at: 1) == .notMet)
        #expect(outcome.status(at: 2) == .unknown)
    }

    @Test("适用条件的输入校验给出中文原因", arguments: [
        (["kind": "rd_ratio", "comparison": "atLeast", "value": "abc"], "value"),
        (["kind": "rd_ratio", "comparison": "atLeast", "value": "101"], "value"),
        (["kind": "revenue", "comparison": "more", "value": "1"], "comparison"),
        (["kind": "region", "region": "999999"], "region"),
        (["kind": "industry", "industry": "Z9"], "industry"),
        (["kind": "tech_field", "fields": "9"], "fields"),
        (["kind": "title", "title": "x"], "title"),
        (["kind": "nonsense"], "kind"),
    ])
    func validation(form: [String: String], field: String) {
        let error = #expect(throws: PolicyConditionError.self) { try PolicyCondition.parse(form) }
        #expect(error?.field == field)
        #expect(error?.message.isEmpty == false)
    }

    @Test("地区可填代码或名称，存为前缀")
    func regionParsing() throws {
        #expect(try PolicyCondition.parse(["kind": "region", "region": "210200"]) == .region(prefix: "2102"))
        #expect(try PolicyCondition.parse(["kind": "region", "region": "辽宁省"]) == .region(prefix: "21"))
        #expect(try PolicyCondition.parse(["kind": "industry", "industry": "c39, I"]) == .industry(codes: ["C39", "I"]))
        #expect(try PolicyCondition.parse(["kind": "rd_ratio", "comparison": "atLeast", "value": "３%"])
            == .metric(.rdRatio, comparison: .atLeast, value: 3))
    }
}
