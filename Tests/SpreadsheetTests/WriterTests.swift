import Foundation
import Testing
@testable import Spreadsheet

@Suite("Writer rules")
struct WriterTests {
    @Test("Sheet names Excel would refuse are refused", arguments: [
        "", String(repeating: "长", count: 32), "a/b", "a:b", "a?b", "a*b", "[a]", "a\\b", "'quoted'", "History",
        "下拉选项", "数据",
    ])
    func invalidNames(name: String) throws {
        let directory = try TestDirectory()
        var writer = try XLSXWriter(url: directory.file("names.xlsx"))
        try writer.addSheet(SheetDefinition(name: "数据"))
        #expect(throws: SpreadsheetError.invalidSheetName(name)) {
            try writer.addSheet(SheetDefinition(name: name))
        }
    }

    @Test("Names of 31 characters, with spaces, digits and Chinese, are accepted")
    func validNames() throws {
        let directory = try TestDirectory()
        let url = directory.file("names.xlsx")
        let names = [String(repeating: "长", count: 31), "2024 年报", "Sheet (1)", "R&D"]
        var writer = try XLSXWriter(url: url)
        for name in names { try writer.addSheet(SheetDefinition(name: name)) }
        try writer.finish()
        #expect(try XLSXReader(url: url).sheets.map(\.name) == names)
    }

    @Test("Rows before any sheet, and a workbook without sheets, are refused")
    func misuse() throws {
        let directory = try TestDirectory()
        var writer = try XLSXWriter(url: directory.file("misuse.xlsx"))
        #expect(throws: SpreadsheetError.self) { try writer.writeRow(["x"]) }
        let empty = try XLSXWriter(url: directory.file("empty.xlsx"))
        do {
            try empty.finish()
            Issue.record("a workbook without sheets was written")
        } catch {
            #expect(error.code == "xlsx.writer_misuse")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("empty.xlsx").path))
    }

    @Test("An abandoned writer leaves no file and no spool behind")
    func abandoned() throws {
        let directory = try TestDirectory()
        let spool = directory.file("spool")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        do {
            var writer = try XLSXWriter(url: directory.file("abandoned.xlsx"),
                                        options: .init(temporaryDirectory: spool))
            try writer.addSheet(SheetDefinition(name: "数据"))
            for index in 0..<1000 { try writer.writeRow([.integer(index)]) }
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("abandoned.xlsx").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path).isEmpty)
    }

    @Test("A finished writer removes its spool and replaces an existing file")
    func finishedCleansUp() throws {
        let directory = try TestDirectory()
        let spool = directory.file("spool")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        let url = try directory.write(Data("old content".utf8), name: "out.xlsx")
        var writer = try XLSXWriter(url: url, options: .init(temporaryDirectory: spool))
        try writer.addSheet(SheetDefinition(name: "数据"))
        try writer.writeRow(["新内容"])
        try writer.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path).isEmpty)
        #expect(try Read.rows(url).last?.values == [.text("新内容")])
    }

    @Test("Dropdowns Excel cannot hold are refused")
    func invalidDropdowns() throws {
        let directory = try TestDirectory()
        var writer = try XLSXWriter(url: directory.file("dropdowns.xlsx"))
        let tooLong = (0...DropdownLists.maxItems).map(String.init)
        #expect(throws: SpreadsheetError.self) {
            try writer.addSheet(SheetDefinition(name: "长列表", columns: [SheetColumn("选项", dropdown: tooLong)]))
        }
        let tree = [DropdownNode("浙江省", code: "330000")]
        #expect(throws: SpreadsheetError.self) {
            let cascade = CascadingDropdown(columns: [1, 1], roots: tree)
            try writer.addSheet(SheetDefinition(name: "重复列", cascades: [cascade]))
        }
    }

    @Test("Defined names come from codes, whatever the codes hold, and never repeat", arguments: [
        ("330100", "330100"), ("33.01", "33.01"), ("浙江", "__"), ("a b-c", "a_b_c"), ("", "X"),
    ])
    func nameFragments(code: String, fragment: String) {
        #expect(DropdownLists.nameFragment(code) == fragment)
    }

    @Test("Equal codes under one cascade still get distinct names")
    func duplicateCodes() throws {
        var lists = DropdownLists()
        let tree = [DropdownNode("甲", code: "1", children: [DropdownNode("子", code: "9")]),
                    DropdownNode("乙", code: "1", children: [DropdownNode("子", code: "9")])]
        _ = try lists.formulas(for: CascadingDropdown(columns: [0, 1], roots: tree), firstRow: 2)
        let names = lists.definedNames.map(\.name)
        #expect(names == ["DD1_ROOT", "DD1_1", "DD1_1_2", "DD1_KEYS"])
    }

    @Test("A cascade given as labels alone gets names from positions and offers each level's choices")
    func labelCascade() throws {
        let tree: [(label: String, children: [(label: String, children: [String])])] = [
            ("北京市", [("市辖区", ["东城区", "西城区"])]),
            ("浙江省", [("杭州市", ["上城区", "西湖区"]), ("市辖区", ["甲区"])]),
            ("天津市", [("市辖区", ["和平区"])]),
        ]
        let directory = try TestDirectory()
        let url = directory.file("cascade.xlsx")
        var writer = try XLSXWriter(url: url)
        let columns = [SheetColumn("省"), SheetColumn("市"), SheetColumn("区")]
        try writer.addSheet(SheetDefinition(name: "企业", columns: columns,
                                            cascades: [CascadingDropdown(columns: [0, 1, 2], labels: tree)]))
        try writer.finish()

        let workbook = try Read.part(url, "xl/workbook.xml")
        var names: [String: String] = [:]
        for match in workbook.matches(of: /<definedName name="([^"]+)">([^<]*)<\/definedName>/) {
            names[String(match.1)] = String(match.2)
        }
        let validName = /^[A-Za-z_][A-Za-z0-9_.]*$/
        #expect(names.keys.allSatisfy { $0.wholeMatch(of: validName) != nil })
        #expect(Set(names.keys) == ["DD1_ROOT", "DD1_P1", "DD1_P1_1", "DD1_P2", "DD1_P2_1", "DD1_P2_2", "DD1_P3",
                                    "DD1_P3_1", "DD1_KEYS"])
        let choices = OpenpyxlTests.cascadeChoices(lists: try Read.rows(url, sheet: "下拉选项"), names: names)
        #expect(choices(["DD1_ROOT"]) == ["北京市", "浙江省", "天津市"])
        #expect(choices(["浙江省"]) == ["杭州市", "市辖区"])
        #expect(choices(["浙江省", "市辖区"]) == ["甲区"])
        #expect(choices(["天津市", "市辖区"]) == ["和平区"])
    }

    @Test("Header help becomes a comment on the header cell, its box sized to the text")
    func headerComments() throws {
        let directory = try TestDirectory()
        let url = directory.file("help.xlsx")
        let long = String(repeating: "请填写营业执照上的十八位统一社会信用代码，", count: 12)
        var writer = try XLSXWriter(url: url)
        try writer.addSheet(SheetDefinition(name: "企业", columns: [
            SheetColumn("企业名称", comment: "与营业执照一致"), SheetColumn("备注"), SheetColumn("代码", comment: long),
        ]))
        try writer.writeRow(cells: [SheetCell("甲"), SheetCell(.empty),
                                    SheetCell("9133", style: .error, comment: "位数不对")])
        try writer.finish()

        let comments = try Read.part(url, "xl/comments1.xml")
        let references = comments.matches(of: /<comment ref="([A-Z]+[0-9]+)"/).map { String($0.1) }
        #expect(references == ["A1", "C1", "C2"])
        #expect(comments.contains("与营业执照一致"))
        let drawing = try Read.part(url, "xl/drawings/vmlDrawing1.vml")
        let heights = drawing.matches(of: /height:([0-9]+)pt/).compactMap { Int($0.1) }
        #expect(heights.count == 3)
        #expect(heights[0] == 60)
        #expect(heights[1] > heights[0])
        #expect(try Read.rows(url).first?.values == [.text("企业名称"), .text("备注"), .text("代码")])
    }

    @Test("A column's width fits its header unless given")
    func widths() {
        #expect(SheetColumn("企业名称").effectiveWidth == 12)
        #expect(SheetColumn("ID").effectiveWidth == 10)
        #expect(SheetColumn("备注", width: 50).effectiveWidth == 50)
        #expect(SheetColumn("统一社会信用代码", isRequired: true).effectiveWidth == 21)
    }

    @Test("The error report keeps one comment per flagged cell, in its comments part and VML drawing")
    func commentsParts() throws {
        let directory = try TestDirectory()
        let url = directory.file("errors.xlsx")
        try SampleWorkbooks.errorReport(at: url)
        let comments = try Read.part(url, "xl/comments1.xml")
        #expect(comments.components(separatedBy: "<comment ref=").count - 1 == 3)
        let drawing = try Read.part(url, "xl/drawings/vmlDrawing1.vml")
        #expect(drawing.components(separatedBy: "<v:shape id=").count - 1 == 3)
        #expect(try Read.part(url, "xl/worksheets/sheet1.xml").contains("<legacyDrawing r:id=\"rId2\"/>"))
        #expect(try Read.part(url, "[Content_Types].xml").contains("/xl/comments1.xml"))
        let rows = try Read.rows(url)
        #expect(rows[2].values == [.empty, .text("91330100MA2XXXXX1A"), .integer(-5),
                                   .text("企业名称必须填写；营业收入不能为负数")])
    }

    @Test("The first entry of the package is [Content_Types].xml, as type sniffers expect")
    func contentTypesFirst() throws {
        let directory = try TestDirectory()
        let url = directory.file("order.xlsx")
        try SampleWorkbooks.errorReport(at: url)
        let bytes = try Data(contentsOf: url)
        #expect(bytes.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
        #expect(String(decoding: bytes[30..<49], as: UTF8.self) == "[Content_Types].xml")
    }
}
