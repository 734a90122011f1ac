import Testing
@testable import SeedbedDomain

/// A condition whose input is removed: it must read unknown, never "not met".
struct MissingCase: CustomTestStringConvertible, Sendable {
    let library: RuleLibrary
    let condition: String
    let facts: EnterpriseFacts
    let profile: EnterpriseProfile
    let what: String
    var testDescription: String { "\(library.name)·\(condition) without \(what)" }

    static func without(_ library: RuleLibrary, _ condition: String, _ fact: FactID, in year: Int = 2024,
                        base: EnterpriseFacts = RulesFixture.growing) -> MissingCase
    {
        var facts = base
        facts.set(fact, nil, in: year)
        return MissingCase(library: library, condition: condition, facts: facts, profile: RulesFixture.profile,
                           what: "\(fact) \(year)")
    }

    static func profile(_ library: RuleLibrary, _ condition: String, _ what: String,
                        _ change: (inout EnterpriseProfile) -> Void) -> MissingCase
    {
        var profile = RulesFixture.profile
        change(&profile)
        return MissingCase(library: library, condition: condition, facts: RulesFixture.growing, profile: profile,
                           what: what)
    }
}

@Suite("Missing data")
struct MissingDataTests {
    static let noClassTwo: EnterpriseFacts = {
        var facts = RulesFixture.growing
        for year in 2022...2024 {
            for part in DerivedFacts.classTwoParts { facts.set(part, 0, in: year) }
        }
        return facts
    }()

    static let noIPKnown: EnterpriseFacts = {
        var facts = RulesFixture.growing
        for year in 2022...2024 {
            for part in DerivedFacts.classOneParts + DerivedFacts.classTwoParts { facts.set(part, nil, in: year) }
        }
        return facts
    }()

    static let cases: [MissingCase] = [
        .profile(.hightechReserve, "registered_years", "registration date") { $0.registeredOn = nil },
        .without(.hightechReserve, "owns_ip", .ipInvention, base: noClassTwo),
        .profile(.hightechReserve, "hightech_field", "tech field") { $0.techField = .unknown },
        .without(.hightechReserve, "st_staff_share", .employees),
        .without(.hightechReserve, "st_staff_share", .stStaff),
        .without(.hightechReserve, "rd_ratio_3y", .rdExpense, in: 2022),
        .without(.hightechReserve, "rd_ratio_3y", .revenue, in: 2023),
        .without(.hightechReserve, "rd_ratio_3y", .revenue),
        .without(.hightechReserve, "rd_domestic_share", .rdExpenseDomestic, in: 2023),
        .without(.hightechReserve, "hightech_income_share", .hightechProductIncome),
        MissingCase(library: .hightechReserve, condition: "innovation_score", facts: noIPKnown,
                    profile: RulesFixture.profile, what: "every IP count"),
        .without(.hightechReserve, "no_major_incident", .negativeRecords),
        .without(.techSMEReserve, "employees_limit", .employees),
        .without(.techSMEReserve, "revenue_limit", .revenue),
        .without(.techSMEReserve, "assets_limit", .totalAssets),
        .without(.techSMEReserve, "st_staff_share", .stStaff),
        .without(.techSMEReserve, "score", .employees, base: noIPKnown),
        .without(.starMarketReserve, "revenue_scale", .revenue),
        .without(.starMarketReserve, "rd_ratio_3y", .rdExpense, in: 2023),
        .profile(.starMarketReserve, "not_listed", "listing status") { $0.listingStatus = nil },
        .without(.leadingEnterprise, "revenue_growth", .revenue, in: 2023),
        .without(.leadingEnterprise, "rd_expense", .rdExpense),
        .profile(.leadingEnterprise, "title", "certificate validity") { $0.hightechValid = nil },
        .without(.highGrowth, "sustained_growth", .revenue, in: 2022),
        .without(.highGrowth, "revenue_floor", .revenue),
        .profile(.incubation, "registered_within", "registration date") { $0.registeredOn = nil },
        .profile(.techSMERecognized, "holds_tech_sme", "registration validity") { $0.techSMEValid = nil },
        .profile(.hightechRecognized, "holds_hightech", "certificate validity") { $0.hightechValid = nil },
    ]

    @Test("missing data makes a condition unknown, never not met", arguments: cases)
    func unknown(_ item: MissingCase) throws {
        var facts = item.facts
        // Flags whose profile column is unknown fall back to the year's fact: remove it too.
        if item.condition == "not_listed" { facts.set(.listingStatus, nil, in: 2024) }
        if item.condition == "title" || item.condition == "holds_hightech" { facts.set(.hightechCertified, nil, in: 2024) }
        if item.condition == "holds_tech_sme" { facts.set(.techSMECertified, nil, in: 2024) }
        let check = try #require(try RulesFixture.check(item.library, item.condition, facts, profile: item.profile))
        #expect(check.status == .unknown, "\(check.summary)")
        #expect(check.gap == nil)
        #expect(check.summary.contains("数据不足"))
    }

    @Test("known parts decide where the rule's direction allows")
    func knownPartsDecide() throws {
        // Ⅱ类 IP alone already reaches one item, whatever the missing Ⅰ类 count is.
        var facts = RulesFixture.growing
        facts.set(.ipInvention, nil, in: 2024)
        #expect(try RulesFixture.check(.hightechReserve, "owns_ip", facts)?.status == .met)
        // A known year of 5 % growth already fails "20 % in each of the last 2 years".
        let slow = RulesFixture.facts(RulesFixture.strong, overrides: [2022: [.revenue: .nan], 2023: [.revenue: 1000],
                                                                       2024: [.revenue: 1050]])
        let growth = try #require(try RulesFixture.check(.highGrowth, "sustained_growth", slow))
        #expect(growth.status == .notMet)
    }

    @Test("a score with missing lines is unknown between its least and its most")
    func boundedScore() throws {
        let check = try #require(try RulesFixture.check(.hightechReserve, "innovation_score", Self.noIPKnown))
        #expect(check.value == 68)
        #expect(check.upperValue == 96)
        #expect(check.summary.contains("最高可达 96分"))
    }

    @Test("the library status is unknown when only unknown conditions stand in the way")
    func membershipUnknown() throws {
        var facts = RulesFixture.growing
        facts.set(.employees, nil, in: 2024)
        let explanation = try LibraryEvaluator.explain(.hightechReserve, enterprise: facts, profile: RulesFixture.profile,
                                                       year: 2024, date: RulesFixture.date)
        #expect(explanation.status == .unknown)
        #expect(explanation.missed.isEmpty)
    }
}
