import SeedbedDomain
import Testing

@Suite("产品添加表单")
struct ProductFormTests {
    static let complete: [FieldID: String] = [
        "product_name": "RV-40E 精密摆线针轮减速器", "product_category": "零部件与元器件", "tech_field": "先进制造与自动化",
        "strategic_industry": "高端装备制造产业", "is_main_product": "是", "is_hightech_product": "是",
        "tech_source": "自主研发", "supporting_ip": "9", "launch_year": "2019", "annual_revenue": "5820.5",
        "description": "用于工业机器人关节，传动精度 1 弧分以内，额定寿命 6000 小时。",
    ]

    func check(_ changes: [FieldID: String?]) -> FormsFixture.Checked {
        var values = Self.complete
        for (id, value) in changes { values[id] = value }
        return FormsFixture.check(ProductForm.form, FormsFixture.typed(values))
    }

    @Test("填写完整的产品通过校验，收入按万元存储")
    func complete() {
        let result = check([:])
        #expect(result.problems.isEmpty)
        #expect(result.values["annual_revenue"] == .decimal(5820.5))
        #expect(result.values["strategic_industry"] == .choice("2"))
    }

    @Test("必填项缺失时在对应字段上提示")
    func required() {
        let result = FormsFixture.check(ProductForm.form, [:])
        #expect(result.problems == [
            "product_name": ["请填写「产品名称」"], "product_category": ["请选择「产品类型」"],
            "strategic_industry": ["请选择「所属战略性新兴产业」"], "is_main_product": ["请选择「主导产品」"],
            "is_hightech_product": ["请选择「高新技术产品」"], "tech_source": ["请选择「核心技术来源」"],
            "annual_revenue": ["请填写「上年销售收入」"], "description": ["请填写「产品简介」"],
        ])
    }

    @Test("收入不能为负，知识产权件数须为整数")
    func bounds() {
        #expect(check(["annual_revenue": "-10"])[ProductForm.annualRevenue] == ["「上年销售收入」不能小于 0"])
        #expect(check(["supporting_ip": "2.5"])[ProductForm.ipCount] == ["「支撑该产品的知识产权」须为整数"])
    }

    @Test("字典外的产品类型与产业被拒绝")
    func dictionaries() {
        #expect(check(["product_category": "机器人"])[ProductForm.category]
            == ["「产品类型」的值“机器人”不在可选项中（可选：整机与装备、零部件与元器件、材料与化学品、软件与信息系统、药品与医疗器械、农产品与食品、其他）"])
        #expect(check(["strategic_industry": "人工智能"])[ProductForm.strategicIndustry].first?
            .hasPrefix("「所属战略性新兴产业」的值“人工智能”不在可选项中") == true)
    }

    @Test("高新技术产品须选择技术领域")
    func hightechNeedsField() {
        #expect(check(["tech_field": nil]).problems == ["tech_field": ["高新技术产品请选择「技术领域」"]])
        #expect(check(["tech_field": nil, "is_hightech_product": "否"]).problems.isEmpty)
    }
}
