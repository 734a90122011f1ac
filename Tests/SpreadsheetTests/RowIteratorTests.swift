import Foundation
import Testing
@testable import Spreadsheet

/// Pulling rows one at a time with `SheetRowIterator`, the way an import job reads an upload.
@Suite("Reading row by row")
struct RowIteratorTests {
    /// A sheet of `count` numbered rows under a header, with a styled but empty row after every tenth.
    static func workbook(in directory: TestDirectory, rows count: Int) throws -> URL {
        let url = directory.file("rows.xlsx")
        var writer = try XLSXWriter(url: url)
        try writer.addSheet(SheetDefinition(name: "数据", columns: [SheetColumn("序号"), SheetColumn("名称")]))
        for index in 1...count {
            try writer.writeRow([.integer(index), .text("企业\(index)")])
            if index % 10 == 0 { try writer.writeRow(cells: [SheetCell(.empty, style: .error)]) }
        }
        try writer.finish()
        return url
    }

    @Test("Rows come one per call, numbered as Excel shows them, and the end stays the end")
    func pullsRows() throws {
        let directory = try TestDirectory()
        let url = try Self.workbook(in: directory, rows: 25)
        var rows = try XLSXReader(url: url).rows(inSheetAt: 0)
        var numbers: [Int] = []
        var names: [String] = []
        while let row = try rows.next() {
            numbers.append(row.number)
            if let name = row[1].stringValue { names.append(name) }
        }
        #expect(numbers == Array(1...28))
        #expect(names.first == "名称")
        #expect(names.last == "企业25")
        #expect(try rows.next() == nil)
        #expect(try rows.next() == nil)
    }

    @Test("Blank rows are passed over when asked, keeping the numbers of the others")
    func skipsBlankRows() throws {
        let directory = try TestDirectory()
        let url = try Self.workbook(in: directory, rows: 25)
        let reader = try XLSXReader(url: url)
        var all = try reader.rows(inSheet: "数据")
        var blank: [Int] = []
        while let row = try all.next() {
            if row.isBlank { blank.append(row.number) }
        }
        var rows = try reader.rows(inSheet: "数据", skippingBlankRows: true)
        var numbers: [Int] = []
        while let row = try rows.next() {
            #expect(!row.isBlank)
            numbers.append(row.number)
        }
        #expect(numbers.count == 26)
        #expect(numbers.contains(11) && !numbers.contains(12) && numbers.contains(13))
        #expect(blank == [12, 23])
    }

    @Test("A sheet that breaks off gives its good rows, then the same error on every later call")
    func errorIsFinal() throws {
        let rows = (1...20_000).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>\($0)</v></c></row>" }.joined()
        var workbook = TestWorkbook(sheet: "")
        workbook.sheets = []
        var zip = workbook.zip
        let sheet = Data(TestWorkbook.sheetXML(rows).utf8)
        let deflated = TestZip.deflate(sheet)
        let kept = deflated.prefix(deflated.count * 3 / 4)
        zip.entries.append(TestZip.Entry(name: "xl/worksheets/sheet1.xml", payload: kept, method: 8,
                                         crc32: TestZip.crc32(sheet), compressedSize: UInt32(kept.count),
                                         uncompressedSize: UInt32(sheet.count)))
        let directory = try TestDirectory()
        let url = try directory.write(zip.data, name: "cut.xlsx")

        var iterator = try XLSXReader(url: url).rows(inSheetAt: 0)
        var good = 0
        var failure: SpreadsheetError?
        do {
            while let row = try iterator.next() {
                #expect(row[0] == .integer(row.number))
                good += 1
            }
        } catch {
            failure = error
        }
        #expect(good > 100)
        #expect(failure?.code == "xlsx.corrupted")
        #expect(throws: try #require(failure)) { _ = try iterator.next() }
    }

    @Test("Rows can be read from an async loop that suspends between rows")
    func asyncLoop() async throws {
        let directory = try TestDirectory()
        let url = try Self.workbook(in: directory, rows: 500)
        var rows = try XLSXReader(url: url).rows(inSheetAt: 0, skippingBlankRows: true)
        var total = 0
        while let row = try rows.next() {
            if row.number > 1 { total += row[0].intValue ?? 0 }
            await Task.yield()
        }
        #expect(total == 500 * 501 / 2)
    }

    @Test("Reading can stop anywhere, and another pass starts again at the top")
    func independentPasses() throws {
        let directory = try TestDirectory()
        let url = try Self.workbook(in: directory, rows: 100)
        let reader = try XLSXReader(url: url)
        var first = try reader.rows(inSheetAt: 0)
        _ = try first.next()
        let second = try first.next()
        var again = try reader.rows(inSheetAt: 0)
        #expect(try again.next()?.number == 1)
        #expect(second?.values == [.integer(1), .text("企业1")])
    }
}
