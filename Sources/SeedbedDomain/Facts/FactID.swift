/// The name of one number the platform knows about an enterprise in a year (a "fact").
///
/// Facts are what approved filings and imports project into the fact tables (DESIGN.md §4) and what scoring,
/// libraries and statistics read. Money is always stored in 万元 whatever unit a form used; counts are counts;
/// ratios are fractions (0.05 = 5 %), never percentages.
public struct FactID: RawRepresentable, Hashable, Sendable, Codable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: FactID, rhs: FactID) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension FactID {
    // MARK: 经营概况 (money in 万元)
    /// 营业收入 (销售收入)
    public static let revenue: FactID = "revenue"
    /// 主营业务收入
    public static let mainRevenue: FactID = "main_revenue"
    /// 净利润
    public static let netProfit: FactID = "net_profit"
    /// 资产总额
    public static let totalAssets: FactID = "total_assets"
    /// 负债总额
    public static let totalLiabilities: FactID = "total_liabilities"
    /// 实际上缴税费总额
    public static let taxPaid: FactID = "tax_paid"
    /// 成本费用总额
    public static let totalCost: FactID = "total_cost"
    /// 研究开发费用总额
    public static let rdExpense: FactID = "rd_expense"
    /// 境内研究开发费用
    public static let rdExpenseDomestic: FactID = "rd_expense_domestic"
    /// 高新技术产品（服务）收入
    public static let hightechProductIncome: FactID = "hightech_product_income"
    /// 技术合同成交额
    public static let techContractTurnover: FactID = "tech_contract_turnover"
    /// 当年股权融资额
    public static let equityFinancing: FactID = "equity_financing"

    // MARK: 人员状况
    /// 从业人员（年末）
    public static let employees: FactID = "employees"
    /// 科技人员
    public static let stStaff: FactID = "st_staff"
    /// 研发人员
    public static let rdStaff: FactID = "rd_staff"

    // MARK: 知识产权 (valid holdings, counts) — Ⅰ类 and Ⅱ类 as RULES.md §5
    public static let ipInvention: FactID = "ip_invention"
    public static let ipPlantVariety: FactID = "ip_plant_variety"
    public static let ipCropVariety: FactID = "ip_crop_variety"
    public static let ipNewDrug: FactID = "ip_new_drug"
    public static let ipTCMProtection: FactID = "ip_tcm_protection"
    public static let ipICLayout: FactID = "ip_ic_layout"
    public static let ipUtilityModel: FactID = "ip_utility_model"
    public static let ipDesign: FactID = "ip_design"
    public static let ipSoftware: FactID = "ip_software"
    public static let trademarks: FactID = "trademarks"
    /// 科技成果转化数（当年）
    public static let achievementConversions: FactID = "achievement_conversions"

    // MARK: 标准、奖励、平台
    /// 主导制定的国际、国家或行业标准数（地方、团体标准不计）
    public static let standardsLed: FactID = "standards_led"
    public static let standardsJoined: FactID = "standards_joined"
    public static let stAwardsNational: FactID = "st_awards_national"
    public static let stAwardsProvincial: FactID = "st_awards_provincial"
    /// 研发机构数 by level
    public static let rdInstitutionsNational: FactID = "rd_institutions_national"
    public static let rdInstitutionsProvincial: FactID = "rd_institutions_provincial"
    public static let rdInstitutionsMunicipal: FactID = "rd_institutions_municipal"

    // MARK: 资质 (0/1 flags)
    /// 有效高新技术企业证书
    public static let hightechCertified: FactID = "hightech_certified"
    /// 科技型中小企业入库
    public static let techSMECertified: FactID = "tech_sme_certified"
    /// 专精特新中小企业
    public static let specializedSMECertified: FactID = "specialized_sme_certified"
    /// 挂牌上市状态: 0 none, 1 新三板/区域股权市场挂牌, 2 已上市 (科创板/创业板/主板/北交所)
    public static let listingStatus: FactID = "listing_status"
    /// 负面记录数（重大安全、质量事故、严重环境违法、失信）
    public static let negativeRecords: FactID = "negative_records"

    // MARK: Derived (computed from the above by `DerivedFacts`, never filed)
    /// Ⅰ类知识产权合计
    public static let ipClass1: FactID = "ip_class1"
    /// Ⅱ类知识产权合计
    public static let ipClass2: FactID = "ip_class2"
    /// 研发费用占营业收入比例 (fraction)
    public static let rdRatio: FactID = "rd_ratio"
    /// 科技人员占比 (fraction)
    public static let stStaffRatio: FactID = "st_staff_ratio"
    /// 研发人员占比 (fraction)
    public static let rdStaffRatio: FactID = "rd_staff_ratio"
    /// 资产负债率 (fraction)
    public static let debtRatio: FactID = "debt_ratio"
    /// 营业收入增长率 over the previous year (fraction)
    public static let revenueGrowth: FactID = "revenue_growth"
    /// 净利润增长率 over the previous year (fraction)
    public static let profitGrowth: FactID = "profit_growth"
    /// 研发机构最高级别: 0 none, 1 municipal, 2 provincial, 3 national
    public static let rdInstitutionLevel: FactID = "rd_institution_level"
}
