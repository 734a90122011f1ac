import SeedbedDomain
import Testing

@Suite("年报审核通过后投影为事实")
struct FactProjectionTests {
    /// The facts of `AnnualReportFixture`: 千元 ÷ 10 = 万元, counts as typed, flags 0/1, listing status code.
    static let expected: [FactID: Double] = [
        .revenue: 11539.467, .mainRevenue: 11020.05, .netProfit: 689.02, .totalAssets: 9800, .totalLiabilities: 4116,
        .taxPaid: 365.04, .totalCost: 10530, .rdExpense: 612.075, .rdExpenseDomestic: 590,
        .hightechProductIncome: 9200, .techContractTurnover: 150, .equityFinancing: 2000,
        .employees: 186, .stStaff: 52, .rdStaff: 38,
        .ipInvention: 6, .ipPlantVariety: 0, .ipCropVariety: 0, .ipNewDrug: 0, .ipTCMProtection: 0, .ipICLayout: 0,
        .ipUtilityModel: 24, .ipDesign: 3, .ipSoftware: 5, .trademarks: 7, .achievementConversions: 4,
        .standardsLed: 1, .standardsJoined: 3, .stAwardsNational: 0, .stAwardsProvincial: 1,
        .rdInstitutionsNational: 0, .rdInstitutionsProvincial: 1, .rdInstitutionsMunicipal: 2,
        .hightechCertified: 1, .techSMECertified: 1, .specializedSMECertified: 1, .listingStatus: 1,
        .negativeRecords: 0,
    ]

    @Test("真实年报投影出全部事实，金额由千元换算为万元")
    func realisticReport() throws {
        let checked = AnnualReportFixture.check()
        try #require(checked.problems.isEmpty)
        let facts = FactProjection.annualReport(checked.values)
        #expect(Set(facts.keys) == Set(Self.expected.keys))
        for (fact, value) in Self.expected {
            let projected = try #require(facts[fact], "\(fact)")
            #expect(abs(projected - value) < 1e-6, "\(fact): \(projected) ≠ \(value)")
        }
    }

    @Test("比例等派生事实不投影")
    func noDerivedFacts() {
        let facts = FactProjection.annualReport(AnnualReportFixture.check().values)
        for fact in FilingCatalogTests.derivedFacts { #expect(facts[fact] == nil, "\(fact)") }
    }

    @Test("否与未挂牌投影为 0，上市投影为 2，亏损为负数")
    func flagsAndCodes() {
        let values = AnnualReportFixture.check([
            "hightech_certified": "否", "hightech_cert_no": nil, "hightech_cert_date": nil, "listing_status": "已上市",
            "listing_board": "北京证券交易所", "net_profit": "-1250.8",
        ]).values
        let facts = FactProjection.annualReport(values)
        #expect(facts[.hightechCertified] == 0)
        #expect(facts[.listingStatus] == 2)
        #expect(facts[.netProfit] == -125.08)
        let unlisted = FactProjection.annualReport(["listing_status": .choice("0")])
        #expect(unlisted == [.listingStatus: 0])
    }

    @Test("缺少的值不投影为 0，表单外的值被忽略")
    func absentAndForeign() {
        let facts = FactProjection.annualReport([
            "revenue": .decimal(100), "export_sales": .decimal(5), "doctors": .integer(3), "unknown_field": .integer(9),
            "rd_contact_name": .text("陈鑫"),
        ])
        #expect(facts == [.revenue: 100])
    }

    @Test("只投影字段声明的事实：基本信息与产品表单不产生年度事实")
    func otherForms() {
        let basic = FactProjection.project(["employees": .integer(186), "hightech_certified": .flag(true)],
                                           form: BasicInfoForm.form)
        #expect(basic.isEmpty)
        let custom = FormDefinition(id: "t", title: "t", groups: ["g"], fields: [
            FieldDefinition("x", "x", .decimal(scale: 2), unit: .wanYuan, group: "g", fact: .revenue),
            FieldDefinition("y", "y", .choice(.majorChangeType), group: "g", fact: .listingStatus),
        ])
        #expect(FactProjection.project(["x": .decimal(12.5), "y": .choice("other")], form: custom) == [.revenue: 12.5])
    }
}
