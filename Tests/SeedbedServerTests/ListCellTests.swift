import SeedbedDomain
@testable import SeedbedServer
import Spreadsheet
import Testing

/// What a list row turns into in the page and in the exported sheet, for the spellings stored data comes in: the
/// fast paths that exports run 300 000 times must read what the general ones read.
@Suite("列表单元格：日期、手机号、行业与地区")
struct ListCellTests {
    @Test("日期：yyyy-MM-dd 与其他写法（2024/3/5、2024年3月5日）都成为 Excel 日期；不存在的日子与乱码写成文本")
    func dates() {
        #expect(ListSheetWriter.date("2024-02-29") == ExcelDate(year: 2024, month: 2, day: 29))
        #expect(ListSheetWriter.date("2024/3/5") == ExcelDate(year: 2024, month: 3, day: 5))
        #expect(ListSheetWriter.date("2024年3月5日") == ExcelDate(year: 2024, month: 3, day: 5))
        #expect(ListSheetWriter.date("2023-02-29") == nil)
        #expect(ListSheetWriter.date("1899-12-31") == nil)
        #expect(ListSheetWriter.date("2024-1a-05") == nil)
        #expect(ListSheetWriter.date("") == nil)
    }

    @Test("手机号脱敏：中间四位为 *，已脱敏的不变，过短的全部隐藏，非 ASCII 的按字符处理")
    func phones() {
        #expect(Masking.phone("13812345678") == "138****5678")
        #expect(Masking.phone("138****5678") == "138****5678")
        #expect(Masking.phone("12345") == "*****")
        #expect(Masking.phone("１３８１２３４５６７８") == "１３８****５６７８")
    }

    @Test("行业显示为“门类（代码）”，未知代码原样显示；地区为省市区全称")
    func labels() throws {
        let code = try #require(IndustryCode.all.first { $0.description == "C39" })
        #expect(EnterpriseRow.industryLabel(of: "C39") == "\(code.section.name)（C39）")
        #expect(EnterpriseRow.industryLabel(of: "39") == "\(code.section.name)（C39）")
        #expect(EnterpriseRow.industryLabel(of: "Z99") == "Z99")
        #expect(RegionTable.shipped.fullName(of: "210211") == "辽宁省大连市甘井子区")
        #expect(RegionTable.shipped.fullName(of: "999999") == "")
    }
}
