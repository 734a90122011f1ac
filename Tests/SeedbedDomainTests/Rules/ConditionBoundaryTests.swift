import Testing
@testable import SeedbedDomain

/// One condition of a shipped library, for one enterprise, with the status it must get.
struct BoundaryCase: CustomTestStringConvertible, Sendable {
    let name: String
    let library: RuleLibrary
    let condition: String
    let facts: EnterpriseFacts
    let profile: EnterpriseProfile
    let overrides: [String: Double]
    let expected: RuleStatus

    var testDescription: String { "\(library.name)·\(condition)·\(name) → \(expected.label)" }

    /// At, just below and just above a boundary: at and above meet a "不低于" condition, at and below a
    /// "不高于" one.
    static func triple(_ library: RuleLibrary, _ condition: String, atMost: Bool = false,
                       profile: EnterpriseProfile = RulesFixture.profile, overrides: [String: Double] = [:],
                       _ make: (Double) -> EnterpriseFacts, at: Double, delta: Double) -> [BoundaryCase]
    {
        [
            BoundaryCase(name: "at \(at)", library: library, condition: condition, facts: make(at), profile: profile,
                         overrides: overrides, expected: .met),
            BoundaryCase(name: "below \(at - delta)", library: library, condition: condition, facts: make(at - delta),
                         profile: profile, overrides: overrides, expected: atMost ? .met : .notMet),
            BoundaryCase(name: "above \(at + delta)", library: library, condition: condition, facts: make(at + delta),
                         profile: profile, overrides: overrides, expected: atMost ? .notMet : .met),
        ]
    }

    /// A profile-only boundary (registration dates).
    static func registered(_ library: RuleLibrary, _ condition: String, _ text: String, _ expected: RuleStatus)
        -> BoundaryCase
    {
        var profile = RulesFixture.profile
        profile.registeredOn = try? LocalDate(iso: text)
        return BoundaryCase(name: "registered \(text)", library: library, condition: condition,
                            facts: RulesFixture.growing, profile: profile, overrides: [:], expected: expected)
    }
}

@Suite("Condition boundaries")
struct ConditionBoundaryTests {
    static func strong(_ changes: [FactID: Double]) -> EnterpriseFacts {
        var base = RulesFixture.strong
        for (id, value) in changes { base[id] = value }
        return RulesFixture.facts(base)
    }

    static let noIP: [FactID: Double] = [.ipInvention: 0, .ipPlantVariety: 0, .ipCropVariety: 0, .ipNewDrug: 0,
                                         .ipTCMProtection: 0, .ipICLayout: 0, .ipUtilityModel: 0, .ipDesign: 0,
                                         .ipSoftware: 0]

