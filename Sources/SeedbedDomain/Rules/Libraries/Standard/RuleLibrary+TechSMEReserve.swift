extension RuleLibrary {
    /// 国家科技型中小企业后备库: the basic conditions and score of RULES.md §11; the score line and the S&T-staff
    /// share are adjustable per query, the size limits are the policy's.
    public static let techSMEReserve = RuleLibrary(
        id: .techSMEReserve, name: "国家科技型中小企业后备库", group: reserveGroup,
        version: RuleVersion(id: "tech_sme_reserve_2017", title: "国家科技型中小企业后备库（国科发政〔2017〕115号）",
                             effectiveFrom: RuleVersion.day(2017, 5, 3)),
        conditions: [
            RuleCondition(
                id: "employees_limit", title: "职工总数", template: "职工总数不超过 {tsme_max_staff} 人",
                measure: .fact(.employees), comparison: .atMost, threshold: .parameter("tsme_max_staff"),
                unit: .count("人"),
                parameters: [.count("tsme_max_staff", "职工总数上限", "人", 500, range: 0...100_000, adjustable: false)]),
            RuleCondition(
                id: "revenue_limit", title: "年销售收入", template: "年销售收入不超过 {tsme_max_revenue} 万元",
                measure: .fact(.revenue), comparison: .atMost, threshold: .parameter("tsme_max_revenue"),
                unit: .wanYuan, parameters: [.money("tsme_max_revenue", "年销售收入上限", 20_000, adjustable: false)]),
            RuleCondition(
                id: "assets_limit", title: "资产总额", template: "资产总额不超过 {tsme_max_assets} 万元",
                measure: .fact(.totalAssets), comparison: .atMost, threshold: .parameter("tsme_max_assets"),
                unit: .wanYuan, parameters: [.money("tsme_max_assets", "资产总额上限", 20_000, adjustable: false)]),
            RuleCondition(
                id: "st_staff_share", title: "科技人员占比",
                template: "科技人员占职工总数的比例不低于 {tsme_st_staff}%（科技人员指标得分不为 0）",
                measure: .fact(.stStaffRatio), threshold: .parameter("tsme_st_staff"), unit: .percent,
                parameters: [.percent("tsme_st_staff", "科技人员占比下限", 10)]),
            RuleCondition(
                id: "score", title: "评价得分", template: "科技型中小企业评价得分不低于 {tsme_score} 分",
                measure: .techSMEScore, threshold: .parameter("tsme_score"), unit: .points,
                parameters: [.points("tsme_score", "评价分数线", 60)]),
            RuleCondition(
                id: "direct", title: "直接确认",
                template: "有效高新技术企业、近五年国家级科技奖励、省部级以上研发机构或近五年主导制定标准之一（满足即不看得分）",
                measure: .techSMEDirectConfirmation, threshold: .constant(1), unit: .flag,
                note: "获奖排名无法从年报判断，按获奖计"),
            .noMajorIncident("企业在填报上一年及当年内未发生重大安全、重大质量事故和严重环境违法、科研严重失信行为"),
        ],
        membership: .all([
            .condition("employees_limit"), .condition("revenue_limit"), .condition("assets_limit"),
            .any([.all([.condition("st_staff_share"), .condition("score")]), .condition("direct")]),
        ]),
        notes: ["居民企业、不属于禁止或限制类等条件年报未反映，由审核把关",
                "满足直接确认条件之一的，不看评价得分与科技人员占比，其余基本条件仍须满足"])
}
