import SeedbedDomain
import Testing

@Suite("填报表单目录")
struct FilingCatalogTests {
    /// Every filed (non-derived) fact of `FactID`, spelled through its constants so a fact written as a
    /// misspelt string literal in a form is caught.
    static let knownFacts: Set<FactID> = [
        .revenue, .mainRevenue, .netProfit, .totalAssets, .totalLiabilities, .taxPaid, .totalCost, .rdExpense,
        .rdExpenseDomestic, .hightechProductIncome, .techContractTurnover, .equityFinancing, .employees, .stStaff,
        .rdStaff, .ipInvention, .ipPlantVariety, .ipCropVariety, .ipNewDrug, .ipTCMProtection, .ipICLayout,
        .ipUtilityModel, .ipDesign, .ipSoftware, .trademarks, .achievementConversions, .standardsLed,
        .standardsJoined, .stAwardsNational, .stAwardsProvincial, .rdInstitutionsNational,
        .rdInstitutionsProvincial, .rdInstitutionsMunicipal, .hightechCertified, .techSMECertified,
        .specializedSMECertified, .listingStatus, .negativeRecords,
    ]
    /// Computed from the filed facts elsewhere; a form must never carry them.
    static let derivedFacts: Set<FactID> = [
        .ipClass1, .ipClass2, .rdRatio, .stStaffRatio, .rdStaffRatio, .debtRatio, .revenueGrowth, .profitGrowth,
        .rdInstitutionLevel,
    ]

    static let everyForm = FilingForms.all + FilingForms.imports

    @Test("各表单的步骤/标签页名称与顺序与原系统一致", arguments: [
        ("registration", ["企业信息", "联系人与账号", "知情同意"]),
        ("basic_info", ["基本信息", "创新人员", "体系认定"]),
        ("annual_report", ["基本信息", "经营概况", "科技成果", "主导或参与标准制定", "人员状况", "研发平台", "挂牌上市",
                           "高企认定情况", "高新技术产品数"]),
        ("product", ["产品信息"]),
        ("service", ["服务信息"]),
        ("major_change", ["变更信息"]),
        ("points_data", ["基本数据", "资质数据"]),
        ("express_report", ["快报数据"]),
        ("registry_import", ["工商数据"]),
    ])
    func groups(id: String, expected: [String]) throws {
        let form = try #require(FilingForms.form(id: id))
        #expect(form.groups == expected)
    }

