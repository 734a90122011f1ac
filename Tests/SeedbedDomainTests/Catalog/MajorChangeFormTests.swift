import SeedbedDomain
import Testing

@Suite("重大变更表单")
struct MajorChangeFormTests {
    static let complete: [FieldID: String] = [
        "change_type": "名称变更", "before_value": "重庆示例精密机械有限公司", "after_value": "重庆示例精密制造有限公司",
        "change_date": "2024-05-20", "proof": "files/2024/change-notice.pdf",
    ]

    func check(_ changes: [FieldID: String?]) -> FormsFixture.Checked {
        var values = Self.complete
        for (id, value) in changes { values[id] = value }
        return FormsFixture.check(MajorChangeForm.form, FormsFixture.typed(values))
    }

    @Test("填写完整的变更通过校验，变更类型存为字典代码")
    func complete() {
        let result = check([:])
        #expect(result.problems.isEmpty)
        #expect(result.values["change_type"] == .choice("1"))
    }

    @Test("每种变更类型都可选择", arguments: ["名称变更", "注册地变更", "股权结构变更", "法定代表人变更", "主营业务变更"])
    func types(label: String) {
        #expect(check(["change_type": label]).problems.isEmpty)
    }

    @Test("必填项缺失时在对应字段上提示")
    func required() {
        #expect(FormsFixture.check(MajorChangeForm.form, [:]).problems == [
            "change_type": ["请选择「变更类型」"], "before_value": ["请填写「变更前」"], "after_value": ["请填写「变更后」"],
            "change_date": ["请填写「变更日期」"], "proof": ["请上传「证明材料」"],
        ])
    }

    @Test("字典外的变更类型与无效日期被拒绝")
    func invalid() {
        #expect(check(["change_type": "经营范围变更"])[MajorChangeForm.changeType]
            == ["「变更类型」的值“经营范围变更”不在可选项中（可选：名称变更、注册地变更、股权结构变更、法定代表人变更、主营业务变更、其他）"])
        #expect(check(["change_date": "2024-02-30"])[MajorChangeForm.changeDate] == ["「变更日期」须为有效日期，格式 YYYY-MM-DD"])
    }

    @Test("变更前后相同不能提交")
    func unchanged() {
        #expect(check(["after_value": " 重庆示例精密机械有限公司"]).problems
            == ["after_value": ["「变更后」与「变更前」相同，没有需要报告的变更"]])
    }

    @Test("“其他”类变更须说明")
    func otherNeedsDescription() {
        #expect(check(["change_type": "其他"]).problems == ["description": ["变更类型为“其他”的，请填写「变更说明」"]])
        #expect(check(["change_type": "其他", "description": "公司类型由有限责任公司变更为股份有限公司"]).problems.isEmpty)
    }
}
