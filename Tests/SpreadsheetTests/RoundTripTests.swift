import Foundation
import Testing
@testable import Spreadsheet

@Suite("Writing and reading back")
struct RoundTripTests {
    static let sampleDate = ExcelDate(year: 2024, month: 3, day: 5)
    static let sampleDateTime = ExcelDate(year: 2024, month: 3, day: 5, hour: 14, minute: 30, second: 15)

    /// A date value from ISO text; a typo shows up as text that cannot match.
    static func date(_ iso: String) -> CellValue {
        ExcelDate(iso: Array(iso.utf8)[...]).map { .date($0) } ?? .text("not a date: \(iso)")
    }

    /// Every kind of value, with the value it reads back as.
    static let values: [(written: CellValue, read: CellValue)] = [
        (.text("杭州示例科技有限公司"), .text("杭州示例科技有限公司")),
        (.text("😀 𠀀 é ñ ß"), .text("😀 𠀀 é ñ ß")),
        (.text("a & b < c > d \"e\" 'f'"), .text("a & b < c > d \"e\" 'f'")),
        (.text("  padded  "), .text("  padded  ")),
        (.text("第一行\n第二行\r\n第三行\t制表"), .text("第一行\n第二行\r\n第三行\t制表")),
        (.text("bell\u{07}null\u{00}esc\u{1B}end\u{FFFE}"), .text("bellnullescend")),
        (.text("_x0041_ stays literal"), .text("_x0041_ stays literal")),
        (.text("]]> and &amp;"), .text("]]> and &amp;")),
        (.text(""), .empty),
        (.integer(0), .integer(0)),
        (.integer(-42), .integer(-42)),
        (.integer(9_007_199_254_740_991), .integer(9_007_199_254_740_991)),
        (.number(3560.75), .number(3560.75)),
        (.number(-0.001), .number(-0.001)),
        (.number(1e-10), .number(1e-10)),
        (.number(1.5e20), .number(1.5e20)),
        (.number(4.0), .integer(4)),
        (.number(.nan), .empty),
        (.number(.infinity), .empty),
        (.bool(true), .bool(true)),
        (.bool(false), .bool(false)),
        (date("2024-03-05"), date("2024-03-05")),
        (date("2024-03-05T14:30:15"), date("2024-03-05T14:30:15")),
        (date("1900-01-01"), date("1900-01-01")),
        (date("1900-03-01"), date("1900-03-01")),
        (date("9999-12-31T23:59:59"), date("9999-12-31T23:59:59")),
        (date("1899-12-31"), .text("1899-12-31")),
        (.error("#N/A"), .error("#N/A")),
        (.error("#NOT-AN-ERROR"), .text("#NOT-AN-ERROR")),
        (.empty, .empty),
    ]

    @Test("Every kind of value survives a round trip, with inline and with shared strings", arguments: [false, true])
    func everyType(sharedStrings: Bool) throws {
        let directory = try TestDirectory()
        let url = directory.file("types.xlsx")
        var writer = try XLSXWriter(url: url, options: .init(usesSharedStrings: sharedStrings))
        try writer.addSheet(SheetDefinition(name: "类型", columns: [SheetColumn("值")]))
        for (written, _) in Self.values { try writer.writeRow([written]) }
        try writer.finish()

        let rows = try Read.rows(url)
        #expect(rows.count == Self.values.count + 1)
        #expect(rows.first?.values == [.text("值")])
        for (index, (written, read)) in Self.values.enumerated() {
            #expect(rows[index + 1].number == index + 2)
            #expect(rows[index + 1][0] == read, "wrote \(written)")
        }
    }

    @Test("Cells land in their columns, with gaps left empty")
    func columnsAndGaps() throws {
        let directory = try TestDirectory()
        let url = directory.file("gaps.xlsx")
        var writer = try XLSXWriter(url: url)
        try writer.addSheet(SheetDefinition(name: "数据", writesHeader: false))
        var wide = [CellValue](repeating: .empty, count: 30)
        wide[0] = "A"
        wide[27] = 28
        try writer.writeRow(wide)
        try writer.writeRow([])
        try writer.writeRow([.empty, .empty, "C"])
        try writer.finish()

        let rows = try Read.rows(url)
        #expect(rows.map(\.number) == [1, 2, 3])
        #expect(rows[0].values.count == 28)
        #expect(rows[0][27] == .integer(28))
        #expect(rows[0][26] == .empty)
        #expect(rows[1].isBlank)
        #expect(rows[2].values == [.empty, .empty, .text("C")])
    }

