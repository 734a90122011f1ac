/// 科企后备库 (seed 004 §7) and 科企认定库 (§8).
extension RuleLibrary {
    static let reserveGroup = "科企后备库"
    static let recognitionGroup = "科企认定库"

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

    /// 科技型企业认定库: enterprises holding a valid 科技型中小企业 registration.
    public static let techSMERecognized = RuleLibrary(
        id: .techSMERecognized, name: "科技型企业认定库", group: recognitionGroup,
        version: RuleVersion(id: "tech_sme_recognized_1", title: "科技型企业认定库（持有效入库登记编号）",
                             effectiveFrom: RuleVersion.day(2000, 1, 1)),
        conditions: [
            RuleCondition(
                id: "holds_tech_sme", title: "科技型中小企业", template: "持有在有效期内的科技型中小企业入库登记编号",
                measure: .holdsTitle(.techSME), threshold: .constant(1), unit: .flag,
                note: "有效性由服务端按登记编号有效期写入企业档案；档案未知时按当年年报“科技型中小企业”项"),
        ],
        membership: .condition("holds_tech_sme"))

    /// 高新技术企业认定库: enterprises holding a valid 高新技术企业 certificate.
    public static let hightechRecognized = RuleLibrary(
        id: .hightechRecognized, name: "高新技术企业认定库", group: recognitionGroup,
        version: RuleVersion(id: "hightech_recognized_1", title: "高新技术企业认定库（持有效证书）",
                             effectiveFrom: RuleVersion.day(2000, 1, 1)),
        conditions: [
            RuleCondition(
                id: "holds_hightech", title: "高新技术企业", template: "持有在有效期内（发证之日起三年）的高新技术企业证书",
                measure: .holdsTitle(.hightech), threshold: .constant(1), unit: .flag,
                note: "有效性由服务端按证书发证日期写入企业档案；档案未知时按当年年报“高新技术企业”项"),
        ],
        membership: .condition("holds_hightech"))
}
