/// 科技信息年报 / 年度经营信息 (seed 004 §3.1.3, seed 000 §2.3; FEATURES D6, C4): one report per enterprise and
/// year, in the nine tabs of the Chongqing report.
///
/// Money is asked in 千元 as the Chongqing form asks it (its custom query shows 主营业务收入（千元）) and stored in
/// 万元 by the validator. Every number a rule or the scoring reads carries its `fact:`, and every such field is
/// required (an enterprise with none types 0; blank is never read as 0), so an approved report projects every
/// fact (`FactProjection`). Events (awards, standards, conversions) are counted for the report year only: rules
/// that look back 3 or 5 years sum the years of a `FactHistory`. Percentages are `derived`, never typed.
public enum AnnualReportForm {
    static let basicGroup = "基本信息"
    static let operationsGroup = "经营概况"
    static let achievementsGroup = "科技成果"
    static let standardsGroup = "主导或参与标准制定"
    static let staffGroup = "人员状况"
    static let platformsGroup = "研发平台"
    static let listingGroup = "挂牌上市"
    static let hightechGroup = "高企认定情况"
    static let productsGroup = "高新技术产品数"

    /// 1e10 千元 = 10 万亿元: above any enterprise's accounts, so only a slip of unit or keyboard reaches it.
    static let moneyCeiling: Double = 1e10
    static let countCeiling: Double = 1_000_000

    static func money(_ id: FieldID, _ label: String, group: String, fact: FactID?, required: Bool = true,
                      signed: Bool = false, help: String) -> FieldDefinition
    {
        FieldDefinition(id, label, .decimal(scale: 3), unit: .qianYuan, required: required,
                        minimum: signed ? -moneyCeiling : 0, maximum: moneyCeiling, group: group, help: help,
                        fact: fact)
    }

    static func count(_ id: FieldID, _ label: String, _ unit: FieldUnit, group: String, fact: FactID?,
                      required: Bool = true, help: String) -> FieldDefinition
    {
        FieldDefinition(id, label, .integer, unit: unit, required: required, minimum: 0, maximum: countCeiling,
                        group: group, help: help, fact: fact)
    }

    // MARK: 基本信息

    public static let reportYear = FieldDefinition(
        "report_year", "年报年度", .year, required: true, minimum: 2000, maximum: 2100, group: basicGroup,
        help: "所报告的会计年度，如 2024 年度年报填 2024")
    public static let scale = FieldDefinition(
        "enterprise_scale", "企业规模", .choice(.enterpriseScale), required: true, group: basicGroup,
        help: "按本年度从业人员、营业收入、资产总额确定")
    public static let aboveScaleIndustrial = FieldDefinition(
        "above_scale_industrial", "规模以上工业企业", .flag, required: true, group: basicGroup,
        help: "年主营业务收入 2000 万元及以上、纳入统计部门规上工业名录的工业企业")
    public static let rdContactName = FieldDefinition(
        "rd_contact_name", "科研联系人", .text(maxLength: 30), required: true, group: basicGroup)
    public static let rdContactPhone = FieldDefinition(
        "rd_contact_phone", "科研联系人手机", .phone, required: true, group: basicGroup, sensitive: true)
    public static let techSMECertified = FieldDefinition(
        "tech_sme_certified", "科技型中小企业", .flag, required: true, group: basicGroup,
        help: "本年度已通过科技型中小企业评价并取得入库登记编号", fact: .techSMECertified)
    public static let specializedSMECertified = FieldDefinition(
        "specialized_sme_certified", "专精特新中小企业", .flag, required: true, group: basicGroup,
        help: "持有在有效期内的省级专精特新中小企业或国家级专精特新“小巨人”企业认定", fact: .specializedSMECertified)
    public static let negativeRecords = count(
        "negative_records", "重大安全、质量事故或严重违法失信行为", .item, group: basicGroup, fact: .negativeRecords,
        help: "本年度发生重大安全事故、重大质量事故、严重环境违法行为或被列入严重失信主体名单的次数，没有请填 0")

    // MARK: 经营概况 (千元)

