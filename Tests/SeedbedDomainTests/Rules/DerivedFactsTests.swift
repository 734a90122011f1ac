import Testing
@testable import SeedbedDomain

@Suite("Derived facts")
struct DerivedFactsTests {
    private func frame(_ values: [FactID: Double]) -> FactFrame {
        var frame = FactFrame(count: 1)
        for (id, value) in values { frame.setValue(value, for: id, at: 0) }
        return frame
    }

    private let ip: [FactID: Double] = [
        .ipInvention: 2, .ipPlantVariety: 1, .ipCropVariety: 0, .ipNewDrug: 1, .ipTCMProtection: 0, .ipICLayout: 3,
        .ipUtilityModel: 4, .ipDesign: 2, .ipSoftware: 5, .trademarks: 9,
    ]

    @Test("Ⅰ类 and Ⅱ类 totals add their parts and leave trademarks out")
    func classTotals() {
        let result = DerivedFacts.adding(to: frame(ip), previous: nil)
        #expect(result.value(.ipClass1, at: 0) == 7)
        #expect(result.value(.ipClass2, at: 0) == 11)
    }

    @Test("a missing IP part makes its class total missing, not smaller", arguments: DerivedFacts.classOneParts)
    func missingPart(part: FactID) {
        var values = ip
        values[part] = nil
        let result = DerivedFacts.adding(to: frame(values), previous: nil)
        #expect(result.value(.ipClass1, at: 0) == nil)
        #expect(result.value(.ipClass2, at: 0) == 11)
    }

    @Test("ratios divide the named facts", arguments: [
        (FactID.rdRatio, FactID.rdExpense, FactID.revenue),
        (.stStaffRatio, .stStaff, .employees),
        (.rdStaffRatio, .rdStaff, .employees),
        (.debtRatio, .totalLiabilities, .totalAssets),
    ])
    func ratios(derived: FactID, numerator: FactID, denominator: FactID) {
        let result = DerivedFacts.adding(to: frame([numerator: 30, denominator: 120]), previous: nil)
        #expect(result.value(derived, at: 0) == 0.25)
    }

    @Test("a ratio over zero is missing, never infinite", arguments: [
        (FactID.rdRatio, FactID.rdExpense, FactID.revenue),
        (.stStaffRatio, .stStaff, .employees),
        (.debtRatio, .totalLiabilities, .totalAssets),
    ])
    func divisionByZero(derived: FactID, numerator: FactID, denominator: FactID) {
        let result = DerivedFacts.adding(to: frame([numerator: 30, denominator: 0]), previous: nil)
        #expect(result.value(derived, at: 0) == nil)
        #expect(result.values(derived).allSatisfy { $0.isNaN })
    }

    @Test("a ratio with a missing side is missing")
    func ratioMissing() {
        let result = DerivedFacts.adding(to: frame([.rdExpense: 30]), previous: nil)
        #expect(result.value(.rdRatio, at: 0) == nil)
    }

    @Test("growth over a positive base is current / previous − 1")
    func growthPositive() {
        let result = DerivedFacts.adding(to: frame([.revenue: 1500, .netProfit: 90]),
                                         previous: frame([.revenue: 1000, .netProfit: 100]))
        #expect(result.value(.revenueGrowth, at: 0) == 0.5)
        #expect(abs((result.value(.profitGrowth, at: 0) ?? 0) - -0.1) < 1e-12)
    }

    @Test("profit growth over a loss reads a shrinking loss as growth", arguments: [
        (-100.0, -50.0, 0.5), (-100.0, 50.0, 1.5), (-100.0, -150.0, -0.5),
    ])
    func growthOverLoss(previous: Double, current: Double, expected: Double) {
        #expect(abs(DerivedFacts.growth(current, over: previous) - expected) < 1e-12)
    }

    @Test("growth over a zero base or with a side missing is missing", arguments: [
        (0.0, 100.0), (Double.nan, 100.0), (100.0, Double.nan), (Double.infinity, 100.0),
    ])
    func growthUndefined(previous: Double, current: Double) {
        #expect(DerivedFacts.growth(current, over: previous).isNaN)
    }

    @Test("growth is missing without the previous year's frame")
    func growthWithoutPrevious() {
        let result = DerivedFacts.adding(to: frame([.revenue: 1500]), previous: nil)
        #expect(result.value(.revenueGrowth, at: 0) == nil)
    }

    @Test("the institution level is the highest level held", arguments: [
        (1.0, 0.0, 0.0, 3.0), (0.0, 2.0, 1.0, 2.0), (0.0, 0.0, 1.0, 1.0), (0.0, 0.0, 0.0, 0.0),
        (1.0, Double.nan, Double.nan, 3.0), (Double.nan, 1.0, 1.0, Double.nan), (0.0, Double.nan, 1.0, Double.nan),
        (0.0, 1.0, Double.nan, 2.0),
    ])
    func institutionLevel(national: Double, provincial: Double, municipal: Double, expected: Double) {
        let level = DerivedFacts.institutionLevel(national: national, provincial: provincial, municipal: municipal)
        #expect(RulesFixture.sameNumber(level, expected))
    }

    @Test("a history derives each year's growth from the year before it")
    func historyGrowth() {
        var history = FactHistory(count: 2)
        var y2023 = FactFrame(count: 2)
        y2023.setColumn(.revenue, [100, 0])
        var y2024 = FactFrame(count: 2)
        y2024.setColumn(.revenue, [120, 50])
        history.setFrame(y2023, for: 2023)
        history.setFrame(y2024, for: 2024)
        let derived = DerivedFacts.adding(to: history)
        let growth = derived.frame(2024).values(.revenueGrowth)
        #expect(abs(growth[0] - 0.2) < 1e-12)
        #expect(growth[1].isNaN)
        #expect(derived.frame(2023).values(.revenueGrowth).allSatisfy { $0.isNaN })
    }
}
