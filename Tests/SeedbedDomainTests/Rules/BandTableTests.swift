import Testing
@testable import SeedbedDomain

/// A value scored by a band table, with the points it must get.
struct BandCase: CustomTestStringConvertible, Sendable {
    let table: String
    let bands: BandTable
    let value: Double
    let points: Double
    var testDescription: String { "\(table) \(value) → \(points)" }

    static func list(_ name: String, _ bands: BandTable, _ pairs: [(Double, Double)]) -> [BandCase] {
        pairs.map { BandCase(table: name, bands: bands, value: $0.0, points: $0.1) }
    }
}

@Suite("Band tables")
struct BandTableTests {
    static let hightech = HightechPrescreenRules.v2016
    static let techSME = TechSMERules.v2017
    static let innovative = InnovativeSMERules.v2022
    static let specialized = SpecializedSMEIndicators.v2022

    static let cases: [BandCase] =
        BandCase.list("高企成长性", hightech.salesGrowth, [
            (0.35, 10), (0.3499, 8), (0.25, 8), (0.2499, 6), (0.15, 6), (0.05, 4), (0.0499, 2), (0.0001, 2), (0, 0),
            (-0.2, 0),
        ])
        + BandCase.list("高企成果转化", hightech.conversions, [(5, 30), (4.99, 24), (4, 24), (1, 6), (0.99, 0), (0, 0)])
        + BandCase.list("科技型科技人员", techSME.staffShare, [
            (0.30, 20), (0.2999, 16), (0.25, 16), (0.20, 12), (0.15, 8), (0.10, 4), (0.0999, 0),
        ])
        + BandCase.list("科技型研发/收入", techSME.rdToSales, [(0.06, 50), (0.0599, 40), (0.02, 10), (0.0199, 0)])
        + BandCase.list("科技型研发/成本", techSME.rdToCost, [(0.30, 50), (0.2999, 40), (0.10, 10), (0.0999, 0)])
        + BandCase.list("创新型研发占比", innovative.rdRatio, [(0.05, 20), (0.0499, 15), (0.01, 5), (0.0099, 0)])
        + BandCase.list("创新型主营增长", innovative.mainRevenueGrowth, [
            (0.15, 20), (0.1499, 15), (0.05, 10), (0, 5), (-0.0001, 0),
        ])
        // Debt ratio: "≤55%: 10" — the boundary belongs to the better band, as written.
        + BandCase.list("创新型资产负债率", innovative.debtRatio, [
            (0.55, 10), (0.5501, 5), (0.75, 5), (0.7501, 0), (0, 10),
        ])
        + BandCase.list("创新型主营占比", innovative.mainBusinessShare, [(0.70, 20), (0.6999, 15), (0.50, 5), (0.4999, 0)])
        + BandCase.list("专精特新主营占比", specialized.mainBusinessShare, [(0.80, 5), (0.7999, 3), (0.60, 1), (0.5999, 0)])
        + BandCase.list("专精特新主营增长", specialized.mainRevenueGrowth, [(0.10, 10), (0.0999, 8), (0, 2), (-0.0001, 0)])
        + BandCase.list("专精特新净利润率", specialized.netMargin, [(0.10, 10), (0.02, 2), (0.0199, 0)])
        + BandCase.list("专精特新资产负债率", specialized.debtRatio, [
            (0.50, 5), (0.5001, 3), (0.60, 3), (0.6001, 1), (0.70, 1), (0.7001, 0),
        ])
        + BandCase.list("专精特新研发费用", specialized.rdAmount, [(500, 10), (499.99, 8), (100, 2), (99.99, 0)])
        + BandCase.list("专精特新研发占比", specialized.rdRatio, [(0.10, 10), (0.03, 2), (0.0299, 0)])
        + BandCase.list("专精特新研发人员", specialized.rdStaffShare, [(0.20, 5), (0.1999, 3), (0.05, 1), (0.0499, 0)])

    @Test("values on a boundary fall in the better band, just off it in the next", arguments: cases)
    func band(_ item: BandCase) {
        let line = item.bands.score(item.value)
        #expect(line.points == item.points)
        #expect(line.possible == line.points)
    }

    @Test("a computed 20 % growth lands on the 20 % boundary")
    func binaryBoundary() {
        let growth = DerivedFacts.growth(1440, over: 1200)
        #expect(growth < 0.2)
        #expect(Self.innovative.mainRevenueGrowth.score(DerivedFacts.growth(1150, over: 1000)).points == 20)
        #expect(Tolerance.atLeast(growth, 0.2))
    }

    @Test("a missing value is open between the worst and the best band")
    func missing() {
        let line = Self.techSME.staffShare.score(.nan)
        #expect(line.basis == .unknown)
        #expect(line.points == 0 && line.possible == 20)
    }

    @Test("IP ladders give the first step reached", arguments: [
        (1.0, 0.0, Bool?.some(true), 20.0, 20.0), (1, 0, false, 10, 10), (1, 0, nil, 10, 20), (0, 3, nil, 5, 5),
        (0, 0, nil, 0, 0), (Double.nan, 0, false, 0, 10), (Double.nan, 2, nil, 5, 20),
    ])
    func ladder(classOne: Double, classTwo: Double, highValue: Bool?, points: Double, possible: Double) {
        let line = Self.innovative.ip.score(classOne: classOne, classTwo: classTwo, highValue: highValue,
                                            selfDeveloped: highValue)
        #expect(line.points == points)
        #expect(line.possible == possible)
    }

    @Test("科技型 IP steps count Ⅱ类 items", arguments: [(0.0, 4.0, 24.0), (0, 3, 18), (0, 1, 6), (2, 0, 30), (0, 0, 0)])
    func techSMELadder(classOne: Double, classTwo: Double, points: Double) {
        #expect(Self.techSME.ip.score(classOne: classOne, classTwo: classTwo).points == points)
    }

    @Test("a ranged 高企 band credits its upper bound and says so")
    func upperBound() throws {
        let line = Self.hightech.ipQuantity.score(classOne: 0, classTwo: 5)
        #expect(line.points == 6)
        #expect(line.basis == .upperBound)
        #expect(ScoreBasis.upperBound.note == "按上限估算")
        #expect(Self.hightech.ipQuantity.describe(line.band) == "Ⅱ类≥5项（5–6 分）")
    }
}
