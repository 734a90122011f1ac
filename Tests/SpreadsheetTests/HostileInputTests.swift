import Foundation
import Testing
@testable import Spreadsheet

/// Uploads built to break the reader. Each must end in a typed error with a Chinese message, never a crash,
/// a hang or unbounded memory.
@Suite("Hostile uploads")
struct HostileInputTests {
    /// A small valid workbook written by the library, as a starting point for damage.
    static func validWorkbook(in directory: TestDirectory, rows: Int = 50) throws -> URL {
        let url = directory.file("valid.xlsx")
        var writer = try XLSXWriter(url: url, options: .init(usesSharedStrings: true))
        let columns = [SheetColumn("名称"), SheetColumn("数量"), SheetColumn("日期")]
        try writer.addSheet(SheetDefinition(name: "数据", columns: columns))
        for index in 0..<rows {
            try writer.writeRow([.text("企业\(index)"), .integer(index), .date(ExcelDate(days: 19_000 + index,
                                                                                      secondsOfDay: 0))])
        }
        try writer.finish()
        return url
    }

    static func expectError(_ url: URL, _ expected: SpreadsheetError, limits: SpreadsheetLimits = SpreadsheetLimits(),
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let error = Read.error(url, limits: limits)
        #expect(error?.code == expected.code, "got \(String(describing: error))", sourceLocation: sourceLocation)
        #expect(error?.errorDescription?.isEmpty == false, sourceLocation: sourceLocation)
    }

