extension RuleLibrary {
    /// 科创板上市企业储备库: not yet listed, with revenue or R&D intensity in the range of the STAR Market's
    /// listing standards (platform default, configurable).
    public static let starMarketReserve = RuleLibrary(
        id: .starMarketReserve, name: "科创板上市企业储备库", group: cultivationGroup,
        version: RuleVersion(id: "star_market_reserve_default_1", title: "科创板上市企业储备库（平台默认方案）",
                             effectiveFrom: RuleVersion.day(2000, 1, 1), confirmed: false),
        conditions: [
            RuleCondition(
                id: "not_listed", title: "上市状态", template: "尚未在证券交易所上市（未挂牌，或仅在新三板、区域性股权市场挂牌）",
                measure: .notListed, threshold: .constant(1), unit: .flag,
                note: "按企业档案的挂牌上市状态，未知时按当年年报"),
            RuleCondition(
                id: "revenue_scale", title: "营业收入", template: "最近一年营业收入不低于 {star_revenue} 万元",
                measure: .fact(.revenue), threshold: .parameter("star_revenue"), unit: .wanYuan,
                parameters: [.money("star_revenue", "营业收入下限", 10_000)]),
            RuleCondition(
                id: "rd_ratio_3y", title: "研发投入占比",
                template: "近三年研发投入合计占营业收入合计的比例不低于 {star_rd_ratio}%",
                measure: .pooledShare(.rdExpense, of: .revenue, years: 3), threshold: .parameter("star_rd_ratio"),
                unit: .percent, parameters: [.percent("star_rd_ratio", "研发投入占比下限", 15)]),
            RuleCondition(
                id: "revenue_floor", title: "营业收入（研发路径）",
                template: "按研发投入占比入库的，最近一年营业收入不低于 {star_revenue_floor} 万元",
                measure: .fact(.revenue), threshold: .parameter("star_revenue_floor"), unit: .wanYuan,
                parameters: [.money("star_revenue_floor", "研发路径营业收入下限", 3000)]),
        ],
        membership: .all([
            .condition("not_listed"),
            .any([.condition("revenue_scale"), .all([.condition("rd_ratio_3y"), .condition("revenue_floor")])]),
        ]),
        notes: ["默认入库条件：尚未上市，且最近一年营业收入不低于 1 亿元，或近三年研发投入占比不低于 15% 且营业收入不低于 3000 万元（平台默认方案，可配置）"])
}