    public static let revenue = money(
        "revenue", "营业收入", group: operationsGroup, fact: .revenue,
        help: "利润表“营业收入”本年累计数，即主营业务收入与其他业务收入之和")
    public static let mainRevenue = money(
        "main_revenue", "主营业务收入", group: operationsGroup, fact: .mainRevenue, help: "营业收入中来自主营业务的部分")
    public static let exportSales = money(
        "export_sales", "出口总额", group: operationsGroup, fact: nil, required: false,
        help: "营业收入中产品、服务和技术出口的部分，没有可不填")
    public static let netProfit = money(
        "net_profit", "净利润", group: operationsGroup, fact: .netProfit, signed: true,
        help: "利润表“净利润”本年累计数，亏损填负数")
    public static let totalAssets = money(
        "total_assets", "资产总额", group: operationsGroup, fact: .totalAssets, help: "资产负债表年末“资产总计”")
    public static let totalLiabilities = money(
        "total_liabilities", "负债总额", group: operationsGroup, fact: .totalLiabilities, help: "资产负债表年末“负债合计”")
    public static let taxPaid = money(
        "tax_paid", "实际上缴税费总额", group: operationsGroup, fact: .taxPaid,
        help: "本年实际缴纳的各项税费合计，不含已减免和退还的税款")
    public static let totalCost = money(
        "total_cost", "成本费用支出总额", group: operationsGroup, fact: .totalCost,
        help: "营业成本、税金及附加、销售费用、管理费用、研发费用、财务费用之和")
    public static let rdExpense = money(
        "rd_expense", "研究开发费用总额", group: operationsGroup, fact: .rdExpense,
        help: "按研发费用加计扣除或高新技术企业认定口径归集的本年研发费用，含委托外部研究开发费用")
    public static let rdExpenseDomestic = money(
        "rd_expense_domestic", "境内研究开发费用", group: operationsGroup, fact: .rdExpenseDomestic,
        help: "研发费用中在中国境内发生的部分；委托境外机构或个人的研发费用不计入")

    // MARK: 科技成果 (valid holdings at year end unless stated)

    public static let ipInvention = count(
        "ip_invention", "有效发明专利", .piece, group: achievementsGroup, fact: .ipInvention,
        help: "年末拥有的在中国境内授权且有效的发明专利（Ⅰ类知识产权）")
    public static let ipPlantVariety = count(
        "ip_plant_variety", "植物新品种权", .piece, group: achievementsGroup, fact: .ipPlantVariety, help: "Ⅰ类知识产权")
    public static let ipCropVariety = count(
        "ip_crop_variety", "国家级农作物品种", .piece, group: achievementsGroup, fact: .ipCropVariety,
        help: "通过国家审定的农作物品种（Ⅰ类知识产权）")
    public static let ipNewDrug = count(
        "ip_new_drug", "国家新药", .piece, group: achievementsGroup, fact: .ipNewDrug, help: "Ⅰ类知识产权")
    public static let ipTCMProtection = count(
        "ip_tcm_protection", "国家一级中药保护品种", .piece, group: achievementsGroup, fact: .ipTCMProtection,
        help: "Ⅰ类知识产权")
    public static let ipICLayout = count(
        "ip_ic_layout", "集成电路布图设计专有权", .piece, group: achievementsGroup, fact: .ipICLayout, help: "Ⅰ类知识产权")
    public static let ipUtilityModel = count(
        "ip_utility_model", "有效实用新型专利", .piece, group: achievementsGroup, fact: .ipUtilityModel, help: "Ⅱ类知识产权")
    public static let ipDesign = count(
        "ip_design", "有效外观设计专利", .piece, group: achievementsGroup, fact: .ipDesign, help: "Ⅱ类知识产权")
    public static let ipSoftware = count(
        "ip_software", "软件著作权", .piece, group: achievementsGroup, fact: .ipSoftware, help: "Ⅱ类知识产权")
    public static let trademarks = count(
        "trademarks", "有效注册商标", .piece, group: achievementsGroup, fact: .trademarks,
        help: "不计入Ⅰ类或Ⅱ类知识产权，仅用于知识产权统计")
    public static let patentApplications = count(
        "patent_applications", "当年专利申请数", .piece, group: achievementsGroup, fact: nil, required: false,
        help: "本年向国家知识产权局提交的发明、实用新型和外观设计专利申请合计")
    public static let inventionGrants = count(
        "invention_grants", "当年发明专利授权数", .piece, group: achievementsGroup, fact: nil, required: false,
        help: "本年获得授权的发明专利")
    public static let achievementConversions = count(
        "achievement_conversions", "科技成果转化数", .item, group: achievementsGroup, fact: .achievementConversions,
        help: "本年将科技成果转化为产品、服务、样品、样机或通过转让、许可、作价投资实现转化的项数")
    public static let techContractTurnover = money(
        "tech_contract_turnover", "技术合同成交额", group: achievementsGroup, fact: .techContractTurnover,
        help: "本年作为卖方（技术输出方）经技术合同登记机构认定登记的技术合同成交额合计")
    public static let stAwardsNational = count(
        "st_awards_national", "国家级科技奖励", .item, group: achievementsGroup, fact: .stAwardsNational,
        help: "本年度作为完成单位获得的国家自然科学奖、技术发明奖、科学技术进步奖项数")
    public static let stAwardsProvincial = count(
        "st_awards_provincial", "省部级科技奖励", .item, group: achievementsGroup, fact: .stAwardsProvincial,
        help: "本年度作为完成单位获得的省（自治区、直辖市）科学技术奖或部级科技奖项数")

