import Foundation
import Testing
@testable import Spreadsheet

/// Small files that would make the reader do far more work than their size: each bound of `SpreadsheetLimits`
/// stops one of them with its own typed error and Chinese message.
@Suite("Amplification bounds")
struct AmplificationTests {
    static func sheet(_ rows: String, sharedStrings: String? = nil, in directory: TestDirectory,
                      name: String = "fixture.xlsx") throws -> URL {
        var workbook = TestWorkbook(sheet: TestWorkbook.sheetXML(rows))
        workbook.sharedStrings = sharedStrings
        return try workbook.write(in: directory, name: name)
    }

    @Test("A value at XFD1048576 is one row of a tiny file: read within the grid, refused beyond a template's columns")
    func lastCellOfTheGrid() throws {
        let directory = try TestDirectory()
        let url = try Self.sheet(#"<row r="1048576"><c r="XFD1048576"><v>7</v></c></row>"#, in: directory)
        #expect(try Data(contentsOf: url).count < 2_000)
        let rows = try Read.rows(url)
        #expect(rows.count == 1)
        #expect(rows.first?.number == 1_048_576)
        #expect(rows.first?[16_383] == .integer(7))

        let error = Read.error(url, limits: SpreadsheetLimits(maxColumns: 256))
        #expect(error == .tooManyColumns(limit: 256))
        #expect(error?.errorDescription == "工作表超过 256 列的上限")
    }

    @Test("Empty cells styled far to the right are passed over, not refused and not materialised")
    func emptyCellsBeyondTheColumns() throws {
        let directory = try TestDirectory()
        let url = try Self.sheet(#"<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="0"/><c r="XFC1"/></row>"#,
                                 in: directory)
        // XFC after XFD is out of order: the reader still checks order on empty cells.
        #expect(Read.error(url, limits: SpreadsheetLimits(maxColumns: 3)) != nil)

        let styled = try Self.sheet(#"<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="0"/></row>"#
            + #"<row r="2"><c r="B2"><v>2</v></c><c r="XFD2"><v></v></c></row>"#, in: directory, name: "styled.xlsx")
        let rows = try Read.rows(styled, limits: SpreadsheetLimits(maxColumns: 3))
        #expect(rows.map(\.values) == [[.integer(1)], [.empty, .integer(2)]])
    }

    @Test("Rows of one value far to the right stop at the cells-per-byte budget, which is configurable")
    func cellsPerByte() throws {
        let directory = try TestDirectory()
        let rows = (1...30).map { "<row r=\"\($0)\"><c r=\"XFD\($0)\"><v>1</v></c></row>" }.joined()
        let url = try Self.sheet(rows, in: directory)
        // 30 rows × 16,384 cells is under the default allowance of a million cells...
        #expect(try Read.rows(url).count == 30)
        // ...but a budget counted from zero refuses it.
        var limits = SpreadsheetLimits(maxCellSlotsPerByte: 0)
        #expect(limits.cellSlotBudget(partBytes: 1_000) == SpreadsheetLimits.cellSlotAllowance)
        limits.maxCellSlotsPerByte = 16
        #expect(limits.cellSlotBudget(partBytes: Int64.max) == Int.max, "no overflow on absurd part sizes")
        let far = try TestDirectory.farRight(rows: 80, in: directory)
        let error = Read.error(far, limits: SpreadsheetLimits())
        #expect(error == .tooSparse)
        #expect(error?.errorDescription?.contains("请删除多余的单元格") == true)
    }

    @Test("Values beyond maxCells are refused")
    func tooManyCells() throws {
        let directory = try TestDirectory()
        let url = try HostileInputTests.validWorkbook(in: directory, rows: 20)
        let error = Read.error(url, limits: SpreadsheetLimits(maxCells: 30))
        #expect(error == .tooManyCells(limit: 30))
        #expect(error?.errorDescription == "表格过大：有内容的单元格超过 30 个，请拆分后再上传")
        #expect(try Read.rows(url, limits: SpreadsheetLimits(maxCells: 63)).count == 21)
    }

    @Test("A shared-string table larger than its byte limit is refused while it is read")
    func overlongSharedStrings() throws {
        let directory = try TestDirectory()
        let long = String(repeating: "很长的文字", count: 2_000)
        // 30 strings of 30 KB: 900 KB, under the size from which parts are held to the compression ratio.
        let items = String(repeating: "<si><t>\(long)</t></si>", count: 30)
        let strings = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\(items)</sst>
            """
        let url = try Self.sheet(#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, sharedStrings: strings,
                                 in: directory)
        #expect(try Data(contentsOf: url).count < 50_000, "the table compresses well: the file stays small")
        let limit: Int64 = 512 << 10
        let error = Read.error(url, limits: SpreadsheetLimits(maxSharedStringBytes: limit))
        #expect(error == .sharedStringsTooLarge(limitBytes: limit))
        #expect(error?.errorDescription == "表格过大：文字内容合计超过 0.5 MB，请拆分后再上传")
        #expect(try Read.rows(url, limits: SpreadsheetLimits(maxSharedStringBytes: 1 << 20)).first?[0] == .text(long))
    }

    @Test("Many small parts that each escape the per-part ratio are refused by the package's ratio")
    func packageRatio() throws {
        var zip = TestWorkbook(sheet: TestWorkbook.sheetXML("")).zip
        let padding = Data(repeating: 0x20, count: 900_000)
        for index in 0..<10 { zip.add("xl/media/padding\(index).xml", padding) }
        let directory = try TestDirectory()
        let url = try directory.write(zip.data, name: "padded.xlsx")
        #expect(try Data(contentsOf: url).count < 40_000)
        let error = Read.error(url)
        #expect(error == .compressionRatioTooHigh(limit: 100))
        #expect(error?.errorDescription?.contains("压缩比异常") == true)
        #expect(throws: SpreadsheetError.compressionRatioTooHigh(limit: 100)) { try XLSXReader.checkPackage(url: url) }
        #expect(Read.error(url, limits: SpreadsheetLimits(maxCompressionRatio: 1_000)) == nil)
    }

    @Test("The package check refuses a declared bomb without inflating, and passes an ordinary workbook")
    func packageCheck() throws {
        var zip = TestWorkbook(sheet: TestWorkbook.sheetXML("")).zip
        let last = zip.entries.count - 1
        zip.entries[last].uncompressedSize = 300 << 20
        let directory = try TestDirectory()
        let bomb = try directory.write(zip.data, name: "bomb.xlsx")
        #expect(throws: SpreadsheetError.uncompressedTooLarge(limitBytes: 200 << 20)) {
            try XLSXReader.checkPackage(url: bomb)
        }
        try XLSXReader.checkPackage(url: try HostileInputTests.validWorkbook(in: directory))
    }

    @Test("Reading past its deadline stops with a time-limit error")
    func deadline() throws {
        let directory = try TestDirectory()
        let url = try HostileInputTests.validWorkbook(in: directory, rows: 200)
        let error = Read.error(url, limits: SpreadsheetLimits(maxDuration: .zero))
        #expect(error == .timeLimitExceeded(seconds: 0))
        #expect(try Read.rows(url, limits: SpreadsheetLimits(maxDuration: .seconds(60))).count == 201)
    }
}

extension TestDirectory {
    /// A sheet of `rows` rows, each a single value at column XFD.
    static func farRight(rows: Int, in directory: TestDirectory) throws -> URL {
        let xml = (1...rows).map { "<row r=\"\($0)\"><c r=\"XFD\($0)\"><v>1</v></c></row>" }.joined()
        return try TestWorkbook(sheet: TestWorkbook.sheetXML(xml)).write(in: directory, name: "far-right.xlsx")
    }
}