    @Test("Files that are not ZIP packages are refused as not .xlsx", arguments: [
        Data(), Data("hello".utf8), Data("姓名,电话\n张三,138\n".utf8), Data(repeating: 0, count: 4096),
        Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }),
    ])
    func notZip(content: Data) throws {
        let directory = try TestDirectory()
        Self.expectError(try directory.write(content, name: "upload.xlsx"), .notXLSX)
    }

    @Test("An old .xls file or a password-protected workbook (an OLE compound file) gets its own message")
    func legacy() throws {
        let directory = try TestDirectory()
        var content = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        content.append(Data(count: 1024))
        Self.expectError(try directory.write(content, name: "old.xls"), .legacyOrEncrypted)
    }

    @Test("A ZIP without a workbook, such as a .docx, is not .xlsx")
    func otherZip() throws {
        var zip = TestZip()
        zip.add("word/document.xml", "<w:document/>")
        let directory = try TestDirectory()
        Self.expectError(try directory.write(zip.data, name: "report.xlsx"), .notXLSX)
    }

    @Test("A file cut short anywhere is refused as corrupted", arguments: [0.1, 0.5, 0.9, 0.99])
    func truncated(fraction: Double) throws {
        let directory = try TestDirectory()
        let valid = try Data(contentsOf: try Self.validWorkbook(in: directory))
        let cut = valid.prefix(Int(Double(valid.count) * fraction))
        Self.expectError(try directory.write(Data(cut), name: "cut.xlsx"), .corrupted(detail: ""))
    }

    @Test("A sheet whose deflate stream stops early is refused, though the directory is intact")
    func truncatedStream() throws {
        var workbook = TestWorkbook(sheet: "")
        workbook.sheets = []
        var zip = workbook.zip
        let sheet = Data(TestWorkbook.sheetXML(String(repeating: "<row><c><v>1</v></c></row>", count: 5000)).utf8)
        let deflated = TestZip.deflate(sheet)
        zip.entries.append(TestZip.Entry(name: "xl/worksheets/sheet1.xml", payload: deflated.prefix(deflated.count / 2),
                                         method: 8, crc32: TestZip.crc32(sheet),
                                         compressedSize: UInt32(deflated.count / 2),
                                         uncompressedSize: UInt32(sheet.count)))
        let directory = try TestDirectory()
        Self.expectError(try directory.write(zip.data, name: "stream.xlsx"), .corrupted(detail: ""))
    }

    @Test("A sheet whose bytes do not match its checksum is refused")
    func badChecksum() throws {
        var zip = TestWorkbook(sheet: TestWorkbook.sheetXML(#"<row r="1"><c r="A1"><v>1</v></c></row>"#)).zip
        let last = zip.entries.count - 1
        zip.entries[last].crc32 ^= 0xFFFF
        let directory = try TestDirectory()
        Self.expectError(try directory.write(zip.data, name: "crc.xlsx"), .corrupted(detail: ""))
    }

    @Test("A zip bomb is refused by its declared size before anything is inflated")
    func declaredBomb() throws {
        var zip = TestWorkbook(sheet: TestWorkbook.sheetXML("")).zip
        let last = zip.entries.count - 1
        zip.entries[last].uncompressedSize = 300 << 20
        let directory = try TestDirectory()
        let url = try directory.write(zip.data, name: "bomb.xlsx")
        let error = Read.error(url)
        #expect(error == .uncompressedTooLarge(limitBytes: 200 << 20))
        #expect(error?.errorDescription == "表格过大：解压后超过 200 MB，请拆分后再上传")
    }

    @Test("A part that compresses a thousand times is refused by its ratio")
    func ratioBomb() throws {
        var workbook = TestWorkbook(sheet: "")
        workbook.sheets = []
        var zip = workbook.zip
        let zeros = Data(count: 8 << 20)
        zip.add("xl/worksheets/sheet1.xml", zeros)
        let directory = try TestDirectory()
        Self.expectError(try directory.write(zip.data, name: "ratio.xlsx"), .compressionRatioTooHigh(limit: 100))
    }

    @Test("A part that inflates beyond its declared size is stopped there")
    func lyingBomb() throws {
        var workbook = TestWorkbook(sheet: "")
        workbook.sheets = []
        var zip = workbook.zip
        let sheet = Data((TestWorkbook.sheetXML("") + String(repeating: " ", count: 4 << 20)).utf8)
        zip.add("xl/worksheets/sheet1.xml", sheet)
        let last = zip.entries.count - 1
        zip.entries[last].uncompressedSize = 1000
        let directory = try TestDirectory()
        Self.expectError(try directory.write(zip.data, name: "liar.xlsx"), .corrupted(detail: ""))
    }

    @Test("The uncompressed limit is configurable")
    func configurableLimit() throws {
        let directory = try TestDirectory()
        let url = try Self.validWorkbook(in: directory, rows: 2000)
        Self.expectError(url, .uncompressedTooLarge(limitBytes: 0),
                         limits: SpreadsheetLimits(maxUncompressedBytes: 50_000))
        Self.expectError(url, .fileTooLarge(limitBytes: 0), limits: SpreadsheetLimits(maxFileBytes: 1000))
        #expect(Read.error(url) == nil)
    }

    @Test("A DTD is refused, so a billion-laughs entity can never expand")
    func billionLaughs() throws {
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">\
            <c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>
            """
        let directory = try TestDirectory()
        let url = try TestWorkbook(sheet: laughs).write(in: directory)
        Self.expectError(url, .forbiddenDTD(part: ""))

        let oneSharedString = #"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#
        var sharedStrings = TestWorkbook(sheet: TestWorkbook.sheetXML(oneSharedString))
        sharedStrings.sharedStrings = #"<!DOCTYPE sst [<!ENTITY x "xxxxxxxx">]><sst><si><t>&x;</t></si></sst>"#
        Self.expectError(try sharedStrings.write(in: directory, name: "sst.xlsx"), .forbiddenDTD(part: ""))
    }

    @Test("Entities other than the five XML defines are refused")
    func undefinedEntity() throws {
        let directory = try TestDirectory()
        let url = try TestWorkbook(sheet: TestWorkbook.sheetXML(
            #"<row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row>"#)).write(in: directory)
        Self.expectError(url, .malformedXML(part: "", detail: ""))
    }

    @Test("Malformed sheet XML is refused", arguments: [
        #"<row r="1"><c r="A1"><v>1</v></c>"#,
        #"<row r="1"><c r="A1"><v>1</v></c></row><row r="1"><c r="A1"><v>2</v></c></row>"#,
        #"<row r="2"><c r="B2"><v>1</v></c><c r="A2"><v>2</v></c></row>"#,
        #"<row r="1"><c r="A1"><v>abc</v></c></row>"#,
        #"<row r="1"><c r="A1" t="s"><v>7</v></c></row>"#,
        #"<row r="1"><c r="A1" t="zz"><v>1</v></c></row>"#,
        #"<row r="1"><c r="A1" t="b"><v>maybe</v></c></row>"#,
        #"<row r="1"><c r="A1"><v>1</v></c></row><c r="A2"><v>1</v></c>"#,
        #"<row r="1"><c r=A1><v>1</v></c></row>"#,
        #"<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A3"><v>1</v></c></row>"#,
        #"<row r="1"><c r="A1"><v>1</v></c><row r="2"></row></row>"#,
        #"<row r="1"><c r="A1" t="inlineStr"><is><t>&#x;</t></is></c></row>"#,
        #"<row r="1" <c/></row>"#,
    ])
    func malformedSheet(rows: String) throws {
        let directory = try TestDirectory()
        let url = try TestWorkbook(sheet: TestWorkbook.sheetXML(rows)).write(in: directory)
        Self.expectError(url, .malformedXML(part: "", detail: ""))
    }

    @Test("A sheet that stops in the middle of its markup is refused")
    func unfinishedSheet() throws {
        let directory = try TestDirectory()
        let sheet = #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
            + #"<row r="1"><c r="A1"><v>1"#
        Self.expectError(try TestWorkbook(sheet: sheet).write(in: directory), .malformedXML(part: "", detail: ""))
        let noData = #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"></worksheet>"#
        Self.expectError(try TestWorkbook(sheet: noData).write(in: directory, name: "empty.xlsx"),
                         .malformedXML(part: "", detail: ""))
    }

    @Test("Addresses outside Excel's grid are refused", arguments: [
        #"<row r="1"><c r="XFD1048577"><v>1</v></c></row>"#,
        #"<row r="1048577"><c><v>1</v></c></row>"#,
        #"<row r="99999999999999999999"><c><v>1</v></c></row>"#,
        #"<row r="1"><c r="XFE1"><v>1</v></c></row>"#,
        #"<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>1</v></c><c><v>1</v></c></row>"#,
        #"<row r="0"><c><v>1</v></c></row>"#,
        #"<row r="1"><c r="中1"><v>1</v></c></row>"#,
    ])
    func absurdAddresses(rows: String) throws {
        let directory = try TestDirectory()
        let url = try TestWorkbook(sheet: TestWorkbook.sheetXML(rows)).write(in: directory)
        Self.expectError(url, .invalidCellReference(""))
    }

    @Test("An absurd dimension is refused")
    func absurdDimension() throws {
        let sheet = """
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension \
            ref="A1:XFD1048577"/><sheetData/></worksheet>
            """
        let directory = try TestDirectory()
        Self.expectError(try TestWorkbook(sheet: sheet).write(in: directory), .invalidCellReference(""))
    }

    @Test("Rows and columns beyond the configured limits are refused")
    func configuredGrid() throws {
        let directory = try TestDirectory()
        let url = try Self.validWorkbook(in: directory, rows: 20)
        Self.expectError(url, .tooManyRows(limit: 10), limits: SpreadsheetLimits(maxRows: 10))
        Self.expectError(url, .tooManyColumns(limit: 2), limits: SpreadsheetLimits(maxColumns: 2))
        #expect(Read.error(url, limits: SpreadsheetLimits(maxRows: 21, maxColumns: 3)) == nil)
        Self.expectError(url, .tooManyItems(what: "", limit: 5), limits: SpreadsheetLimits(maxSharedStrings: 5))
    }

    @Test("Cells far to the right in row after row are refused before they fill memory with empty cells")
    func farRightCells() throws {
        let rows = (1...400).map { "<row r=\"\($0)\"><c r=\"XFD\($0)\"><v>1</v></c></row>" }.joined()
        let directory = try TestDirectory()
        let url = try TestWorkbook(sheet: TestWorkbook.sheetXML(rows)).write(in: directory)
        Self.expectError(url, .tooSparse)
        let few = (1...20).map { "<row r=\"\($0)\"><c r=\"XFD\($0)\"><v>1</v></c></row>" }.joined()
        let fine = try TestWorkbook(sheet: TestWorkbook.sheetXML(few)).write(in: directory, name: "few.xlsx")
        #expect(try Read.rows(fine).last?[16_383] == .integer(1))
    }

    @Test("Encrypted entries and unknown compression methods are refused")
    func compressionMethods() throws {
        let directory = try TestDirectory()
        var encrypted = TestWorkbook(sheet: TestWorkbook.sheetXML("")).zip
        encrypted.entries[encrypted.entries.count - 1].flags = 1
        Self.expectError(try directory.write(encrypted.data, name: "encrypted.xlsx"),
                         .unsupportedCompression(method: 0))
        var bzip = TestWorkbook(sheet: TestWorkbook.sheetXML("")).zip
        bzip.entries[bzip.entries.count - 1].method = 12
        Self.expectError(try directory.write(bzip.data, name: "bzip.xlsx"), .unsupportedCompression(method: 0))
    }

    @Test("A directory pointing outside the file is refused")
    func lyingDirectory() throws {
        var zip = TestWorkbook(sheet: TestWorkbook.sheetXML("")).zip
        zip.entries[zip.entries.count - 1].compressedSize = UInt32.max - 1
        let directory = try TestDirectory()
        Self.expectError(try directory.write(zip.data, name: "offsets.xlsx"), .corrupted(detail: ""))
    }

    @Test("Damaged bytes anywhere in a stored or deflated workbook give an error or rows, never a crash",
          arguments: [false, true])
    func fuzz(deflated: Bool) throws {
        let directory = try TestDirectory()
        var workbook = TestWorkbook(sheet: TestWorkbook.sheetXML((1...40).map { row in
            "<row r=\"\(row)\"><c r=\"A\(row)\" t=\"s\"><v>\(row % 3)</v></c><c r=\"B\(row)\" s=\"1\"><v>\(row).5</v>"
                + "</c><c r=\"C\(row)\" t=\"inlineStr\"><is><t>文本&amp;\(row)</t></is></c></row>"
        }.joined()))
        workbook.sharedStrings = #"<sst><si><t>甲</t></si><si><r><t>乙</t></r></si><si><t>丙</t></si></sst>"#
        workbook.styles = #"<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#
        var zip = TestZip()
        for entry in workbook.zip.entries {
            let content = try #require(Self.inflate(entry))
            zip.add(entry.name, content, deflated: deflated)
        }
        let original = zip.data
        var generator = SplitMix64(seed: deflated ? 7 : 11)
        var outcomes = (rows: 0, errors: 0)
        for _ in 0..<400 {
            var damaged = original
            for _ in 0..<Int(generator.next() % 4 + 1) {
                let index = Int(generator.next() % UInt64(damaged.count))
                damaged[index] = UInt8(truncatingIfNeeded: generator.next())
            }
            let url = try directory.write(damaged, name: "fuzz.xlsx")
            do {
                let reader = try XLSXReader(url: url)
                for sheet in reader.sheets { try reader.forEachRow(in: sheet) { _, _ in } }
                outcomes.rows += 1
            } catch is SpreadsheetError {
                outcomes.errors += 1
            }
        }
        #expect(outcomes.rows + outcomes.errors == 400)
        #expect(outcomes.errors > 0)
    }

    /// The content of a test entry, for rebuilding it stored.
    static func inflate(_ entry: TestZip.Entry) -> Data? {
        var zip = TestZip()
        zip.entries = [entry]
        guard let directory = try? TestDirectory(), let url = try? directory.write(zip.data, name: "one.zip"),
              let reader = try? FileReader(url: url),
              let zipDirectory = try? ZipDirectory(reader: reader, limits: SpreadsheetLimits()),
              let found = zipDirectory.entry(named: entry.name) else { return nil }
        var content = Data()
        do {
            try zipDirectory.stream(found, from: reader, part: entry.name) { content.append(contentsOf: $0) }
        } catch {
            return nil
        }
        return content
    }
}

/// A small deterministic generator, so a failing fuzz case can be replayed.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
