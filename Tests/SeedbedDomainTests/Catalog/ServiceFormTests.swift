import SeedbedDomain
import Testing

@Suite("服务添加表单")
struct ServiceFormTests {
    static let complete: [FieldID: String] = [
        "service_name": "汽车零部件可靠性检测", "service_category": "专业化技术服务", "tech_field": "高技术服务",
        "is_hightech_service": "是", "customers": "汽车零部件制造企业", "annual_revenue": "860",
        "description": "振动、盐雾、高低温循环等可靠性试验及检测报告。",
    ]

    func check(_ changes: [FieldID: String?]) -> FormsFixture.Checked {
        var values = Self.complete
        for (id, value) in changes { values[id] = value }
        return FormsFixture.check(ServiceForm.form, FormsFixture.typed(values))
    }

    @Test("填写完整的服务通过校验")
    func complete() {
        let result = check([:])
        #expect(result.problems.isEmpty)
        #expect(result.values["service_category"] == .choice("2"))
        #expect(result.values["annual_revenue"] == .decimal(860))
    }

    @Test("必填项缺失时在对应字段上提示")
    func required() {
        let result = FormsFixture.check(ServiceForm.form, [:])
        #expect(result.problems == [
            "service_name": ["请填写「服务名称」"], "service_category": ["请选择「服务类型」"],
            "is_hightech_service": ["请选择「高新技术服务」"], "annual_revenue": ["请填写「上年服务收入」"],
            "description": ["请填写「服务简介」"],
        ])
    }

    @Test("越界与字典外的值被拒绝")
    func invalid() {
        #expect(check(["annual_revenue": "2000000000"])[ServiceForm.annualRevenue] == ["「上年服务收入」不能大于 1000000000"])
        #expect(check(["service_category": "检验检测"])[ServiceForm.category].first?
            .hasPrefix("「服务类型」的值“检验检测”不在可选项中（可选：科学研究与试验发展服务、专业化技术服务") == true)
        #expect(check(["description": String(repeating: "测", count: 1001)])[ServiceForm.description]
            == ["「服务简介」不能超过 1000 个字（当前 1001 个）"])
    }

    @Test("高新技术服务须选择技术领域")
    func hightechNeedsField() {
        #expect(check(["tech_field": nil]).problems == ["tech_field": ["高新技术服务请选择「技术领域」"]])
    }
}
