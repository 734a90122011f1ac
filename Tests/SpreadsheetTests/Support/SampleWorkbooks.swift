import Foundation
@testable import Spreadsheet

/// The workbooks the server makes, built the way it will build them: an import template with required
/// columns, a long dictionary dropdown and a province → city → county cascade; an error report.
enum SampleWorkbooks {
    static let industries = (1...300).map { String(format: "行业%03d，含逗号", $0) }

    /// 34 provinces × 10 cities × 9 counties, with the label 市辖区 repeated under several provinces as in
    /// GB/T 2260.
    static let regions: [DropdownNode] = (0..<34).map { province in
        let provinceCode = 110_000 + province * 10_000
        let provinceName = province == 10 ? "浙江省" : "省份\(province)"
        return DropdownNode(provinceName, code: String(provinceCode), children: (0..<10).map { city in
            let cityCode = provinceCode + (city + 1) * 100
            let cityName = city == 0 ? "市辖区" : (province == 10 && city == 1 ? "杭州市" : "城市\(province)-\(city)")
            return DropdownNode(cityName, code: String(cityCode), children: (0..<9).map { county in
                let countyName = province == 10 && city == 1 ? "区县\(county)（杭州）" : "区县\(province)-\(city)-\(county)"
                return DropdownNode(countyName, code: String(cityCode + county + 1))
            })
        })
    }

    static let templateColumns = [
        SheetColumn("企业名称", width: 30, isRequired: true),
        SheetColumn("统一社会信用代码", width: 22, numberFormat: .text, isRequired: true,
                    comment: "18 位，与营业执照一致"),
        SheetColumn("所属行业", dropdown: industries),
        SheetColumn("营业收入（万元）", numberFormat: .decimal2),
        SheetColumn("研发占比", numberFormat: .percent2),
        SheetColumn("成立日期", numberFormat: .date, comment: "格式：2015-06-01"),
        SheetColumn("省", isRequired: true),
        SheetColumn("市"),
        SheetColumn("区县"),
    ]

    /// The import template, with two example rows.
    static func template(at url: URL) throws {
        var writer = try XLSXWriter(url: url)
        try writer.addSheet(SheetDefinition(name: "企业信息", columns: templateColumns, hasAutoFilter: true,
                                            cascades: [CascadingDropdown(columns: [6, 7, 8], roots: regions)]))
        try writer.writeRow(["杭州示例科技有限公司", "91330100MA2XXXXX1A", .text(industries[4]), 3560.75, 0.0825,
                             .date(ExcelDate(year: 2015, month: 6, day: 1) ?? ExcelDate(days: 0, secondsOfDay: 0)),
                             "浙江省", "杭州市", "区县0（杭州）"])
        try writer.writeRow(["=cmd|' /C calc'!A0", "-1", .empty, -12.5])
        try writer.addSheet(SheetDefinition(name: "说明", columns: [SheetColumn("", width: 100)], writesHeader: false,
                                            freezesHeader: false))
        for line in ["一、带红色 * 的列必须填写。", "二、省、市、区县请从下拉列表中依次选择。", "三、金额单位为万元。"] {
            try writer.writeRow([.text(line)])
        }
        try writer.finish()
    }

    /// An error report: the rows an import refused, the wrong cells filled light red with a comment naming the
    /// problem, and a reason column.
    static func errorReport(at url: URL) throws {
        var writer = try XLSXWriter(url: url)
        try writer.addSheet(SheetDefinition(name: "错误数据", columns: [
            SheetColumn("企业名称"), SheetColumn("统一社会信用代码"), SheetColumn("营业收入（万元）", numberFormat: .decimal2),
            SheetColumn("错误原因", width: 40),
        ]))
        try writer.writeRow(cells: [
            SheetCell("杭州示例科技有限公司"),
            SheetCell("9133ABC", style: .error, comment: "统一社会信用代码应为 18 位"),
            SheetCell(.number(1200)),
            SheetCell("统一社会信用代码应为 18 位"),
        ])
        try writer.writeRow(cells: [
            SheetCell(.empty, style: .error, comment: "企业名称必须填写"),
            SheetCell("91330100MA2XXXXX1A"),
            SheetCell(.number(-5), style: .error, comment: "营业收入不能为负数"),
            SheetCell("企业名称必须填写；营业收入不能为负数"),
        ])
        try writer.finish()
    }
}