    static let cases: [BoundaryCase] = {
        var cases: [BoundaryCase] = []
        let ht = RuleLibrary.hightechReserve
        // 高企: registered ≥ 1 year on 2025-06-30.
        cases.append(.registered(ht, "registered_years", "2024-06-30", .met))
        cases.append(.registered(ht, "registered_years", "2024-07-01", .notMet))
        cases.append(.registered(ht, "registered_years", "2024-06-29", .met))
        cases += BoundaryCase.triple(ht, "owns_ip", { strong(noIP.merging([.ipSoftware: $0]) { $1 }) }, at: 1, delta: 1)
        cases += BoundaryCase.triple(ht, "st_staff_share", { strong([.employees: 1000, .stStaff: $0]) }, at: 100, delta: 1)
        // R&D ratio by sales band: ≤ 5000 万 → 5 %, 5000–20000 → 4 %, above → 3 %.
        cases += BoundaryCase.triple(ht, "rd_ratio_3y", { strong([.revenue: 1000, .rdExpense: $0, .rdExpenseDomestic: $0]) },
                                     at: 50, delta: 0.01)
        cases += BoundaryCase.triple(ht, "rd_ratio_3y", { strong([.revenue: 10_000, .rdExpense: $0, .rdExpenseDomestic: $0]) },
                                     at: 400, delta: 0.01)
        cases += BoundaryCase.triple(ht, "rd_ratio_3y", { strong([.revenue: 30_000, .rdExpense: $0, .rdExpenseDomestic: $0]) },
                                     at: 900, delta: 0.01)
        cases += BoundaryCase.triple(ht, "rd_domestic_share", { strong([.rdExpense: 100, .rdExpenseDomestic: $0]) },
                                     at: 60, delta: 0.01)
        cases += BoundaryCase.triple(ht, "hightech_income_share", { strong([.revenue: 1000, .hightechProductIncome: $0]) },
                                     at: 600, delta: 0.01)
        cases += BoundaryCase.triple(ht, "no_major_incident", atMost: true, { strong([.negativeRecords: $0 + 1]) },
                                     at: -1, delta: 1).filter { $0.expected == .notMet || $0.name.hasPrefix("at") }
        // Score lines: the growing enterprise scores 96; the line is moved onto, just above and just below it.
        for (line, expected) in [(96.0, RuleStatus.met), (96.01, .notMet), (95.99, .met)] {
            cases.append(BoundaryCase(name: "line \(line)", library: ht, condition: "innovation_score",
                                      facts: RulesFixture.growing, profile: RulesFixture.profile,
                                      overrides: ["ht_score": line], expected: expected))
        }

        let tsme = RuleLibrary.techSMEReserve
        cases += BoundaryCase.triple(tsme, "employees_limit", atMost: true, { strong([.employees: $0, .stStaff: 30]) },
                                     at: 500, delta: 1)
        cases += BoundaryCase.triple(tsme, "revenue_limit", atMost: true, { strong([.revenue: $0]) }, at: 20_000, delta: 0.001)
        cases += BoundaryCase.triple(tsme, "assets_limit", atMost: true, { strong([.totalAssets: $0]) }, at: 20_000, delta: 0.001)
        cases += BoundaryCase.triple(tsme, "st_staff_share", { strong([.employees: 1000, .stStaff: $0]) }, at: 100, delta: 1)
        // Without IP the strong enterprise scores 20 + 50 + 0 = 70.
        for (line, expected) in [(70.0, RuleStatus.met), (70.01, .notMet), (69.99, .met)] {
            cases.append(BoundaryCase(name: "line \(line)", library: tsme, condition: "score",
                                      facts: strong(noIP), profile: RulesFixture.profile,
                                      overrides: ["tsme_score": line], expected: expected))
        }

        let star = RuleLibrary.starMarketReserve
        cases += BoundaryCase.triple(star, "revenue_scale", { strong([.revenue: $0]) }, at: 10_000, delta: 0.001)
        cases += BoundaryCase.triple(star, "rd_ratio_3y", { strong([.revenue: 1000, .rdExpense: $0]) }, at: 150, delta: 0.01)
        cases += BoundaryCase.triple(star, "revenue_floor", { strong([.revenue: $0]) }, at: 3000, delta: 0.001)

        let lead = RuleLibrary.leadingEnterprise
        cases += BoundaryCase.triple(lead, "revenue", { strong([.revenue: $0]) }, at: 20_000, delta: 0.001)
        cases += BoundaryCase.triple(lead, "rd_expense", { strong([.rdExpense: $0]) }, at: 1000, delta: 0.001)
        cases += BoundaryCase.triple(lead, "revenue_growth", { value in
            RulesFixture.facts(RulesFixture.strong, overrides: [2023: [.revenue: 1000], 2024: [.revenue: value]])
        }, at: 1100, delta: 0.01)

        let growth = RuleLibrary.highGrowth
        // 1000 → 1200 → 1440 is exactly 20 % twice, though 1440 / 1200 − 1 is 0.19999999999999996 in binary.
        cases += BoundaryCase.triple(growth, "sustained_growth", { value in
            RulesFixture.facts(RulesFixture.strong, overrides: [2022: [.revenue: 1000], 2023: [.revenue: 1200],
                                                                2024: [.revenue: value]])
        }, at: 1440, delta: 0.01)
        cases += BoundaryCase.triple(growth, "revenue_floor", { strong([.revenue: $0]) }, at: 500, delta: 0.001)

        let incubation = RuleLibrary.incubation
        cases.append(.registered(incubation, "registered_within", "2022-06-30", .met))
        cases.append(.registered(incubation, "registered_within", "2022-06-29", .notMet))
        cases.append(.registered(incubation, "registered_within", "2022-07-01", .met))
        return cases
    }()

