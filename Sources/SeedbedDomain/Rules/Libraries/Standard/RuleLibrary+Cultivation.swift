/// 科企梯次培育库 (seed 004 §6): 科企孵化库, 高企后备库, 科创板上市企业储备库, 领军企业培育库.
extension RuleLibrary {
    static let cultivationGroup = "科企梯次培育库"

    /// 科企孵化库: young enterprises working in a high-tech field. The founding-date range and the name/USCC
    /// search of its page are query filters applied by the server, not membership conditions.
    public static let incubation = RuleLibrary(
        id: .incubation, name: "科企孵化库", group: cultivationGroup,
        version: RuleVersion(id: "incubation_default_1", title: "科企孵化库（平台默认方案）",
                             effectiveFrom: RuleVersion.day(2000, 1, 1), confirmed: false),
        conditions: [
            RuleCondition(
                id: "registered_within", title: "成立年限", template: "成立时间不超过 {incubation_years} 年",
                measure: .yearsSinceRegistration, comparison: .atMost, threshold: .parameter("incubation_years"),
                unit: .years, parameters: [.years("incubation_years", "成立年限上限", 3, range: 1...20)],
                note: "按注册成立日期至评价日计算，满 N 周年当日仍在库内"),
            .inHightechField,
        ],
        membership: .all([.condition("registered_within"), .condition("hightech_field")]),
        notes: [
            "入库条件：成立时间不超过设定年限（默认 3 年），且技术领域属于国家重点支持的高新技术领域（平台默认方案，可配置）",
            "成立日期区间与企业名称、统一社会信用代码搜索为查询条件，不影响入库",
        ])

    /// 高企后备库: the 高企 conditions of RULES.md §10, each adjustable per query.
    public static let hightechReserve = RuleLibrary(
        id: .hightechReserve, name: "高企后备库", group: cultivationGroup,
        version: RuleVersion(id: "hightech_reserve_2016", title: "高企后备库（国科发火〔2016〕32号）",
                             effectiveFrom: RuleVersion.day(2016, 1, 1)),
        conditions: [
            RuleCondition(
                id: "registered_years", title: "注册成立时间", template: "企业申请认定时须注册成立 {ht_min_years} 年以上",
                measure: .yearsSinceRegistration, threshold: .parameter("ht_min_years"), unit: .years,
                parameters: [.years("ht_min_years", "注册成立年限", 1, range: 0...10)]),
            RuleCondition(
                id: "owns_ip", title: "知识产权",
                template: "通过自主研发、受让、受赠、并购等方式，获得对其主要产品（服务）在技术上发挥核心支持作用的知识产权不少于 {ht_min_ip} 项",
                measure: .sum([.ipClass1, .ipClass2]), threshold: .parameter("ht_min_ip"), unit: .count("项"),
                parameters: [.count("ht_min_ip", "知识产权数量下限", "项", 1, range: 0...1000)],
                note: "年报无法区分知识产权是否支持主要产品，按有效Ⅰ类、Ⅱ类知识产权合计计（商标不计）"),
            .inHightechField,
            RuleCondition(
                id: "st_staff_share", title: "科技人员占比",
                template: "从事研发和相关技术创新活动的科技人员占企业当年职工总数的比例不低于 {ht_st_staff}%",
                measure: .fact(.stStaffRatio), threshold: .parameter("ht_st_staff"), unit: .percent,
                parameters: [.percent("ht_st_staff", "科技人员占比下限", 10)]),
            RuleCondition(
                id: "rd_ratio_3y", title: "研发费用占比",
                template: "近三个会计年度研究开发费用总额占同期销售收入总额的比例：最近一年销售收入 {ht_sales_small} 万元（含）以下的不低于 {ht_rd_small}%，"
                    + "{ht_sales_small} 万元至 {ht_sales_large} 万元（含）的不低于 {ht_rd_medium}%，{ht_sales_large} 万元以上的不低于 {ht_rd_large}%",
                measure: .pooledShare(.rdExpense, of: .revenue, years: 3),
                threshold: .bandedBy(.revenue, limits: ["ht_sales_small", "ht_sales_large"],
                                     thresholds: ["ht_rd_small", "ht_rd_medium", "ht_rd_large"]),
                unit: .percent,
                parameters: [
                    .percent("ht_rd_small", "研发费用占比下限（小规模）", 5),
                    .percent("ht_rd_medium", "研发费用占比下限（中规模）", 4),
                    .percent("ht_rd_large", "研发费用占比下限（大规模）", 3),
                    .money("ht_sales_small", "销售收入分档界限一", 5000, adjustable: false),
                    .money("ht_sales_large", "销售收入分档界限二", 20_000, adjustable: false),
                ],
                note: "三年合计研发费用除以三年合计营业收入；成立不足三年的按实际经营年度计算；分档按最近一年营业收入"),
            RuleCondition(
                id: "rd_domestic_share", title: "境内研发费用占比",
                template: "在中国境内发生的研究开发费用总额占全部研究开发费用总额的比例不低于 {ht_rd_domestic}%",
                measure: .pooledShare(.rdExpenseDomestic, of: .rdExpense, years: 3),
                threshold: .parameter("ht_rd_domestic"), unit: .percent,
                parameters: [.percent("ht_rd_domestic", "境内研发费用占比下限", 60)],
                note: "按近三个会计年度合计计算"),
            RuleCondition(
                id: "hightech_income_share", title: "高新技术产品（服务）收入占比",
                template: "近一年高新技术产品（服务）收入占企业同期总收入的比例不低于 {ht_income_share}%",
                measure: .share(.hightechProductIncome, of: .revenue), threshold: .parameter("ht_income_share"),
                unit: .percent, parameters: [.percent("ht_income_share", "高新技术产品（服务）收入占比下限", 60)],
                note: "总收入按年报营业收入计"),
            RuleCondition(
                id: "innovation_score", title: "创新能力评价", template: "企业创新能力评价应达到 {ht_score} 分以上",
                measure: .hightechInnovationScore, threshold: .parameter("ht_score"), unit: .points,
                parameters: [.points("ht_score", "创新能力评价分数线", 71)],
                note: "预筛估算：区间评分及年报无法反映的子项按上限计"),
            .noMajorIncident("企业申请认定前一年内未发生重大安全、重大质量事故或严重环境违法行为"),
        ],
        membership: .all([
            .condition("registered_years"), .condition("owns_ip"), .condition("hightech_field"),
            .condition("st_staff_share"), .condition("rd_ratio_3y"), .condition("rd_domestic_share"),
            .condition("hightech_income_share"), .condition("innovation_score"),
        ]),
        notes: ["第 8 条（无重大安全、质量事故或严重环境违法行为）仅作提示，不影响入库"])

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
