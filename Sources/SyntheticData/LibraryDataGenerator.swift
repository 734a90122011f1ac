import Foundation
import SeedbedDomain

/// Deterministic synthetic facts and profiles for benchmarks and tests: N enterprises over consecutive years,
/// with plausible sizes, ratios, growth, IP, titles and gaps (years before registration, unreported years and a
/// few missing values), the same for the same seed on every machine.
public struct LibraryDataGenerator: Sendable {
    public var enterprises: Int
    public var years: ClosedRange<Int>
    public var seed: UInt64
    /// Share of (enterprise, year) pairs without an annual report.
    public var unreportedShare: Double
    /// Share of single facts left blank in a reported year.
    public var blankShare: Double

    public init(enterprises: Int, years: ClosedRange<Int> = 2022...2024, seed: UInt64 = 2026,
                unreportedShare: Double = 0.04, blankShare: Double = 0.005)
    {
        self.enterprises = max(0, enterprises)
        self.years = years
        self.seed = seed
        self.unreportedShare = unreportedShare
        self.blankShare = blankShare
    }

    /// The filed facts the generator writes (derived facts are left to `DerivedFacts`).
    public static let facts: [FactID] = [
        .revenue, .mainRevenue, .netProfit, .totalAssets, .totalLiabilities, .totalCost, .rdExpense,
        .rdExpenseDomestic, .hightechProductIncome, .equityFinancing, .employees, .stStaff, .rdStaff,
        .ipInvention, .ipPlantVariety, .ipCropVariety, .ipNewDrug, .ipTCMProtection, .ipICLayout,
        .ipUtilityModel, .ipDesign, .ipSoftware, .achievementConversions, .standardsLed, .standardsJoined,
        .stAwardsNational, .stAwardsProvincial, .rdInstitutionsNational, .rdInstitutionsProvincial,
        .rdInstitutionsMunicipal, .hightechCertified, .techSMECertified, .specializedSMECertified, .listingStatus,
        .negativeRecords,
    ]

    private enum Slot: Int, CaseIterable {
        case revenue, mainRevenue, netProfit, totalAssets, totalLiabilities, totalCost, rdExpense
        case rdExpenseDomestic, hightechProductIncome, equityFinancing, employees, stStaff, rdStaff
        case ipInvention, ipPlantVariety, ipCropVariety, ipNewDrug, ipTCMProtection, ipICLayout
        case ipUtilityModel, ipDesign, ipSoftware, achievementConversions, standardsLed, standardsJoined
        case stAwardsNational, stAwardsProvincial, rdInstitutionsNational, rdInstitutionsProvincial
        case rdInstitutionsMunicipal, hightechCertified, techSMECertified, specializedSMECertified, listingStatus
        case negativeRecords
    }