    // MARK: 主导或参与标准制定 (standards published in the report year)

    public static let standardsLed = count(
        "standards_led", "主导制定国际、国家或行业标准", .item, group: standardsGroup, fact: .standardsLed,
        help: "本年度发布的、企业作为第一起草单位制定的国际标准、国家标准和行业标准项数")
    public static let standardsLedLocal = count(
        "standards_led_local", "主导制定地方或团体标准", .item, group: standardsGroup, fact: nil,
        help: "本年度发布的、企业作为第一起草单位制定的地方标准和团体标准项数")
    public static let standardsJoined = count(
        "standards_joined", "参与制定国际、国家或行业标准", .item, group: standardsGroup, fact: .standardsJoined,
        help: "本年度发布的、企业作为其他起草单位参与制定的国际标准、国家标准和行业标准项数")
    public static let standardsJoinedLocal = count(
        "standards_joined_local", "参与制定地方或团体标准", .item, group: standardsGroup, fact: nil,
        help: "本年度发布的、企业作为其他起草单位参与制定的地方标准和团体标准项数")

    // MARK: 人员状况

    public static let employees = count(
        "employees", "从业人员", .person, group: staffGroup, fact: .employees,
        help: "年末从业人员，含在职、兼职和临时聘用人员")
    public static let stStaff = count(
        "st_staff", "科技人员", .person, group: staffGroup, fact: .stStaff,
        help: "从业人员中直接从事研发和相关技术创新活动，以及专门从事上述活动的管理和提供直接服务的人员")
    public static let rdStaff = count(
        "rd_staff", "研发人员", .person, group: staffGroup, fact: .rdStaff, help: "科技人员中直接从事研究开发活动的人员")
    public static let doctors = count(
        "doctors", "博士", .person, group: staffGroup, fact: nil, required: false, help: "从业人员中具有博士学位的人数")
    public static let masters = count(
        "masters", "硕士", .person, group: staffGroup, fact: nil, required: false,
        help: "从业人员中具有硕士学位的人数（不含博士）")
    public static let bachelors = count(
        "bachelors", "本科", .person, group: staffGroup, fact: nil, required: false,
        help: "从业人员中最高学历为大学本科的人数")

    // MARK: 研发平台

    public static let hasInternalRD = FieldDefinition(
        "has_internal_rd_institution", "设立企业内部研发机构", .flag, required: true, group: platformsGroup,
        help: "有独立或挂牌的研发中心、技术中心、研究院等内部研究开发机构")
    public static let rdInstitutionsNational = count(
        "rd_institutions_national", "国家级研发机构", .count, group: platformsGroup, fact: .rdInstitutionsNational,
        help: "经国家部委认定的国家企业技术中心、国家重点实验室、国家工程技术研究中心等")
    public static let rdInstitutionsProvincial = count(
        "rd_institutions_provincial", "省级研发机构", .count, group: platformsGroup, fact: .rdInstitutionsProvincial,
        help: "经省级部门认定的企业技术中心、重点实验室、工程技术研究中心、新型研发机构等")
    public static let rdInstitutionsMunicipal = count(
        "rd_institutions_municipal", "市级研发机构", .count, group: platformsGroup, fact: .rdInstitutionsMunicipal,
        help: "经地级市（直辖市为区县以上）部门认定的研发机构")
    public static let rdInstitutionsCounty = count(
        "rd_institutions_county", "区县级及其他研发机构", .count, group: platformsGroup, fact: nil, required: false,
        help: "区县认定或未经认定的其他研发机构")

    // MARK: 挂牌上市

