extension RuleLibrary {
    /// 高成长科技企业筛选库: revenue growth in each of the last years, with the first year each enterprise
    /// qualified.
    public static let highGrowth = RuleLibrary(
        id: .highGrowth, name: "高成长科技企业筛选库", group: reserveGroup,
        version: RuleVersion(id: "high_growth_default_1", title: "高成长科技企业筛选库（平台默认方案）",
                             effectiveFrom: RuleVersion.day(2000, 1, 1), confirmed: false),
        conditions: [
            RuleCondition(
                id: "sustained_growth", title: "营业收入连续增长",
                template: "近 {hg_years} 年每年营业收入增长率均不低于 {hg_growth}%",
                measure: .sustainedGrowth(.revenue, yearsParameter: "hg_years"), threshold: .parameter("hg_growth"),
                unit: .percent,
                parameters: [
                    .years("hg_years", "连续增长年数", 2, range: 1...5),
                    .percent("hg_growth", "年增长率下限", 20, range: 0...1000),
                ],
                note: "取各年增长率中的最低值；成立年数不足的不符合"),
            RuleCondition(
                id: "revenue_floor", title: "营业收入规模", template: "最近一年营业收入不低于 {hg_revenue} 万元",
                measure: .fact(.revenue), threshold: .parameter("hg_revenue"), unit: .wanYuan,
                parameters: [.money("hg_revenue", "营业收入下限", 500)],
                note: "避免极小基数的高增长，可设为 0 取消"),
        ],
        membership: .all([.condition("sustained_growth"), .condition("revenue_floor")]),
        tracksFirstQualifyingYear: true,
        notes: ["默认入库条件：近 2 年营业收入增长率均不低于 20%，且最近一年营业收入不低于 500 万元（平台默认方案，可配置）",
                "首次符合条件年度：所载各年中最早满足全部条件的年度"])
}
