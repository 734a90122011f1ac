extension RuleLibrary {
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
