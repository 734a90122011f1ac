extension InnovationScheme {
    /// The notice every screen shows with the default scheme (RULES.md §6: the national list is unconfirmed).
    public static let defaultNotice = "本平台默认方案，可由管理部门调整"

    /// The platform's default scheme: 18 indicators in 技术创新 / 成长经营 / 辅助 (100 points in every stage),
    /// plus one 负面 deduction, on the confirmed structure of RULES.md §6. Names and weights are the
    /// platform's defaults, not the national list, and say so in `notice`.
    ///
    /// Stage weights lean on technology and financing for 初创期, on growth for 成长期, and on revenue,
    /// profit and tax for 稳定期.
    public static let platformDefault = InnovationScheme(
        id: "platform-default",
        version: 1,
        name: "创新积分默认方案（18 项指标）",
        effectiveFrom: "2024-01-01",
        isDefault: true,
        notice: defaultNotice,
        stageRule: .standard,
        indicators: defaultIndicators,
        tiers: .standard,
        fullScore: 100,
        totalFloor: 0
    )

    private static func stages(_ startup: Double, _ growth: Double, _ stable: Double) -> [DevelopmentStage: Double] {
        [.startup: startup, .growth: growth, .stable: stable]
    }

    private static let defaultIndicators: [Indicator] = [
        // 技术创新指标 (50 / 46 / 45)
        Indicator(id: "rd_expense", name: "研发费用总额", group: .technology, fact: .rdExpense,
                  method: .percentile, weights: stages(8, 7, 7), note: "万元，园区内百分位"),
        Indicator(id: "rd_ratio", name: "研发费用占营业收入比例", group: .technology, fact: .rdRatio,
                  method: .percentile, weights: stages(8, 6, 5)),
        Indicator(id: "rd_staff", name: "研发人员数", group: .technology, fact: .rdStaff,
                  method: .percentile, weights: stages(5, 4, 4)),
        Indicator(id: "rd_staff_ratio", name: "研发人员占比", group: .technology, fact: .rdStaffRatio,
                  method: .bands(thresholds: [0.05, 0.10, 0.20, 0.30], values: [0.25, 0.5, 0.75, 1]),
                  weights: stages(6, 4, 3), note: "5%、10%、20%、30% 分段"),
        Indicator(id: "ip_class1", name: "Ⅰ类知识产权数", group: .technology, fact: .ipClass1,
                  method: .countWithCap(cap: 5), weights: stages(8, 7, 6), note: "每项 1/5，5 项封顶"),
        Indicator(id: "ip_class2", name: "Ⅱ类知识产权数", group: .technology, fact: .ipClass2,
                  method: .countWithCap(cap: 10), weights: stages(4, 3, 2), note: "每项 1/10，10 项封顶"),
        Indicator(id: "tech_contract_turnover", name: "技术合同成交额", group: .technology,
                  fact: .techContractTurnover, method: .percentile, weights: stages(4, 5, 5)),
        Indicator(id: "standards_led", name: "主导制定标准数", group: .technology, fact: .standardsLed,
                  method: .countWithCap(cap: 3), weights: stages(2, 3, 4), note: "国际、国家或行业标准，3 项封顶"),
        Indicator(id: "st_awards_national", name: "国家级科技奖励", group: .technology, fact: .stAwardsNational,
                  method: .countWithCap(cap: 1), weights: stages(2, 3, 4)),
        Indicator(id: "rd_institution_level", name: "研发机构级别", group: .technology,
                  fact: .rdInstitutionLevel, method: .bands(thresholds: [1, 2, 3], values: [0.4, 0.7, 1]),
                  weights: stages(3, 4, 5), note: "市级 40%、省级 70%、国家级 100%"),
        // 成长经营指标 (40 / 46 / 47)
        Indicator(id: "revenue", name: "营业收入", group: .growth, fact: .revenue,
                  method: .percentile, weights: stages(6, 8, 10)),
        Indicator(id: "revenue_growth", name: "营业收入增长率", group: .growth, fact: .revenueGrowth,
                  method: .percentile, weights: stages(10, 12, 8)),
        Indicator(id: "net_profit", name: "净利润", group: .growth, fact: .netProfit,
                  method: .percentile, weights: stages(4, 6, 9)),
        Indicator(id: "profit_growth", name: "净利润增长率", group: .growth, fact: .profitGrowth,
                  method: .percentile, weights: stages(6, 7, 6)),
        Indicator(id: "equity_financing", name: "股权融资额", group: .growth, fact: .equityFinancing,
                  method: .percentile, weights: stages(10, 7, 4)),
        Indicator(id: "tax_paid", name: "实际上缴税费", group: .growth, fact: .taxPaid,
                  method: .percentile, weights: stages(4, 6, 10)),
        // 辅助指标 (10 / 8 / 8)
        Indicator(id: "hightech_certified", name: "高新技术企业", group: .auxiliary, fact: .hightechCertified,
                  method: .boolean, weights: stages(5, 5, 5)),
        Indicator(id: "tech_sme_certified", name: "科技型中小企业", group: .auxiliary, fact: .techSMECertified,
                  method: .boolean, weights: stages(5, 3, 3)),
        // 负面扣分项 (outside the 100 points)
        Indicator(id: "negative_records", name: "负面记录", group: .negative, fact: .negativeRecords,
                  method: .deduction(cap: 1), weights: stages(10, 10, 10),
                  note: "重大安全、质量事故，严重环境违法，失信等；有记录扣 10 分"),
    ]
}
