import Foundation

/// 积分数据填报 (issue 5, FEATURES D8): what an enterprise files in a 填报项目 so the innovation-points scheme can
/// score it. It asks exactly the facts the default scheme's indicators read (`InnovationScheme.platformDefault`,
/// directly or through the ratios, growth rates, Ⅰ类/Ⅱ类 totals and institution level derived from them), in two
/// steps: 基本数据 (accounts and staff, pre-filled from imported 火炬统计数据 or approved annual reports) and
/// 资质数据 (counts of IP, awards, standards, platforms and titles the enterprise verifies).
///
/// Money is asked in 万元, the unit facts are stored in, so a pre-filled value is shown exactly as imported.
/// Every data field feeds a fact and is required: blank is never read as 0. The two proof documents (财务报表,
/// 审计报告) feed nothing: they back basic data the platform could not pre-fill from 火炬统计数据, so they are
/// optional in the catalog and `proofProblem` says when one is needed.
public enum PointsDataForm {
    static let basicGroup = "基本数据"
    static let qualificationGroup = "资质数据"

    static func money(_ id: FieldID, _ label: String, fact: FactID, signed: Bool = false, help: String) -> FieldDefinition {
        FieldDefinition(id, label, .decimal(scale: 2), unit: .wanYuan, required: true,
                        minimum: signed ? -AnnualReportForm.moneyCeiling : 0, maximum: AnnualReportForm.moneyCeiling,
                        group: basicGroup, help: help, fact: fact)
    }

    static func count(_ id: FieldID, _ label: String, _ unit: FieldUnit, group: String = qualificationGroup,
                      fact: FactID, help: String) -> FieldDefinition {
        FieldDefinition(id, label, .integer, unit: unit, required: true, minimum: 0,
                        maximum: AnnualReportForm.countCeiling, group: group, help: help, fact: fact)
    }

    // MARK: 基本数据

    public static let revenue = money("revenue", "营业收入", fact: .revenue, help: "填报年度利润表“营业收入”")
    public static let netProfit = money("net_profit", "净利润", fact: .netProfit, signed: true,
                                        help: "填报年度利润表“净利润”，亏损填负数")
    public static let taxPaid = money("tax_paid", "实际上缴税费总额", fact: .taxPaid, help: "填报年度实际缴纳的各项税费")
    public static let rdExpense = money("rd_expense", "研究开发费用总额", fact: .rdExpense,
                                        help: "按研发费用加计扣除口径归集的研发投入")
    public static let techContractTurnover = money("tech_contract_turnover", "技术合同成交额", fact: .techContractTurnover,
                                                   help: "经技术合同登记机构登记的技术合同成交额")
    public static let equityFinancing = money("equity_financing", "股权融资额", fact: .equityFinancing,
                                              help: "填报年度获得的股权投资金额，没有填 0")
    public static let employees = count("employees", "从业人员", .person, group: basicGroup, fact: .employees,
                                        help: "年末从业人员数")
    public static let stStaff = count("st_staff", "科技人员", .person, group: basicGroup, fact: .stStaff,
                                      help: "直接从事科技活动及为其提供直接服务的人员")
    public static let rdStaff = count("rd_staff", "研发人员", .person, group: basicGroup, fact: .rdStaff,
                                      help: "科技人员中直接从事研究开发活动的人员")

    /// Proof documents of the basic data, for reviewers to check the figures against.
    public static let proofStatements = FieldDefinition(
        "proof_statements", "财务报表", .file, group: basicGroup, help: "填报年度的资产负债表、利润表等（PDF、JPG 或 PNG，不超过 20 MB）")
    public static let proofAudit = FieldDefinition(
        "proof_audit", "审计报告", .file, group: basicGroup, help: "会计师事务所出具的填报年度审计报告（PDF、JPG 或 PNG，不超过 20 MB）")
    public static let proofFields: [FieldDefinition] = [proofStatements, proofAudit]