    @Test("Several sheets are listed by name, in order, and each reads its own rows")
    func severalSheets() throws {
        let directory = try TestDirectory()
        let url = directory.file("sheets.xlsx")
        var writer = try XLSXWriter(url: url)
        for name in ["企业名单", "说明", "Data 3"] {
            try writer.addSheet(SheetDefinition(name: name, columns: [SheetColumn(name)]))
            try writer.writeRow([.text(name + "的内容")])
        }
        try writer.finish()

        let reader = try XLSXReader(url: url)
        #expect(reader.sheets.map(\.name) == ["企业名单", "说明", "Data 3"])
        #expect(reader.sheets.allSatisfy { !$0.isHidden })
        for name in ["企业名单", "说明", "data 3"] {
            var texts: [String] = []
            try reader.forEachRow(inSheet: name) { row, _ in texts.append(row[0].stringValue ?? "") }
            #expect(texts.last?.hasSuffix("的内容") == true)
        }
        #expect(throws: SpreadsheetError.sheetNotFound("不存在")) {
            try reader.forEachRow(inSheet: "不存在") { _, _ in }
        }
    }

    @Test("A reader can stop after the header row")
    func stopEarly() throws {
        let directory = try TestDirectory()
        let url = directory.file("stop.xlsx")
        var writer = try XLSXWriter(url: url)
        try writer.addSheet(SheetDefinition(name: "数据", columns: [SheetColumn("名称"), SheetColumn("数量")]))
        for index in 0..<1000 { try writer.writeRow([.text("第\(index)个"), .integer(index)]) }
        try writer.finish()

        var seen: [SheetRow] = []
        try XLSXReader(url: url).forEachRow(inSheetAt: 0) { row, stop in
            seen.append(row)
            stop = true
        }
        #expect(seen.map(\.number) == [1])
        #expect(seen.first?.values == [.text("名称"), .text("数量")])
    }

    @Test("Text that looks like a formula is stored as text Excel will not evaluate")
    func formulaInjection() throws {
        let directory = try TestDirectory()
        let url = directory.file("injection.xlsx")
        let dangerous = ["=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]
        var writer = try XLSXWriter(url: url)
        try writer.addSheet(SheetDefinition(name: "数据", columns: [SheetColumn("内容")]))
        for text in dangerous { try writer.writeRow([.text(text)]) }
        try writer.writeRow(cells: [SheetCell(.text("=1+1"), style: .error)])
        try writer.writeRow(["safe"])
        try writer.finish()

        let rows = try Read.rows(url)
        #expect(rows.dropFirst().prefix(dangerous.count).map { $0[0] } == dangerous.map { CellValue.text($0) })
        let sheet = try Read.part(url, "xl/worksheets/sheet1.xml")
        let styles = try Read.part(url, "xl/styles.xml")
        let xfs = Self.cellFormats(styles)
        for row in 2...(dangerous.count + 2) {
            let style = try #require(Self.styleIndex(of: "A\(row)", in: sheet), "row \(row)")
            #expect(xfs[style].contains("quotePrefix=\"1\""), "row \(row)")
        }
        let highlighted = xfs[try #require(Self.styleIndex(of: "A\(dangerous.count + 2)", in: sheet))]
        #expect(!highlighted.contains("fillId=\"0\""))
        #expect(Self.styleIndex(of: "A\(dangerous.count + 3)", in: sheet) == nil)
    }

    @Test("Text longer than Excel's 32,767 characters is cut there without splitting a character")
    func longText() throws {
        let directory = try TestDirectory()
        let url = directory.file("long.xlsx")
        var writer = try XLSXWriter(url: url)
        try writer.addSheet(SheetDefinition(name: "数据", writesHeader: false))
        try writer.writeRow([.text(String(repeating: "字", count: 40_000))])
        try writer.writeRow([.text("a" + String(repeating: "😀", count: 20_000))])
        try writer.finish()

        let rows = try Read.rows(url)
        #expect(rows[0][0].stringValue?.utf16.count == 32_767)
        let emoji = try #require(rows[1][0].stringValue)
        #expect(emoji.utf16.count == 32_767)
        #expect(emoji.unicodeScalars.dropFirst().allSatisfy { $0 == "😀" })
    }

    @Test("Long texts and entities that straddle the reader's chunk boundaries come back whole")
    func chunkBoundaries() throws {
        let directory = try TestDirectory()
        let url = directory.file("chunks.xlsx")
        let texts = (0..<24).map { index in
            String(repeating: "第\(index)段<&>\"", count: 32_767 / (String(index).count + 6))
        }
        var writer = try XLSXWriter(url: url)
        try writer.addSheet(SheetDefinition(name: "数据", writesHeader: false))
        for text in texts { try writer.writeRow([.text(text), .number(1.25)]) }
        try writer.finish()
        // Text this repetitive compresses beyond the default zip-bomb ratio, as it should.
        #expect(Read.error(url)?.code == "xlsx.compression_ratio")
        let rows = try Read.rows(url, limits: SpreadsheetLimits(maxCompressionRatio: 10_000))
        #expect(rows.map { $0[0] } == texts.map { CellValue.text($0) })
        #expect(rows.allSatisfy { $0[1] == .number(1.25) })
    }

    @Test("Dates use the column's date format, or yyyy-mm-dd and yyyy-mm-dd hh:mm:ss by default")
    func dateFormats() throws {
        let directory = try TestDirectory()
        let url = directory.file("dates.xlsx")
        let date = try #require(Self.sampleDate)
        let dateTime = try #require(Self.sampleDateTime)
        var writer = try XLSXWriter(url: url)
        try writer.addSheet(SheetDefinition(name: "数据", columns: [
            SheetColumn("默认"), SheetColumn("年月日", numberFormat: NumberFormat("yyyy\"年\"m\"月\"d\"日\"")),
            SheetColumn("金额", numberFormat: .decimal2),
        ]))
        try writer.writeRow([.date(date), .date(date), .date(dateTime)])
        try writer.writeRow([.date(dateTime), .date(dateTime), .number(1234.5)])
        try writer.finish()

        let rows = try Read.rows(url)
        #expect(rows[1].values == [.date(date), .date(date), .date(dateTime)])
        #expect(rows[2].values == [.date(dateTime), .date(dateTime), .number(1234.5)])
        let styles = try Read.part(url, "xl/styles.xml")
        #expect(styles.contains("formatCode=\"yyyy-mm-dd\""))
        #expect(styles.contains("formatCode=\"yyyy-mm-dd hh:mm:ss\""))
        #expect(styles.contains("formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\""))
    }

    @Test("A sheet takes Excel's 1,048,576 rows and refuses one more")
    func excelRowLimit() throws {
        let directory = try TestDirectory()
        var writer = try XLSXWriter(url: directory.file("limit.xlsx"))
        try writer.addSheet(SheetDefinition(name: "数据", writesHeader: false))
        for _ in 0..<SpreadsheetLimits.excelMaxRows { try writer.writeRow([]) }
        #expect(writer.currentRow == SpreadsheetLimits.excelMaxRows)
        #expect(throws: SpreadsheetError.tooManyRows(limit: SpreadsheetLimits.excelMaxRows)) {
            try writer.writeRow([1])
        }
    }

    // MARK: Helpers

    /// The `s` attribute of a cell in sheet XML, or nil when it has none.
    static func styleIndex(of reference: String, in sheet: String) -> Int? {
        guard let start = sheet.range(of: "<c r=\"\(reference)\"") else { return nil }
        let tag = sheet[start.upperBound...].prefix { $0 != ">" }
        guard let attribute = tag.range(of: " s=\"") else { return nil }
        return Int(tag[attribute.upperBound...].prefix { $0 != "\"" })
    }

    /// The `<xf …>` elements of `cellXfs`, in order.
    static func cellFormats(_ styles: String) -> [String] {
        guard let start = styles.range(of: "<cellXfs"), let end = styles.range(of: "</cellXfs>") else { return [] }
        return styles[start.upperBound..<end.lowerBound].components(separatedBy: "<xf ").dropFirst().map { $0 }
    }
}
