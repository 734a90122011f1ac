import SeedbedDomain
import Testing

@Suite("数据字典与字段校验")
struct FieldValidatorTests {
    let validator = FieldValidator(extra: [
        DataDictionary(id: .zone, label: "高新区", entries: [.init(code: "7", label: "大连高新技术产业园区")]),
    ])

    static let revenue = FieldDefinition("revenue", "营业收入", .decimal(scale: 2), unit: .qianYuan, required: true,
                                        minimum: 0, maximum: 1e9)
    static let staff = FieldDefinition("employees", "从业人员", .integer, unit: .person, minimum: 0, maximum: 1_000_000)
    static let founded = FieldDefinition("registered_on", "成立日期", .date, required: true)

    @Test("必填项缺失时按字段提示")
    func required() {
        #expect(validator.validate(.empty, as: Self.revenue).problem == "请填写「营业收入」")
        #expect(validator.validate(.text("  "), as: Self.founded).problem == "请填写「成立日期」")
        #expect(validator.validate(.empty, as: EnterpriseRecordForm.region).problem == "请选择「所属区县」")
        #expect(validator.validate(.empty, as: Self.staff).value == .some(nil), "optional and empty is fine")
    }

    @Test("数字：千元换算为万元存储，越界与非数字逐项提示")
    func numbers() {
        #expect(validator.validate(.number(1234.5), as: Self.revenue).value == .decimal(123.45))
        #expect(validator.validate(.text("1,234.5"), as: Self.revenue).value == .decimal(123.45))
        #expect(validator.validate(.text("十万"), as: Self.revenue).problem == "「营业收入」须为数字，“十万”无法识别")
        #expect(validator.validate(.number(-1), as: Self.revenue).problem == "「营业收入」不能小于 0")
        #expect(validator.validate(.number(12.5), as: Self.staff).problem == "「从业人员」须为整数")
        #expect(validator.validate(.number(2_000_000), as: Self.staff).problem == "「从业人员」不能大于 1000000")
        #expect(validator.validate(.text("１２０"), as: Self.staff).value == .integer(120), "full-width digits")
    }

    @Test("日期：单元格日期、Excel 序列号与常见写法", arguments: [
        (RawValue.date(year: 2024, month: 3, day: 1), "2024-03-01"),
        (RawValue.text("2024/3/1"), "2024-03-01"),
        (RawValue.text("2024年3月1日"), "2024-03-01"),
        (RawValue.number(45352), "2024-03-01"),
        (RawValue.number(61), "1900-03-01"),
    ])
    func dates(raw: RawValue, expected: String) {
        #expect(validator.validate(raw, as: Self.founded).value == .date(expected))
    }

    @Test("不存在的日期被拒绝", arguments: ["2023-02-29", "2024-13-01", "1899-12-31", "明天"])
    func badDates(text: String) {
        #expect(validator.validate(.text(text), as: Self.founded).problem == "「成立日期」须为有效日期，格式 YYYY-MM-DD")
    }

    @Test("字典项按名称或代码匹配，错误时列出可选项")
    func choices() {
        #expect(validator.validate(.text("新材料"), as: EnterpriseRecordForm.techField).value == .choice("4"))
        #expect(validator.validate(.text("4"), as: EnterpriseRecordForm.techField).value == .choice("4"))
        #expect(validator.validate(.text("大连高新技术产业园区"), as: EnterpriseRecordForm.zone).value == .choice("7"))
        let problem = validator.validate(.text("人工智能"), as: EnterpriseRecordForm.techField).problem ?? ""
        #expect(problem.hasPrefix("「高新技术领域」的值“人工智能”不在可选项中（可选：电子信息、生物与新医药"))
    }

    @Test("统一社会信用代码、区县、行业、电话按各自规则校验")
    func codes() {
        #expect(validator.validate(.text("91350100m000100y43"), as: EnterpriseRecordForm.uscc).value
            == .text("91350100M000100Y43"))
        #expect(validator.validate(.text("91350100M000100Y42"), as: EnterpriseRecordForm.uscc).problem?
            .contains("校验位") == true)
        #expect(validator.validate(.text("500112"), as: EnterpriseRecordForm.region).value == .text("500112"))
        #expect(validator.validate(.text("500100"), as: EnterpriseRecordForm.region).problem?
            .contains("不是有效的区县级行政区划") == true)
        #expect(validator.validate(.text("c39"), as: EnterpriseRecordForm.industry).value == .text("C39"))
        #expect(validator.validate(.text("I39"), as: EnterpriseRecordForm.industry).problem != nil)
        #expect(validator.validate(.text("138 0013 8000"), as: EnterpriseRecordForm.contactPhone).value
            == .text("13800138000"))
        #expect(validator.validate(.text("0411-84561234"), as: EnterpriseRecordForm.contactPhone).value != nil)
        #expect(validator.validate(.text("12345"), as: EnterpriseRecordForm.contactPhone).problem != nil)
    }

    @Test("文本去除控制字符并限制长度")
    func text() {
        #expect(validator.validate(.text(" 大连\u{0007}公司 "), as: EnterpriseRecordForm.name).value == .text("大连公司"))
        let long = String(repeating: "企", count: 101)
        #expect(validator.validate(.text(long), as: EnterpriseRecordForm.name).problem
            == "「企业名称」不能超过 100 个字（当前 101 个）")
    }

    @Test("整表校验收集每个字段的问题并检查跨字段规则")
    func wholeForm() {
        let total = FieldDefinition("rd", "研发费用总额", .decimal(scale: 2), unit: .wanYuan)
        let domestic = FieldDefinition("rd_domestic", "境内研发费用", .decimal(scale: 2), unit: .wanYuan)
        let form = FormDefinition(id: "t", title: "t", groups: [""], fields: [total, domestic, Self.founded],
                                  rules: [.notGreater("rd_domestic", than: "rd", message: "境内研发费用不能大于研发费用总额")])
        let result = validator.validate(form: form, values: ["rd": .number(100), "rd_domestic": .number(120)])
        #expect(result.problems.map(\.message).sorted() == ["境内研发费用不能大于研发费用总额", "请填写「成立日期」"])
        #expect(result.values["rd"] == .decimal(100))
    }

    @Test("导出表头带单位")
    func headers() {
        #expect(Self.revenue.header == "营业收入（千元）")
        #expect(EnterpriseRecordForm.name.header == "企业名称")
    }
}

extension Result where Success == FieldValue?, Failure == FieldProblem {
    var problem: String? {
        if case .failure(let problem) = self { return problem.message }
        return nil
    }

    var value: FieldValue?? {
        if case .success(let value) = self { return .some(value) }
        return .none
    }
}