    @Test("each condition at, just below and just above its boundary", arguments: cases)
    func boundary(_ item: BoundaryCase) throws {
        let check = try #require(try RulesFixture.check(item.library, item.condition, item.facts, profile: item.profile,
                                                        overrides: item.overrides))
        #expect(check.status == item.expected, "\(check.summary)")
        if item.expected == .met { #expect(check.gap == 0) }
        if item.expected == .notMet { #expect((check.gap ?? 0) > 0) }
    }

    @Test("the 高企 R&D threshold follows the latest sales band, limits inclusive", arguments: [
        (5000.0, 5.0), (5000.001, 4.0), (20_000.0, 4.0), (20_000.001, 3.0), (1.0, 5.0),
    ])
    func salesBands(revenue: Double, threshold: Double) throws {
        let facts = RulesFixture.facts(RulesFixture.strong, overrides: [2024: [.revenue: revenue]])
        let check = try #require(try RulesFixture.check(.hightechReserve, "rd_ratio_3y", facts))
        #expect(check.threshold == threshold)
    }

    @Test("a flag condition reads the profile first, then the year's fact", arguments: [
        (Int?.some(1), 0.0, RuleStatus.met), (0, 2.0, .met), (2, 0.0, .notMet), (nil, 2.0, .notMet), (nil, 1.0, .met),
    ])
    func listing(profileStatus: Int?, fact: Double, expected: RuleStatus) throws {
        var profile = RulesFixture.profile
        profile.listingStatus = profileStatus
        let facts = RulesFixture.facts(RulesFixture.strong, overrides: [2024: [.listingStatus: fact]])
        let check = try #require(try RulesFixture.check(.starMarketReserve, "not_listed", facts, profile: profile))
        #expect(check.status == expected)
    }

    @Test("the title condition follows the chosen title", arguments: [
        (1.0, true, RuleStatus.met), (1.0, false, .notMet), (0.0, false, .met), (2.0, false, .met), (4.0, false, .notMet),
    ])
    func titles(choice: Double, hightech: Bool, expected: RuleStatus) throws {
        var profile = RulesFixture.profile
        profile.hightechValid = hightech
        let check = try #require(try RulesFixture.check(.leadingEnterprise, "title", RulesFixture.growing,
                                                        profile: profile, overrides: ["lead_title": choice]))
        #expect(check.status == expected)
    }

    @Test("a gap reads in the condition's unit")
    func gapText() throws {
        let staff = try #require(try RulesFixture.check(.hightechReserve, "st_staff_share",
                                                        Self.strong([.employees: 200, .stStaff: 17])))
        #expect(staff.value == 8.5)
        #expect(staff.gap == 1.5)
        #expect(staff.summary.contains("还差 1.5个百分点"))
        let employees = try #require(try RulesFixture.check(.techSMEReserve, "employees_limit",
                                                            Self.strong([.employees: 600])))
        #expect(employees.summary.contains("超出 100人"))
        let revenue = try #require(try RulesFixture.check(.leadingEnterprise, "revenue", Self.strong([.revenue: 15_000])))
        #expect(revenue.summary.contains("还差 5000万元"))
    }

    @Test("an enterprise too young for the growth years asked cannot meet it")
    func tooYoung() throws {
        var profile = RulesFixture.profile
        profile.registeredOn = RulesFixture.day(2023, 3, 1)
        let check = try #require(try RulesFixture.check(.highGrowth, "sustained_growth", RulesFixture.growing,
                                                        profile: profile))
        #expect(check.status == .notMet)
        #expect(check.summary.contains("成立年限不足"))
    }

    @Test("a not-met explanation lists the conditions missed")
    func missed() throws {
        let explanation = try LibraryEvaluator.explain(.leadingEnterprise, enterprise: RulesFixture.growing,
                                                       profile: RulesFixture.profile, year: 2024, date: RulesFixture.date)
        #expect(explanation.status == .notMet)
        #expect(explanation.missed.map(\.id) == ["revenue", "rd_expense", "title"])
    }
}