    /// Why the filing may not be submitted for want of proof: basic data not pre-filled from imported Torch
    /// statistics must be backed by at least one proof document. Nil when nothing is missing.
    public static func proofProblem(values: [String: String], prefilledFromTorch: Bool) -> FieldProblem? {
        guard !prefilledFromTorch else { return nil }
        let attached = proofFields.contains { !(values[$0.id.rawValue] ?? "").isEmpty }
        return attached ? nil : FieldProblem(field: proofStatements.id,
                                             message: "基本数据未由火炬统计数据预填，请至少上传一份财务报表或审计报告作为证明材料")
    }

    // MARK: 资质数据

    public static let ipInvention = count("ip_invention", "有效发明专利", .piece, fact: .ipInvention, help: "Ⅰ类知识产权")
    public static let ipPlantVariety = count("ip_plant_variety", "植物新品种权", .piece, fact: .ipPlantVariety,
                                             help: "Ⅰ类知识产权")
    public static let ipCropVariety = count("ip_crop_variety", "国家级农作物品种", .piece, fact: .ipCropVariety,
                                            help: "Ⅰ类知识产权")
    public static let ipNewDrug = count("ip_new_drug", "国家新药", .piece, fact: .ipNewDrug, help: "Ⅰ类知识产权")
    public static let ipTCMProtection = count("ip_tcm_protection", "国家一级中药保护品种", .piece, fact: .ipTCMProtection,
                                              help: "Ⅰ类知识产权")
    public static let ipICLayout = count("ip_ic_layout", "集成电路布图设计专有权", .piece, fact: .ipICLayout,
                                         help: "Ⅰ类知识产权")
    public static let ipUtilityModel = count("ip_utility_model", "有效实用新型专利", .piece, fact: .ipUtilityModel,
                                             help: "Ⅱ类知识产权")
    public static let ipDesign = count("ip_design", "有效外观设计专利", .piece, fact: .ipDesign, help: "Ⅱ类知识产权")
    public static let ipSoftware = count("ip_software", "软件著作权", .piece, fact: .ipSoftware, help: "Ⅱ类知识产权")
    public static let standardsLed = count("standards_led", "主导制定国际、国家或行业标准", .item, fact: .standardsLed,
                                           help: "填报年度发布的标准")
    public static let stAwardsNational = count("st_awards_national", "国家级科技奖励", .item, fact: .stAwardsNational,
                                               help: "填报年度获得的国家级科技奖励")
    public static let rdInstitutionsNational = count("rd_institutions_national", "国家级研发机构", .count,
                                                     fact: .rdInstitutionsNational, help: "经国家部委认定的研发平台")
    public static let rdInstitutionsProvincial = count("rd_institutions_provincial", "省级研发机构", .count,
                                                       fact: .rdInstitutionsProvincial, help: "经省级部门认定的研发平台")
    public static let rdInstitutionsMunicipal = count("rd_institutions_municipal", "市级研发机构", .count,
                                                      fact: .rdInstitutionsMunicipal, help: "经地级市部门认定的研发平台")
    public static let hightechCertified = FieldDefinition(
        "hightech_certified", "高新技术企业", .flag, required: true, group: qualificationGroup,
        help: "年末持有在有效期内的高新技术企业证书", fact: .hightechCertified)
    public static let techSMECertified = FieldDefinition(
        "tech_sme_certified", "科技型中小企业", .flag, required: true, group: qualificationGroup,
        help: "填报年度已通过科技型中小企业评价并取得入库登记编号", fact: .techSMECertified)
    public static let negativeRecords = count(
        "negative_records", "重大安全、质量事故或严重违法失信行为", .item, fact: .negativeRecords,
        help: "填报年度发生的次数，没有填 0")

    /// How a filed qualification count stands against the figure the platform already holds (imported 火炬统计数据,
    /// an approved report): the enterprise verifies a count that differs and supplements one nobody imported.
    public enum QualificationState: Sendable, Equatable {
        case matches
        case differs(known: Double)
        case notImported
    }

