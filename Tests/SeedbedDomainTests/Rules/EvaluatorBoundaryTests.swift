import Testing
@testable import SeedbedDomain

/// A basic or direct condition of a scored evaluator, for one enterprise, with the status it must get.
struct EvaluatorCase: CustomTestStringConvertible, Sendable {
    let name: String
    let date: LocalDate
    let facts: EnterpriseFacts
    let inputs: SpecializedSMEInputs
    let condition: String
    let expected: RuleStatus
    var testDescription: String { "\(date) \(condition) \(name) → \(expected.label)" }
}

@Suite("Evaluator condition boundaries")
struct EvaluatorBoundaryTests {
    static let v2022 = RulesFixture.date
    static let v2026 = RulesFixture.day(2026, 6, 1)

    static func facts(_ changes: [FactID: Double], years: [Int] = [2024]) -> EnterpriseFacts {
        var facts = RulesFixture.growing
        for year in years { for (id, value) in changes { facts.set(id, value, in: year) } }
        return facts
    }

    static func triple(_ date: LocalDate, _ condition: String, atMost: Bool = false,
                       inputs: SpecializedSMEInputs = EvaluatorTests.completeInputs,
                       _ make: (Double) -> EnterpriseFacts, at: Double, delta: Double) -> [EvaluatorCase]
    {
        [
            EvaluatorCase(name: "at \(at)", date: date, facts: make(at), inputs: inputs, condition: condition,
                          expected: .met),
            EvaluatorCase(name: "below", date: date, facts: make(at - delta), inputs: inputs, condition: condition,
                          expected: atMost ? .met : .notMet),
            EvaluatorCase(name: "above", date: date, facts: make(at + delta), inputs: inputs, condition: condition,
                          expected: atMost ? .notMet : .met),
        ]
    }

    static func niche(_ date: LocalDate, _ years: Double, _ expected: RuleStatus) -> EvaluatorCase {
        var inputs = EvaluatorTests.completeInputs
        inputs.yearsInNiche = years
        return EvaluatorCase(name: "niche \(years)", date: date, facts: RulesFixture.growing, inputs: inputs,
                             condition: "niche_years", expected: expected)
    }

    static let cases: [EvaluatorCase] = {
        var cases: [EvaluatorCase] = []
        for (date, years) in [(v2022, 2.0), (v2026, 3.0)] {
            cases += [niche(date, years, .met), niche(date, years - 0.01, .notMet), niche(date, years + 0.01, .met)]
            cases += triple(date, "rd_amount", { facts([.rdExpense: $0], years: [2023, 2024]) }, at: 100, delta: 0.001)
            cases += triple(date, "rd_ratio", { facts([.revenue: 10_000, .rdExpense: $0], years: [2023, 2024]) },
                            at: 300, delta: 0.01)
        }
        // Revenue alone decides when equity is known to be nil.
        cases += triple(v2022, "revenue_or_equity", { facts([.revenue: $0, .mainRevenue: $0 * 0.9]) }, at: 1000, delta: 0.001)
        cases += triple(v2026, "revenue_or_equity", { facts([.revenue: $0, .mainRevenue: $0 * 0.9]) }, at: 1500, delta: 0.001)
        // Or equity over two years, with revenue below the line.
        cases += triple(v2022, "revenue_or_equity", { facts([.revenue: 500, .mainRevenue: 450, .equityFinancing: $0 / 2],
                                                            years: [2023, 2024]) }, at: 2000, delta: 0.002)
        cases += triple(v2026, "main_business_share", { facts([.revenue: 5000, .mainRevenue: $0]) }, at: 4000, delta: 0.01)
        cases += triple(v2026, "debt_ratio", atMost: true, { facts([.totalAssets: 6250, .totalLiabilities: $0]) },
                        at: 5000, delta: 0.01)
        // 2022 direct conditions: 2-year average R&D ≥ 1000 万, 2-year equity ≥ 6000 万.
        cases += triple(v2022, "average_rd", { facts([.rdExpense: $0], years: [2023, 2024]) }, at: 1000, delta: 0.001)
        cases += triple(v2022, "equity", { facts([.equityFinancing: $0 / 2], years: [2023, 2024]) }, at: 6000, delta: 0.002)
        return cases
    }()

    @Test("专精特新 conditions at, just below and just above their boundaries", arguments: cases)
    func specialized(_ item: EvaluatorCase) throws {
        let verdict = try SpecializedSMEEvaluator.evaluate(enterprise: item.facts, profile: RulesFixture.profile,
                                                           year: 2024, date: item.date, inputs: item.inputs)
        let check = try #require((verdict.conditions + verdict.directConditions).first { $0.id == item.condition })
        #expect(check.status == item.expected, "\(check.summary)")
    }

    @Test("创新型 direct equity: 500 万 over three years, known years deciding early", arguments: [
        ([2022: 200.0, 2023: 200.0, 2024: 100.0], RuleStatus.met), ([2022: 200, 2023: 200, 2024: 99.99], .notMet),
        ([2023: 500, 2024: .nan], .met), ([2023: 400, 2024: .nan], .unknown),
    ])
    func innovativeEquity(equity: [Int: Double], expected: RuleStatus) throws {
        var facts = RulesFixture.growing
        for year in 2022...2024 { facts.set(.equityFinancing, 0, in: year) }
        for (year, value) in equity { facts.set(.equityFinancing, value.isNaN ? nil : value, in: year) }
        let verdict = try InnovativeSMEEvaluator.evaluate(enterprise: facts, profile: RulesFixture.profile, year: 2024,
                                                          date: RulesFixture.date)
        #expect(verdict.directConditions.first { $0.id == "equity" }?.status == expected)
    }

    @Test("专精特新 2026 waives the beneficial Ⅰ类 IP for a provincial R&D institution")
    func waiver() throws {
        var inputs = EvaluatorTests.completeInputs
        inputs.beneficialClassOneIP = false
        let without = try SpecializedSMEEvaluator.evaluate(enterprise: RulesFixture.growing, profile: RulesFixture.profile,
                                                           year: 2024, date: Self.v2026, inputs: inputs)
        #expect(without.conditions.first { $0.id == "beneficial_ip" }?.status == .notMet)
        let institution = Self.facts([.rdInstitutionsProvincial: 1])
        let waived = try SpecializedSMEEvaluator.evaluate(enterprise: institution, profile: RulesFixture.profile,
                                                          year: 2024, date: Self.v2026, inputs: inputs)
        #expect(waived.conditions.first { $0.id == "beneficial_ip" }?.status == .met)
    }
}
