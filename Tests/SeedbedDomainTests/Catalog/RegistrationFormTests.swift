import SeedbedDomain
import Testing

@Suite("企业注册表单")
struct RegistrationFormTests {
    static let complete: [FieldID: String] = [
        "uscc": FormsFixture.uscc, "name": "大连示例智能装备有限公司", "region_code": "210211", "zone": "大连高新技术产业园区",
        "business_licence": "files/2024/licence-8f3a.pdf", "contact_name": "王敏", "contact_phone": "13904111234",
        "contact_email": "wangmin@example.cn", "account": "dl_sample", "consent": "是",
    ]

    func check(_ changes: [FieldID: String?]) -> FormsFixture.Checked {
        var values = Self.complete
        for (id, value) in changes { values[id] = value }
        return FormsFixture.check(RegistrationForm.form, FormsFixture.typed(values))
    }

    @Test("填写完整的注册信息通过校验")
    func complete() {
        let result = check([:])
        #expect(result.problems.isEmpty)
        #expect(result.values["consent"] == .flag(true))
        #expect(result.values["region_code"] == .text("210211"))
        #expect(result.values["zone"] == .choice("7"))
    }

    @Test("必填项缺失时在对应字段上提示")
    func required() {
        let result = FormsFixture.check(RegistrationForm.form, [:])
        #expect(result.problems == [
            "uscc": ["请填写「统一社会信用代码」"], "name": ["请填写「企业名称」"], "region_code": ["请选择「注册地」"],
            "business_licence": ["请上传「营业执照」"], "contact_name": ["请填写「联系人」"],
            "contact_phone": ["请填写「联系人手机」"], "account": ["请填写「登录账号」"],
            "consent": ["请选择「已阅读并同意《知情同意书》」"],
        ])
    }

    @Test("未勾选同意《知情同意书》不能注册")
    func consentMustBeTicked() {
        #expect(check(["consent": "否"])[RegistrationForm.consent] == ["须阅读并勾选同意《知情同意书》后方可注册"])
        #expect(check(["consent": nil])[RegistrationForm.consent] == ["请选择「已阅读并同意《知情同意书》」"])
    }

    @Test("联系人手机须为手机号码，固定电话收不到审核短信", arguments: ["0411-84561234", "02367881234"])
    func mobileOnly(phone: String) {
        #expect(check(["contact_phone": phone])[RegistrationForm.contactPhone].last
            == "「联系人手机」须为 11 位手机号码，用于接收注册审核结果短信")
    }

    @Test("登录账号格式", arguments: [("ab", false), ("_admin", false), ("企业账号1", false), ("dl-sample.01", true),
                                    (FormsFixture.uscc, true)])
    func account(account: String, accepted: Bool) {
        let problems = check(["account": account])[RegistrationForm.account]
        #expect(problems.isEmpty == accepted, "\(problems)")
    }

    @Test("统一社会信用代码、注册地与高新区逐项校验")
    func codes() {
        #expect(check(["uscc": "91350100M000100Y42"])[RegistrationForm.uscc].first?.contains("校验位") == true)
        #expect(check(["region_code": "210200"])[RegistrationForm.region] == ["「注册地」“210200”不是有效的区县级行政区划"])
        #expect(check(["zone": "中关村"])[RegistrationForm.zone].first?.hasPrefix("「所属高新区」的值“中关村”不在可选项中") == true)
        #expect(check(["contact_email": "wangmin@"])[RegistrationForm.email] == ["「电子邮箱」格式不正确"])
        #expect(check(["zone": nil, "contact_email": nil]).problems.isEmpty, "zone and email are optional")
    }
}
