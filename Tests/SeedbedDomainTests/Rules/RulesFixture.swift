import Foundation
@testable import SeedbedDomain

/// Shared builders for the rules tests: a well-qualified enterprise over 2022–2024 evaluated on 2025-06-30, and
/// helpers to change one fact and read one condition.
enum RulesFixture {
    static let year = 2024
    static let date = day(2025, 6, 30)

    static func day(_ year: Int, _ month: Int, _ day: Int) -> LocalDate {
        (try? LocalDate(year: year, month: month, day: day)) ?? LocalDate(daysSince1970: 0)
    }

    /// The same facts every year unless a year overrides them.
    static func facts(_ base: [FactID: Double], years: ClosedRange<Int> = 2022...2024,
                      overrides: [Int: [FactID: Double]] = [:]) -> EnterpriseFacts
    {
        var result = EnterpriseFacts()
        for year in years {
            var values = base
            for (id, value) in overrides[year] ?? [:] { values[id] = value }
            result.years[year] = values
        }
        return result
    }

    /// A mid-sized high-tech enterprise meeting every 高企 condition comfortably.
    static let strong: [FactID: Double] = [
        .revenue: 4000, .mainRevenue: 3600, .netProfit: 400, .totalAssets: 5000, .totalLiabilities: 2000,
        .totalCost: 3500, .rdExpense: 300, .rdExpenseDomestic: 300, .hightechProductIncome: 3000,
        .equityFinancing: 0, .employees: 100, .stStaff: 30, .rdStaff: 20,
        .ipInvention: 2, .ipPlantVariety: 0, .ipCropVariety: 0, .ipNewDrug: 0, .ipTCMProtection: 0, .ipICLayout: 0,
        .ipUtilityModel: 5, .ipDesign: 0, .ipSoftware: 3, .achievementConversions: 5, .standardsLed: 0,
        .standardsJoined: 1, .stAwardsNational: 0, .stAwardsProvincial: 0, .rdInstitutionsNational: 0,
        .rdInstitutionsProvincial: 0, .rdInstitutionsMunicipal: 1, .hightechCertified: 0, .techSMECertified: 1,
        .specializedSMECertified: 0, .listingStatus: 0, .negativeRecords: 0,
    ]

    /// Strong facts with revenue growing 25 % a year (3200 → 4000 → 5000) and assets growing alike.
    static var growing: EnterpriseFacts {
        facts(strong, overrides: [
            2022: [.revenue: 3200, .mainRevenue: 2880, .totalAssets: 4000, .totalLiabilities: 1600],
            2023: [.revenue: 4000, .mainRevenue: 3600, .totalAssets: 5000, .totalLiabilities: 2000],
            2024: [.revenue: 5000, .mainRevenue: 4500, .totalAssets: 6250, .totalLiabilities: 2500,
                   .rdExpense: 375, .rdExpenseDomestic: 375, .hightechProductIncome: 3750, .netProfit: 500],
        ])
    }

    static let profile = EnterpriseProfile(
        registeredOn: day(2015, 3, 1), techField: .field(.electronics), industrySection: "C", listingStatus: 0,
        hightechValid: false, techSMEValid: true)

    /// One condition of a standard library for one enterprise.
    static func check(_ library: RuleLibrary, _ condition: String, _ facts: EnterpriseFacts,
                      profile: EnterpriseProfile = profile, date: LocalDate = date,
                      overrides: [String: Double] = [:]) throws -> ConditionCheck?
    {
        let explanation = try LibraryEvaluator.explain(library, enterprise: facts, profile: profile, year: year,
                                                       date: date, overrides: overrides)
        return explanation.conditions.first { $0.id == condition }
    }

    static func sameNumber(_ a: Double, _ b: Double) -> Bool { (a.isNaN && b.isNaN) || a == b }
}
