extension RuleLibrary {
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
}