    /// Facts by year and profiles, as of `date` (registration dates lie before it).
    public func generate(asOf date: LocalDate) -> (history: FactHistory, profile: EnterpriseProfileColumns) {
        let count = enterprises
        let yearList = Array(years)
        let factCount = Slot.allCases.count
        var columns = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: .nan, count: count),
                                                         count: factCount),
                                   count: yearList.count)
        var registration = [Double](repeating: .nan, count: count)
        var fields = [Int8](repeating: -1, count: count)
        var sections = [UInt8](repeating: 0, count: count)
        var listing = [Int8](repeating: -1, count: count)
        var hightechValid = [Int8](repeating: -1, count: count)
        var techSMEValid = [Int8](repeating: -1, count: count)
        let sectionLetters: [UInt8] = Array("CCCCCIIIMMMFGLENDA".utf8)
        var rng = SplitMix64(seed: seed)
        let lastYear = yearList.last ?? date.year

        for slot in 0..<count {
            let age = 30 * pow(rng.unit(), 1.6) + 0.05
            let registered = date.daysSince1970 - Int(age * 365.25)
            if rng.unit() >= 0.01 { registration[slot] = Double(registered) }
            let registeredYear = LocalDate(daysSince1970: registered).year
            let fieldRoll = rng.unit()
            fields[slot] = fieldRoll < 0.03 ? -1 : fieldRoll < 0.13 ? 0 : Int8(1 + rng.next() % 8)
            sections[slot] = rng.unit() < 0.02 ? 0 : sectionLetters[Int(rng.next() % UInt64(sectionLetters.count))]

            // Size and its trajectory: the latest revenue, and a growth rate per year going back.
            var revenue = exp(normal(&rng, mean: log(1500), deviation: 1.7)) * min(1, age / 3 + 0.2)
            let rdIntensity = max(0, normal(&rng, mean: 0.05, deviation: 0.045))
            let staffShare = 0.03 + 0.5 * rng.unit()
            let holdsHightech = rng.unit() < 0.25
            let holdsTechSME = rng.unit() < 0.4
            let specialized = rng.unit() < 0.08
            let listingRoll = rng.unit()
            let listingCode: Double = listingRoll < 0.92 ? 0 : listingRoll < 0.98 ? 1 : 2
            let institution = rng.unit()
            let inventions = floor(pow(rng.unit(), 3) * 12)
            let utility = floor(pow(rng.unit(), 2) * 15)
            let software = floor(pow(rng.unit(), 2) * 10)

            for index in stride(from: yearList.count - 1, through: 0, by: -1) {
                let year = yearList[index]
                let growth = normal(&rng, mean: 0.12, deviation: 0.25)
                defer { revenue = revenue / max(0.3, 1 + growth) }
                guard year >= registeredYear, rng.unit() >= unreportedShare else { continue }
                let back = Double(lastYear - year)
                var values = [Double](repeating: 0, count: factCount)
                func put(_ slot: Slot, _ value: Double) { values[slot.rawValue] = value }
                let rounded = (revenue * 1000).rounded() / 1000
                put(.revenue, rounded)
                put(.mainRevenue, (rounded * (0.5 + 0.5 * rng.unit()) * 1000).rounded() / 1000)
                put(.netProfit, (rounded * normal(&rng, mean: 0.05, deviation: 0.08) * 1000).rounded() / 1000)
                let assets = rounded * (0.6 + 1.4 * rng.unit())
                put(.totalAssets, (assets * 1000).rounded() / 1000)
                put(.totalLiabilities, (assets * (0.15 + 0.8 * rng.unit()) * 1000).rounded() / 1000)
                put(.totalCost, (rounded * (0.8 + 0.25 * rng.unit()) * 1000).rounded() / 1000)
                let rd = (rounded * max(0, rdIntensity + normal(&rng, mean: 0, deviation: 0.01)) * 1000).rounded() / 1000
                put(.rdExpense, rd)
                put(.rdExpenseDomestic, (rd * (rng.unit() < 0.8 ? 1 : 0.4 + 0.6 * rng.unit()) * 1000).rounded() / 1000)
                put(.hightechProductIncome, (rounded * rng.unit() * 1000).rounded() / 1000)
                put(.equityFinancing, rng.unit() < 0.9 ? 0 : (exp(normal(&rng, mean: log(500), deviation: 1.2)) * 1000).rounded() / 1000)
                let employees = max(1, (rounded / (30 + 120 * rng.unit())).rounded())
                put(.employees, employees)
                let st = (employees * staffShare).rounded()
                put(.stStaff, st)
                put(.rdStaff, (st * (0.3 + 0.7 * rng.unit())).rounded())
                put(.ipInvention, max(0, inventions - back))
                put(.ipPlantVariety, rng.unit() < 0.01 ? 1 : 0)
                put(.ipCropVariety, 0)
                put(.ipNewDrug, rng.unit() < 0.005 ? 1 : 0)
                put(.ipTCMProtection, 0)
                put(.ipICLayout, rng.unit() < 0.01 ? 1 : 0)
                put(.ipUtilityModel, max(0, utility - back))
                put(.ipDesign, floor(pow(rng.unit(), 3) * 5))
                put(.ipSoftware, max(0, software - back))
                put(.achievementConversions, floor(pow(rng.unit(), 2) * 8))
                put(.standardsLed, rng.unit() < 0.04 ? 1 : 0)
                put(.standardsJoined, rng.unit() < 0.1 ? 1 : 0)
                put(.stAwardsNational, rng.unit() < 0.003 ? 1 : 0)
                put(.stAwardsProvincial, rng.unit() < 0.02 ? 1 : 0)
                put(.rdInstitutionsNational, institution < 0.01 ? 1 : 0)
                put(.rdInstitutionsProvincial, institution < 0.09 ? 1 : 0)
                put(.rdInstitutionsMunicipal, institution < 0.3 ? 1 : 0)
                put(.hightechCertified, holdsHightech ? 1 : 0)
                put(.techSMECertified, holdsTechSME ? 1 : 0)
                put(.specializedSMECertified, specialized ? 1 : 0)
                put(.listingStatus, listingCode)
                put(.negativeRecords, rng.unit() < 0.01 ? 1 : 0)
                for fact in 0..<factCount {
                    columns[index][fact][slot] = rng.unit() < blankShare ? .nan : values[fact]
                }
            }
            let listingKnown = rng.unit() >= 0.03
            listing[slot] = listingKnown ? Int8(listingCode) : -1
            let validityKnown = rng.unit() >= 0.05
            hightechValid[slot] = validityKnown ? (holdsHightech ? 1 : 0) : -1
            techSMEValid[slot] = validityKnown ? (holdsTechSME ? 1 : 0) : -1
        }

        var history = FactHistory(count: count)
        for (index, year) in yearList.enumerated() {
            var frame = FactFrame(count: count)
            for (fact, id) in Self.facts.enumerated() { frame.setColumn(id, columns[index][fact]) }
            history.setFrame(frame, for: year)
        }
        var profile = EnterpriseProfileColumns(count: count)
        profile.setRegistrationDays(registration)
        profile.setTechFields(fields)
        profile.setIndustrySections(sections)
        profile.setListingStatuses(listing)
        profile.setHightechValidity(hightechValid)
        profile.setTechSMEValidity(techSMEValid)
        return (history, profile)
    }

    /// A normal variate (Box–Muller).
    private func normal(_ rng: inout SplitMix64, mean: Double, deviation: Double) -> Double {
        let u1 = max(rng.unit(), 1e-12)
        let u2 = rng.unit()
        return mean + deviation * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