    public static let listingStatus = FieldDefinition(
        "listing_status", "挂牌上市情况", .choice(.listingStatus), required: true, group: listingGroup,
        help: "年末状态；在新三板或区域性股权市场挂牌的选“挂牌”，在境内外证券交易所上市的选“已上市”", fact: .listingStatus)
    public static let listingBoard = FieldDefinition(
        "listing_board", "挂牌上市板块", .choice(.listingBoard), group: listingGroup, help: "已挂牌或上市的必填")
    public static let stockCode = FieldDefinition(
        "stock_code", "证券代码", .text(maxLength: 20), group: listingGroup)
    public static let listedOn = FieldDefinition(
        "listed_on", "挂牌上市日期", .date, group: listingGroup)
    public static let listingPlanned = FieldDefinition(
        "listing_planned", "已启动上市计划", .flag, group: listingGroup,
        help: "已完成股份制改造、聘请保荐机构或在证监局辅导备案，拟在境内外证券交易所上市")
    public static let equityFinancing = money(
        "equity_financing", "当年股权融资额", group: listingGroup, fact: .equityFinancing,
        help: "本年以股权方式获得的新增资金，含风险投资、私募股权投资及挂牌上市募集资金；不含借款等债权融资，没有请填 0")

    // MARK: 高企认定情况

    public static let hightechCertified = FieldDefinition(
        "hightech_certified", "高新技术企业", .flag, required: true, group: hightechGroup,
        help: "年末持有在有效期内的高新技术企业证书", fact: .hightechCertified)
    public static let hightechCertNo = FieldDefinition(
        "hightech_cert_no", "高企证书编号", .text(maxLength: 20), group: hightechGroup, help: "形如 GR202350000123")
    public static let hightechCertDate = FieldDefinition(
        "hightech_cert_date", "高企发证日期", .date, group: hightechGroup, help: "证书有效期三年，自发证日期起算")
    public static let hightechApplying = FieldDefinition(
        "hightech_applying", "当年申报高新技术企业认定", .flag, group: hightechGroup,
        help: "本年已提交高新技术企业认定（含重新认定）申请")

    // MARK: 高新技术产品数

    public static let hightechProducts = count(
        "hightech_products", "高新技术产品（服务）数", .count, group: productsGroup, fact: nil,
        help: "核心技术属于国家重点支持的高新技术领域的产品（服务）个数，没有请填 0")
    public static let hightechProductIncome = money(
        "hightech_product_income", "高新技术产品（服务）收入", group: productsGroup, fact: .hightechProductIncome,
        help: "本年高新技术产品（服务）的销售收入与技术性收入之和")

    // MARK: The form

    /// Ⅰ类 and Ⅱ类 as RULES.md §5, for the totals shown under the 科技成果 tab.
    static let classOneIP: [FieldID] = [ipInvention.id, ipPlantVariety.id, ipCropVariety.id, ipNewDrug.id,
                                        ipTCMProtection.id, ipICLayout.id]
    static let classTwoIP: [FieldID] = [ipUtilityModel.id, ipDesign.id, ipSoftware.id]

    /// A total of the present values, nil when none is present.
    static func total(_ id: FieldID, _ label: String, _ parts: [FieldID]) -> DerivedField {
        DerivedField(id, label, unit: .piece) { values in
            let present = parts.compactMap { values[$0]?.number }
            return present.isEmpty ? nil : present.reduce(0, +)
        }
    }