    /// The 资质数据 fields with their state, in form order. A flag counts 是 as 1; a blank or unreadable filing
    /// differs from any known figure.
    public static func qualificationStates(values: [String: String], known: [FactID: Double])
        -> [(field: FieldDefinition, state: QualificationState)]
    {
        form.fields(in: qualificationGroup).compactMap { field in
            guard let fact = field.fact else { return nil }
            guard let figure = known[fact] else { return (field, .notImported) }
            let text = (values[field.id.rawValue] ?? "").trimmingCharacters(in: .whitespaces)
            let filed: Double? = field.kind == .flag ? (text == "是" ? 1 : text == "否" ? 0 : nil) : Double(text)
            let same = filed.map { field.kind == .flag ? ($0 > 0) == (figure > 0) : abs($0 - figure) < 1e-9 } ?? false
            return (field, same ? .matches : .differs(known: figure))
        }
    }

    static let classOneIP: [FieldID] = [ipInvention.id, ipPlantVariety.id, ipCropVariety.id, ipNewDrug.id,
                                        ipTCMProtection.id, ipICLayout.id]
    static let classTwoIP: [FieldID] = [ipUtilityModel.id, ipDesign.id, ipSoftware.id]

    public static let form = FormDefinition(
        id: "points_data", title: "积分数据",
        groups: [basicGroup, qualificationGroup],
        fields: [
            revenue, netProfit, taxPaid, rdExpense, techContractTurnover, equityFinancing, employees, stStaff, rdStaff,
            proofStatements, proofAudit, ipInvention, ipPlantVariety, ipCropVariety, ipNewDrug, ipTCMProtection, ipICLayout, ipUtilityModel,
            ipDesign, ipSoftware, standardsLed, stAwardsNational, rdInstitutionsNational, rdInstitutionsProvincial,
            rdInstitutionsMunicipal, hightechCertified, techSMECertified, negativeRecords,
        ],
        derived: [
            .ratio("rd_ratio_pct", "研发费用占营业收入比例", rdExpense.id, over: revenue.id),
            .ratio("rd_staff_ratio_pct", "研发人员占比", rdStaff.id, over: employees.id),
            AnnualReportForm.total("ip_class1_total", "Ⅰ类知识产权合计", classOneIP),
            AnnualReportForm.total("ip_class2_total", "Ⅱ类知识产权合计", classTwoIP),
        ],
        rules: [
            .notGreater(rdStaff.id, than: stStaff.id, message: "研发人员不能多于科技人员"),
            .notGreater(stStaff.id, than: employees.id, message: "科技人员不能多于从业人员"),
        ])
}

/// 企业快报 (seed 000 §2.6, FEATURES D9): the short periodic report enterprises on the government's list file in
/// an express-report 填报项目. The figures are cumulative for the year up to the period's month; they are
/// reviewed like any filing but project no yearly fact (the annual figures come from 积分数据 and 年报).
public enum ExpressReportForm {
    static let group = "快报数据"

    public static let revenue = FieldDefinition(
        "revenue", "营业收入（本年累计）", .decimal(scale: 2), unit: .wanYuan, required: true, minimum: 0,
        maximum: AnnualReportForm.moneyCeiling, group: group, help: "自本年 1 月起至填报期末月的累计数")
    public static let rdExpense = FieldDefinition(
        "rd_expense", "研究开发费用（本年累计）", .decimal(scale: 2), unit: .wanYuan, required: true, minimum: 0,
        maximum: AnnualReportForm.moneyCeiling, group: group, help: "自本年 1 月起至填报期末月的累计数")
    public static let taxPaid = FieldDefinition(
        "tax_paid", "实际上缴税费（本年累计）", .decimal(scale: 2), unit: .wanYuan, required: false, minimum: 0,
        maximum: AnnualReportForm.moneyCeiling, group: group)
    public static let employees = FieldDefinition(
        "employees", "从业人员（期末）", .integer, unit: .person, required: true, minimum: 0,
        maximum: AnnualReportForm.countCeiling, group: group, help: "填报期末月的从业人员数")
    public static let remarks = FieldDefinition(
        "remarks", "情况说明", .longText(maxLength: 500), group: group, help: "经营情况的重大变化可在此说明")

    public static let form = FormDefinition(
        id: "express_report", title: "企业快报", groups: [group],
        fields: [revenue, rdExpense, taxPaid, employees, remarks],
        derived: [.ratio("rd_ratio_pct", "研发费用占营业收入比例", rdExpense.id, over: revenue.id)])
}
