extension RuleLibrary {
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
}