    public static let form = FormDefinition(
        id: "annual_report", title: "科技信息年报",
        groups: [basicGroup, operationsGroup, achievementsGroup, standardsGroup, staffGroup, platformsGroup,
                 listingGroup, hightechGroup, productsGroup],
        fields: [
            reportYear, scale, aboveScaleIndustrial, rdContactName, rdContactPhone, techSMECertified,
            specializedSMECertified, negativeRecords,
            revenue, mainRevenue, exportSales, netProfit, totalAssets, totalLiabilities, taxPaid, totalCost, rdExpense,
            rdExpenseDomestic,
            ipInvention, ipPlantVariety, ipCropVariety, ipNewDrug, ipTCMProtection, ipICLayout, ipUtilityModel,
            ipDesign, ipSoftware, trademarks, patentApplications, inventionGrants, achievementConversions,
            techContractTurnover, stAwardsNational, stAwardsProvincial,
            standardsLed, standardsLedLocal, standardsJoined, standardsJoinedLocal,
            employees, stStaff, rdStaff, doctors, masters, bachelors,
            hasInternalRD, rdInstitutionsNational, rdInstitutionsProvincial, rdInstitutionsMunicipal,
            rdInstitutionsCounty,
            listingStatus, listingBoard, stockCode, listedOn, listingPlanned, equityFinancing,
            hightechCertified, hightechCertNo, hightechCertDate, hightechApplying,
            hightechProducts, hightechProductIncome,
        ],
        derived: [
            .ratio("rd_ratio_pct", "研发费用占营业收入比例", rdExpense.id, over: revenue.id),
            .ratio("rd_cost_ratio_pct", "研发费用占成本费用支出比例", rdExpense.id, over: totalCost.id),
            .ratio("rd_domestic_share_pct", "境内研发费用占比", rdExpenseDomestic.id, over: rdExpense.id),
            .ratio("main_revenue_share_pct", "主营业务收入占比", mainRevenue.id, over: revenue.id),
            .ratio("hightech_income_share_pct", "高新技术产品（服务）收入占比", hightechProductIncome.id, over: revenue.id),
            .ratio("net_margin_pct", "销售净利率", netProfit.id, over: revenue.id),
            .ratio("debt_ratio_pct", "资产负债率", totalLiabilities.id, over: totalAssets.id),
            .ratio("st_staff_ratio_pct", "科技人员占比", stStaff.id, over: employees.id),
            .ratio("rd_staff_ratio_pct", "研发人员占比", rdStaff.id, over: employees.id),
            total("ip_class1_total", "Ⅰ类知识产权合计", classOneIP),
            total("ip_class2_total", "Ⅱ类知识产权合计", classTwoIP),
        ],
        rules: [
            .notGreater(mainRevenue.id, than: revenue.id, message: "主营业务收入不能大于营业收入"),
            .notGreater(exportSales.id, than: revenue.id, message: "出口总额不能大于营业收入"),
            .notGreater(rdExpenseDomestic.id, than: rdExpense.id, message: "境内研究开发费用不能大于研究开发费用总额"),
            .notGreater(hightechProductIncome.id, than: revenue.id, message: "高新技术产品（服务）收入不能大于营业收入"),
            .notGreater(rdStaff.id, than: stStaff.id, message: "研发人员不能多于科技人员"),
            .notGreater(stStaff.id, than: employees.id, message: "科技人员不能多于从业人员"),
            .sumNotGreater([doctors.id, masters.id, bachelors.id], than: employees.id,
                           message: "博士、硕士、本科人数之和不能多于从业人员"),
            .required(listingBoard.id, when: [listingStatus.id], message: "已挂牌或上市的，请选择「挂牌上市板块」") {
                if case .choice(let status) = $0[listingStatus.id] { return status != "0" }
                return false
            },
            boardMatchesStatus,
            .required(hightechCertNo.id, whenTicked: hightechCertified.id,
                      message: "已认定为高新技术企业的，请填写「高企证书编号」"),
            .required(hightechCertDate.id, whenTicked: hightechCertified.id,
                      message: "已认定为高新技术企业的，请填写「高企发证日期」"),
            .conforms(hightechCertNo.id,
                      message: "「高企证书编号」应为 GR 加 12 位数字（年份、省份代码和序号），如 GR202350000123",
                      FilingFormats.isHightechCertificate),
            institutionsNeedInternalRD,
        ])

    /// A board implies a status (新三板 and regional markets 挂牌, exchanges 上市); 未挂牌上市 takes no board.
    static let boardMatchesStatus = CrossFieldRule(
        fields: [listingBoard.id, listingStatus.id],
        message: "「挂牌上市板块」与「挂牌上市情况」不一致：新三板、区域性股权市场为挂牌，证券交易所为上市，未挂牌上市的不选板块"
    ) { values in
        guard case .choice(let board) = values[listingBoard.id], case .choice(let status) = values[listingStatus.id]
        else { return true }
        return FilingDictionaries.listingStatus(ofBoard: board) == status
    }

    /// Counting a recognised R&D institution while saying the enterprise has none contradicts itself.
    static let institutionsNeedInternalRD = CrossFieldRule(
        fields: [hasInternalRD.id, rdInstitutionsNational.id, rdInstitutionsProvincial.id, rdInstitutionsMunicipal.id],
        message: "已填报国家级、省级或市级研发机构的，「设立企业内部研发机构」应为“是”"
    ) { values in
        guard values[hasInternalRD.id] == .flag(false) else { return true }
        let levels = [rdInstitutionsNational.id, rdInstitutionsProvincial.id, rdInstitutionsMunicipal.id]
        return levels.allSatisfy { (values[$0]?.number ?? 0) == 0 }
    }
}
