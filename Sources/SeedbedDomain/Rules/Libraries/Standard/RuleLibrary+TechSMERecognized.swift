extension RuleLibrary {
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
}
