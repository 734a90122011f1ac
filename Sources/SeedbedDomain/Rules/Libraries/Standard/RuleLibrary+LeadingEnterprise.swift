extension RuleLibrary {
    /// 领军企业培育库: scale, R&D, growth and a title, all configurable (platform default).
    public static let leadingEnterprise = RuleLibrary(
        id: .leadingEnterprise, name: "领军企业培育库", group: cultivationGroup,
        version: RuleVersion(id: "leading_enterprise_default_1", title: "领军企业培育库（平台默认方案）",
                             effectiveFrom: RuleVersion.day(2000, 1, 1), confirmed: false),
        conditions: [
            RuleCondition(
                id: "revenue", title: "营业收入", template: "最近一年营业收入不低于 {lead_revenue} 万元",
                measure: .fact(.revenue), threshold: .parameter("lead_revenue"), unit: .wanYuan,
                parameters: [.money("lead_revenue", "营业收入下限", 20_000)]),
            RuleCondition(
                id: "rd_expense", title: "研发费用", template: "最近一年研究开发费用不低于 {lead_rd} 万元",
                measure: .fact(.rdExpense), threshold: .parameter("lead_rd"), unit: .wanYuan,
                parameters: [.money("lead_rd", "研发费用下限", 1000)]),
            RuleCondition(
                id: "revenue_growth", title: "营业收入增长率", template: "最近一年营业收入增长率不低于 {lead_growth}%",
                measure: .fact(.revenueGrowth), threshold: .parameter("lead_growth"), unit: .percent,
                parameters: [.percent("lead_growth", "营业收入增长率下限", 10, range: -100...1000)]),
            RuleCondition(
                id: "title", title: "资质", template: "持有有效资质：{lead_title}",
                measure: .holdsAnyTitle(options: [[], [.hightech], [.techSME], [.specializedSME],
                                                  [.hightech, .specializedSME]], parameter: "lead_title"),
                threshold: .constant(1), unit: .flag,
                parameters: [RuleParameter(
                    "lead_title", "须持有的资质",
                    unit: .choice(["不限", "高新技术企业", "科技型中小企业", "专精特新中小企业", "高新技术企业或专精特新中小企业"]),
                    default: 1, range: 0...4)]),
        ],
        membership: .all([.condition("revenue"), .condition("rd_expense"), .condition("revenue_growth"),
                          .condition("title")]),
        notes: ["默认入库条件：营业收入不低于 2 亿元、研发费用不低于 1000 万元、营业收入增长率不低于 10%，且为有效高新技术企业（平台默认方案，可配置）"])
}
