import SeedbedDomain
import Testing

@Suite("科技信息年报表单（九个标签页）")
struct AnnualReportFormTests {
    @Test("真实年报填写完整即通过校验，金额由千元换算为万元存储")
    func complete() {
        let result = AnnualReportFixture.check()
        #expect(result.problems.isEmpty)
        #expect(abs((result.values["revenue"]?.number ?? 0) - 11539.467) < 1e-9)
        #expect(result.values["net_profit"] == .decimal(689.02))
        #expect(result.values["listing_status"] == .choice("1"))
        #expect(result.values["listing_board"] == .choice("neeq"))
    }

    @Test("必填项缺失时在对应字段上提示")
    func required() {
        let result = FormsFixture.check(AnnualReportForm.form, [:])
        let required = AnnualReportForm.form.fields.filter(\.required)
        #expect(Set(result.problems.keys) == Set(required.map(\.id)))
        for field in required { #expect(result[field] == [FormsFixture.missingMessage(field)]) }
        #expect(result[AnnualReportForm.revenue] == ["请填写「营业收入」"])
        #expect(result[AnnualReportForm.listingStatus] == ["请选择「挂牌上市情况」"])
        #expect(result[AnnualReportForm.ipInvention] == ["请填写「有效发明专利」"])
        #expect(result[AnnualReportForm.exportSales].isEmpty, "出口总额 is optional")
    }

    @Test("金额与人数越界时提示，净利润可为负", arguments: [
        ("revenue", "-1", "「营业收入」不能小于 0"),
        ("total_liabilities", "-0.5", "「负债总额」不能小于 0"),
        ("revenue", "20000000000", "「营业收入」不能大于 10000000000"),
        ("employees", "-2", "「从业人员」不能小于 0"),
        ("ip_invention", "2.5", "「有效发明专利」须为整数"),
        ("report_year", "1999", "「年报年度」不能小于 2000"),
        ("rd_expense", "六百万", "「研究开发费用总额」须为数字，“六百万”无法识别"),
    ] as [(FieldID, String, String)])
    func bounds(field: FieldID, typed: String, message: String) {
        #expect(AnnualReportFixture.check([field: typed]).problems[field] == [message])
    }

    @Test("净利润为负（亏损）可以填报")
    func loss() {
        let result = AnnualReportFixture.check(["net_profit": "-1250.8"])
        #expect(result.problems.isEmpty)
        #expect(result.values["net_profit"] == .decimal(-125.08))
    }

    @Test("字典外的值被拒绝")
    func dictionaries() {
        let status = AnnualReportFixture.check(["listing_status": "主板上市"]).problems["listing_status"]
        #expect(status == ["「挂牌上市情况」的值“主板上市”不在可选项中（可选：未挂牌上市、新三板或区域股权市场挂牌、已上市）"])
        let scale = AnnualReportFixture.check(["enterprise_scale": "小微"]).problems["enterprise_scale"]
        #expect(scale?.first?.hasPrefix("「企业规模」的值“小微”不在可选项中") == true)
    }

    @Test("比例由填报值计算（与金额单位无关）", arguments: [
        ("rd_ratio_pct", 6120.75 / 115394.67),
        ("rd_cost_ratio_pct", 6120.75 / 105300),
        ("rd_domestic_share_pct", 5900 / 6120.75),
        ("main_revenue_share_pct", 110200.5 / 115394.67),
        ("hightech_income_share_pct", 92000 / 115394.67),
        ("net_margin_pct", 6890.2 / 115394.67),
        ("debt_ratio_pct", 41160.0 / 98000),
        ("st_staff_ratio_pct", 52.0 / 186),
        ("rd_staff_ratio_pct", 38.0 / 186),
    ] as [(FieldID, Double)])
    func percentages(id: FieldID, fraction: Double) throws {
        let values = AnnualReportFixture.check().values
        let percent = try #require(FormsFixture.derived(AnnualReportForm.form, id, values))
        #expect(abs(percent - fraction * 100) < 1e-9)
    }

    @Test("分母为 0 时比例为空而不是无穷大", arguments: [
        (["revenue": "0", "main_revenue": "0", "export_sales": "0", "hightech_product_income": "0"],
         ["rd_ratio_pct", "main_revenue_share_pct", "hightech_income_share_pct", "net_margin_pct"]),
        (["total_cost": "0"], ["rd_cost_ratio_pct"]),
        (["rd_expense": "0", "rd_expense_domestic": "0"], ["rd_domestic_share_pct"]),
        (["total_assets": "0"], ["debt_ratio_pct"]),
        (["employees": "0", "st_staff": "0", "rd_staff": "0", "doctors": "0", "masters": "0", "bachelors": "0"],
         ["st_staff_ratio_pct", "rd_staff_ratio_pct"]),
    ] as [([FieldID: String?], [FieldID])])
    func zeroDenominator(changes: [FieldID: String?], ids: [FieldID]) {
        let result = AnnualReportFixture.check(changes)
        #expect(result.problems.isEmpty)
        for id in ids { #expect(FormsFixture.derived(AnnualReportForm.form, id, result.values) == nil, "\(id)") }
    }

    @Test("Ⅰ类、Ⅱ类知识产权合计由各类件数相加")
    func ipTotals() {
        let values = AnnualReportFixture.check(["ip_new_drug": "1"]).values
        #expect(FormsFixture.derived(AnnualReportForm.form, "ip_class1_total", values) == 7)
        #expect(FormsFixture.derived(AnnualReportForm.form, "ip_class2_total", values) == 32)
        #expect(FormsFixture.derived(AnnualReportForm.form, "ip_class1_total", [:]) == nil)
    }

    @Test("跨字段规则在对应字段上给出中文提示", arguments: [
        (["main_revenue": "120000"], "main_revenue", "主营业务收入不能大于营业收入"),
        (["export_sales": "115394.68"], "export_sales", "出口总额不能大于营业收入"),
        (["rd_expense_domestic": "6200"], "rd_expense_domestic", "境内研究开发费用不能大于研究开发费用总额"),
        (["hightech_product_income": "120000"], "hightech_product_income", "高新技术产品（服务）收入不能大于营业收入"),
        (["rd_staff": "53"], "rd_staff", "研发人员不能多于科技人员"),
        (["st_staff": "187", "rd_staff": "38"], "st_staff", "科技人员不能多于从业人员"),
        (["bachelors": "170"], "doctors", "博士、硕士、本科人数之和不能多于从业人员"),
        (["listing_board": nil], "listing_board", "已挂牌或上市的，请选择「挂牌上市板块」"),
        (["listing_board": "科创板"], "listing_board",
         "「挂牌上市板块」与「挂牌上市情况」不一致：新三板、区域性股权市场为挂牌，证券交易所为上市，未挂牌上市的不选板块"),
        (["listing_status": "未挂牌上市"], "listing_board",
         "「挂牌上市板块」与「挂牌上市情况」不一致：新三板、区域性股权市场为挂牌，证券交易所为上市，未挂牌上市的不选板块"),
        (["hightech_cert_no": nil], "hightech_cert_no", "已认定为高新技术企业的，请填写「高企证书编号」"),
        (["hightech_cert_date": nil], "hightech_cert_date", "已认定为高新技术企业的，请填写「高企发证日期」"),
        (["hightech_cert_no": "高企2022001"], "hightech_cert_no",
         "「高企证书编号」应为 GR 加 12 位数字（年份、省份代码和序号），如 GR202350000123"),
        (["has_internal_rd_institution": "否"], "has_internal_rd_institution",
         "已填报国家级、省级或市级研发机构的，「设立企业内部研发机构」应为“是”"),
    ] as [([FieldID: String?], FieldID, String)])
    func rules(changes: [FieldID: String?], field: FieldID, message: String) {
        #expect(AnnualReportFixture.check(changes).problems == [field: [message]])
    }

    @Test("相等的金额与人数不违反规则，上市企业的板块与状态一致即可")
    func boundariesHold() {
        let equal = AnnualReportFixture.check([
            "main_revenue": "115394.67", "rd_expense_domestic": "6120.75", "st_staff": "186", "rd_staff": "186",
        ])
        #expect(equal.problems.isEmpty)
        let listed = AnnualReportFixture.check([
            "listing_status": "已上市", "listing_board": "科创板", "stock_code": "688001",
        ])
        #expect(listed.problems.isEmpty)
        let unlisted = AnnualReportFixture.check([
            "listing_status": "未挂牌上市", "listing_board": nil, "stock_code": nil, "listed_on": nil,
        ])
        #expect(unlisted.problems.isEmpty)
        let noPlatform = AnnualReportFixture.check([
            "has_internal_rd_institution": "否", "rd_institutions_provincial": "0", "rd_institutions_municipal": "0",
        ])
        #expect(noPlatform.problems.isEmpty)
    }
}