    @Test("按表单编号查找，未知编号返回空")
    func lookup() {
        #expect(FilingForms.all.map(\.id) == ["registration", "basic_info", "annual_report", "product", "service",
                                              "major_change", "points_data", "express_report"])
        #expect(FilingForms.form(id: "annual_report")?.title == "科技信息年报")
        #expect(FilingForms.form(id: "registry_import")?.title == "工商数据")
        #expect(FilingForms.form(id: "annual-report") == nil)
    }

    @Test("表单内字段编号（含派生字段）不重复", arguments: everyForm.map(\.id))
    func uniqueIDs(id: String) throws {
        let form = try #require(FilingForms.form(id: id))
        let ids = form.fields.map(\.id) + form.derived.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicates: \(ids.filter { id in ids.count { $0 == id } > 1 })")
    }

    @Test("每个字段属于表单的某一步骤，每个步骤都有字段", arguments: everyForm.map(\.id))
    func everyFieldInAGroup(id: String) throws {
        let form = try #require(FilingForms.form(id: id))
        #expect(Set(form.groups).count == form.groups.count)
        for field in form.fields { #expect(form.groups.contains(field.group), "\(field.id) in «\(field.group)»") }
        for group in form.groups { #expect(!form.fields(in: group).isEmpty, "«\(group)» is empty") }
    }

    @Test("字段对应的事实均为已知的事实编号，且一个事实只由一个字段填报", arguments: everyForm.map(\.id))
    func factsAreKnown(id: String) throws {
        let form = try #require(FilingForms.form(id: id))
        let facts = form.fields.compactMap(\.fact)
        for fact in facts { #expect(Self.knownFacts.contains(fact), "unknown or derived fact \(fact)") }
        #expect(Set(facts).count == facts.count)
    }

    @Test("年报填报规则与积分需要的全部事实，且这些字段均为必填")
    func annualReportCarriesEveryFact() {
        let fields = AnnualReportForm.form.fields.filter { $0.fact != nil }
        #expect(Set(fields.compactMap(\.fact)) == Self.knownFacts)
        for field in fields { #expect(field.required, "\(field.id) feeds a fact but may be left empty") }
        #expect(Self.derivedFacts.isDisjoint(with: fields.compactMap(\.fact)))
    }

    @Test("选择项字段的字典都能被校验器找到", arguments: everyForm.map(\.id))
    func dictionariesResolve(id: String) throws {
        let form = try #require(FilingForms.form(id: id))
        for field in form.fields {
            guard case .choice(let dictionary) = field.kind else { continue }
            let entries = FormsFixture.validator.dictionaries[dictionary]?.entries ?? []
            #expect(!entries.isEmpty, "\(field.id) reads missing dictionary \(dictionary.rawValue)")
        }
    }

    @Test("金额字段均为小数并标明万元或千元，百分比从不直接填报", arguments: everyForm.map(\.id))
    func unitsAreExplicit(id: String) throws {
        let form = try #require(FilingForms.form(id: id))
        for field in form.fields {
            #expect(field.unit != .percent, "\(field.id) types a percentage")
            switch field.kind {
            case .decimal: #expect(field.unit != nil, "\(field.id) is a number without a unit")
            case .integer: #expect(field.unit?.isMoney == false, "\(field.id): integers are not converted to 万元")
            default: #expect(field.unit == nil, "\(field.id) has a unit but is not a quantity")
            }
            #expect(!field.label.isEmpty)
        }
        for derived in form.derived { #expect(derived.unit != nil) }
    }

    @Test("年报金额按千元填报，注册资本按万元")
    func moneyUnits() {
        let money = AnnualReportForm.form.fields.filter { $0.unit?.isMoney == true }
        #expect(money.count == 13)
        #expect(money.allSatisfy { $0.unit == .qianYuan })
        #expect(AnnualReportForm.mainRevenue.header == "主营业务收入（千元）")
        #expect(BasicInfoForm.registeredCapital.header == "注册资本（万元）")
        #expect(ProductForm.annualRevenue.header == "上年销售收入（万元）")
    }

    @Test("工商导入字段置灰只读，且组成“工商数据”导入")
    func importedFields() {
        let imported = BasicInfoForm.form.fields.filter { $0.source == .imported }
        #expect(imported.map(\.label) == ["统一社会信用代码", "企业名称", "法定代表人", "成立日期", "注册资本", "企业类型",
                                           "登记状态", "登记机关", "注册地址", "经营范围", "所属行业"])
        #expect(imported.allSatisfy { $0.group == "基本信息" })
        let kind = BasicInfoForm.registryImport
        #expect(kind.fields.map(\.id) == imported.map(\.id))
        #expect(kind.fields.allSatisfy { $0.source == .imported && $0.group == "工商数据" })
        #expect(kind.fields.filter(\.required).map(\.id) == ["uscc", "name"])
        let filedByEnterprise = FilingForms.all.filter { $0.id != "basic_info" }.flatMap(\.fields)
        #expect(filedByEnterprise.allSatisfy { $0.source == .filed })
    }

    @Test("联系方式标记为敏感字段")
    func sensitive() {
        let sensitive = FilingForms.all.flatMap(\.fields).filter(\.sensitive).map(\.id)
        #expect(Set(sensitive) == ["contact_phone", "contact_email", "rd_leader_phone", "rd_contact_phone"])
    }

    @Test("工商数据导入行：缺少代码或名称时逐项提示，其余可缺")
    func registryImportRow() {
        let empty = FormsFixture.check(BasicInfoForm.registryImport, [:])
        #expect(empty.problems == ["uscc": ["请填写「统一社会信用代码」"], "name": ["请填写「企业名称」"]])
        let row = FormsFixture.check(BasicInfoForm.registryImport, [
            "uscc": .text(FormsFixture.uscc), "name": .text("重庆示例科技有限公司"), "registered_capital": .number(500),
            "registered_on": .date(year: 2013, month: 1, day: 15), "industry_code": .text("C36"),
        ])
        #expect(row.problems.isEmpty)
        #expect(row.values["registered_capital"] == .decimal(500))
        #expect(row.values["registered_on"] == .date("2013-01-15"))
    }
}
