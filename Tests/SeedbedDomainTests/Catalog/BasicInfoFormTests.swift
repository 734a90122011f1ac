import SeedbedDomain
import Testing

@Suite("企业基本信息表单（三步）")
struct BasicInfoFormTests {
    /// What the enterprise files; the registry-imported fields are left to the import.
    static let complete: [FieldID: String] = [
        "uscc": FormsFixture.uscc, "name": "重庆示例精密制造有限公司",
        "mailing_address": "重庆市渝北区黄山大道中段 68 号", "enterprise_scale": "小型", "tech_field": "先进制造与自动化",
        "main_products": "精密减速器、伺服电机", "contact_name": "陈鑫", "contact_phone": "13896080306",
        "rd_leader_name": "刘洋", "rd_leader_phone": "13983195012", "employees": "186", "st_staff": "52",
        "rd_staff": "38", "doctors": "2", "masters": "15",
        "iso9001_certified": "是", "ip_management_certified": "否", "hightech_certified": "是",
        "hightech_cert_no": "GR202250000123", "hightech_cert_date": "2022-11-28", "tech_sme_certified": "否",
        "quality_sme_tier": "专精特新中小企业", "quality_sme_year": "2023",
    ]

    func check(_ changes: [FieldID: String?]) -> FormsFixture.Checked {
        var values = Self.complete
        for (id, value) in changes { values[id] = value }
        return FormsFixture.check(BasicInfoForm.form, FormsFixture.typed(values))
    }

    @Test("三步信息填写完整即通过校验，工商导入字段可缺")
    func complete() {
        let result = check([:])
        #expect(result.problems.isEmpty)
        #expect(result.values["quality_sme_tier"] == .choice("2"))
        #expect(result.values["enterprise_scale"] == .choice("3"))
    }

    @Test("企业应填的必填项缺失时在对应字段上提示，工商导入字段不要求企业填写")
    func required() {
        let result = FormsFixture.check(BasicInfoForm.form, [:])
        let required = BasicInfoForm.form.fields.filter(\.required)
        #expect(Set(result.problems.keys) == Set(required.map(\.id)))
        for field in required { #expect(result[field] == [FormsFixture.missingMessage(field)]) }
        #expect(result[BasicInfoForm.scale] == ["请选择「企业规模」"])
        #expect(result[BasicInfoForm.rdLeaderName] == ["请填写「研发负责人」"])
        #expect(result[BasicInfoForm.hightechCertified] == ["请选择「高新技术企业」"])
        #expect(result[BasicInfoForm.legalRepresentative].isEmpty)
        #expect(result[BasicInfoForm.registeredOn].isEmpty)
    }

    @Test("人数不能为负或小数")
    func bounds() {
        #expect(check(["employees": "-3"])[BasicInfoForm.employees] == ["「职工总数」不能小于 0"])
        #expect(check(["doctors": "1.5"])[BasicInfoForm.doctors] == ["「博士人数」须为整数"])
        // A conditional-requirement rule cannot tell "left blank" from "typed but refused", so the bound comes
        // first and the rule's reminder follows it (see the report on `FieldValidator.validate(form:)`).
        #expect(check(["quality_sme_year": "1990"])[BasicInfoForm.qualityTierYear].first == "「专精特新认定年份」不能小于 2000")
    }

    @Test("字典外的值被拒绝并列出可选项")
    func dictionaries() {
        #expect(check(["enterprise_scale": "特大型"])[BasicInfoForm.scale]
            == ["「企业规模」的值“特大型”不在可选项中（可选：大型、中型、小型、微型）"])
        #expect(check(["quality_sme_tier": "小巨人"])[BasicInfoForm.qualityTier].first?
            .hasPrefix("「专精特新认定层级」的值“小巨人”不在可选项中") == true)
    }

    @Test("科技人员、研发人员占比由人数计算，职工总数为 0 时为空")
    func derived() {
        let values = check([:]).values
        let stRatio = FormsFixture.derived(BasicInfoForm.form, "st_staff_ratio_pct", values)
        #expect(abs((stRatio ?? 0) - 52.0 / 186 * 100) < 1e-9)
        let rdRatio = FormsFixture.derived(BasicInfoForm.form, "rd_staff_ratio_pct", values)
        #expect(abs((rdRatio ?? 0) - 38.0 / 186 * 100) < 1e-9)
        let none = check(["employees": "0", "st_staff": "0", "rd_staff": "0", "doctors": "0", "masters": "0"]).values
        #expect(FormsFixture.derived(BasicInfoForm.form, "st_staff_ratio_pct", none) == nil)
    }

    @Test("跨字段规则：人数包含关系与资质证书", arguments: [
        (["rd_staff": "60"], "rd_staff", "研发人员数不能大于科技人员数"),
        (["st_staff": "200", "rd_staff": "20"], "st_staff", "科技人员数不能大于职工总数"),
        (["doctors": "100", "masters": "90"], "doctors", "博士与硕士人数之和不能大于职工总数"),
        (["hightech_cert_no": nil], "hightech_cert_no", "已认定为高新技术企业的，请填写「高企证书编号」"),
        (["hightech_cert_date": nil], "hightech_cert_date", "已认定为高新技术企业的，请填写「高企发证日期」"),
        (["hightech_cert_no": "GR2022500001"], "hightech_cert_no",
         "「高企证书编号」应为 GR 加 12 位数字（年份、省份代码和序号），如 GR202350000123"),
        (["tech_sme_certified": "是"], "tech_sme_number", "已入库的科技型中小企业，请填写「科技型中小企业入库登记编号」"),
        (["quality_sme_year": nil], "quality_sme_year", "已获专精特新认定的，请填写「专精特新认定年份」"),
    ] as [([FieldID: String?], FieldID, String)])
    func rules(changes: [FieldID: String?], field: FieldID, message: String) {
        let result = check(changes)
        #expect(result.problems == [field: [message]])
    }

    @Test("未认定的资质不要求证书信息")
    func uncertified() {
        let result = check(["hightech_certified": "否", "hightech_cert_no": nil, "hightech_cert_date": nil,
                            "quality_sme_tier": "未认定", "quality_sme_year": nil])
        #expect(result.problems.isEmpty)
    }

    @Test("注册资本按万元存储，不做换算")
    func capital() throws {
        let result = FormsFixture.validator.validate(.text("1,000.5"), as: BasicInfoForm.registeredCapital)
        #expect(try result.get() == .decimal(1000.5))
    }
}
