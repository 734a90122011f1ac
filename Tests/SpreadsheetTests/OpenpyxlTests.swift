import Foundation
import Testing
@testable import Spreadsheet

/// Cross-checks with openpyxl, run through `python3`. Where openpyxl is missing these tests are skipped, with
/// the reason shown; on CI (CI=true), which installs openpyxl, they run and fail instead of hiding the gap.
@Suite("openpyxl agrees",
       .enabled(if: Python.runsOpenpyxlTests, "python3 cannot import openpyxl (pip install openpyxl)"))
struct OpenpyxlTests {
    @Test("Workbooks openpyxl writes read back with the values openpyxl reads")
    func readsOpenpyxlFiles() throws {
        try #require(Python.hasOpenpyxl, Python.missingMessage)
        let directory = try TestDirectory()
        _ = try Python.fixtures(["make", directory.url.path])
        let expectedData = try Data(contentsOf: directory.file("expected.json"))
        let expected = try #require(
            try JSONSerialization.jsonObject(with: expectedData) as? [String: [String: [[[Any]]]]])
        #expect(expected.count == 4)
        for (file, sheets) in expected {
            let reader = try XLSXReader(url: directory.file(file))
            #expect(Set(reader.sheets.map(\.name)) == Set(sheets.keys), "\(file)")
            for (sheet, rows) in sheets {
                var byNumber: [Int: SheetRow] = [:]
                try reader.forEachRow(inSheet: sheet) { row, _ in byNumber[row.number] = row }
                for (index, cells) in rows.enumerated() {
                    let values = byNumber[index + 1]?.values ?? []
                    let expectedValues = try cells.map { try Self.value(from: $0) }
                    #expect(values == expectedValues, "\(file) \(sheet) row \(index + 1)")
                }
                #expect(byNumber.keys.allSatisfy { $0 <= rows.count }, "\(file) \(sheet)")
            }
        }
        let hidden = try XLSXReader(url: directory.file("normal.xlsx")).sheets.filter(\.isHidden).map(\.name)
        #expect(hidden == ["隐藏"])
    }

    @Test("openpyxl reads the writer's values, with every type")
    func openpyxlReadsValues() throws {
        try #require(Python.hasOpenpyxl, Python.missingMessage)
        let directory = try TestDirectory()
        let url = directory.file("values.xlsx")
        let dateTime = try #require(ExcelDate(year: 2024, month: 3, day: 5, hour: 14, minute: 30))
        let date = try #require(ExcelDate(year: 1900, month: 3, day: 1))
        for sharedStrings in [false, true] {
            var writer = try XLSXWriter(url: url, options: .init(usesSharedStrings: sharedStrings))
            try writer.addSheet(SheetDefinition(name: "值", columns: (1...8).map { SheetColumn("列\($0)") }))
            try writer.writeRow(["中文 😀 & <b>", 42, 3560.75, true, .date(dateTime), .date(date), "  空格  ",
                                 "第一行\n第二行"])
            try writer.writeRow([.empty, -7, 1e-7, false, .error("#N/A"), "=SUM(A1)", "+1", "@x"])
            try writer.finish()

            let sheet = try Self.inspect(url).sheets[0]
            let cells = sheet.cells
            #expect(cells["A2"]?.value == .text("中文 😀 & <b>"))
            #expect(cells["B2"]?.value == .integer(42))
            #expect(cells["C2"]?.value == .number(3560.75))
            #expect(cells["D2"]?.value == .bool(true))
            #expect(cells["E2"]?.value == .date(dateTime))
            #expect(cells["F2"]?.value == .date(date))
            #expect(cells["G2"]?.value == .text("  空格  "))
            #expect(cells["H2"]?.value == .text("第一行\n第二行"))
            #expect(cells["A3"] == nil)
            #expect(cells["B3"]?.value == .integer(-7))
            #expect(cells["C3"]?.value == .number(1e-7))
            #expect(cells["D3"]?.value == .bool(false))
            #expect(cells["E3"]?.value == .text("#N/A"))
            for reference in ["F3", "G3", "H3"] {
                #expect(cells[reference]?.quotePrefix == true, "\(reference)")
            }
            #expect(cells["F3"]?.value == .text("=SUM(A1)"))
            #expect(cells["E2"]?.format == "yyyy-mm-dd hh:mm:ss")
            #expect(cells["F2"]?.format == "yyyy-mm-dd")
        }
    }

    @Test("openpyxl sees the template's header styles, formats, panes, filter, dropdowns, names and hidden sheet")
    func template() throws {
        try #require(Python.hasOpenpyxl, Python.missingMessage)
        let directory = try TestDirectory()
        let url = directory.file("template.xlsx")
        try SampleWorkbooks.template(at: url)
        let inspected = try Self.inspect(url)

        #expect(inspected.sheets.map(\.name) == ["企业信息", "说明", "下拉选项"])
        #expect(inspected.sheets.map(\.state) == ["visible", "visible", "hidden"])
        let data = inspected.sheets[0]
        #expect(data.freeze == "A2")
        #expect(data.filter == "A1:I3")
        #expect(data.widths["A"] == 30)
        #expect(data.cells["A1"]?.value == .text("*企业名称"))
        #expect(data.cells["C1"]?.value == .text("所属行业"))
        for reference in ["A1", "C1", "I1"] {
            #expect(data.cells[reference]?.bold == true, "\(reference)")
            #expect(data.cells[reference]?.fill == "FFDDEBF7", "\(reference)")
        }
        #expect(data.comments == ["B1": "18 位，与营业执照一致", "F1": "格式：2015-06-01"])
        #expect(data.cells["B2"]?.format == "@")
        #expect(data.cells["D2"]?.format == "#,##0.00")
        #expect(data.cells["E2"]?.format == "0.00%")
        #expect(data.cells["F2"]?.format == "yyyy-mm-dd")
        #expect(data.cells["F2"]?.value == .date(try #require(ExcelDate(year: 2015, month: 6, day: 1))))
        #expect(data.cells["A3"]?.quotePrefix == true)
        #expect(data.cells["B3"]?.quotePrefix == true)
        #expect(inspected.sheets[1].freeze == nil)
        #expect(inspected.sheets[1].cells["A1"]?.value == .text("一、带红色 * 的列必须填写。"))

        let validations = Dictionary(data.validations.map { ($0.sqref, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(validations.count == 4)
        #expect(validations.values.allSatisfy { $0.type == "list" })
        #expect(validations["C2:C1048576"]?.formula1 == "LIST_1")
        #expect(inspected.names["LIST_1"] == "'下拉选项'!$C$1:$KP$1")
        #expect(validations["G2:G1048576"]?.formula1 == "DD1_ROOT")
        #expect(validations["H2:H1048576"]?.formula1 == "INDIRECT(VLOOKUP($G2,DD1_KEYS,2,FALSE))")
        #expect(validations["I2:I1048576"]?.formula1 == "INDIRECT(VLOOKUP($G2&\"|\"&$H2,DD1_KEYS,2,FALSE))")
        #expect(inspected.names["DD1_KEYS"] == "'下拉选项'!$A$3:$B$376")

        // Names are valid identifiers derived from codes, one per parent in the tree plus the roots.
        let cascadeNames = inspected.names.filter { $0.key.hasPrefix("DD1_") }
        #expect(cascadeNames.count == 1 + 34 + 340 + 1)
        let validName = /^[A-Za-z_][A-Za-z0-9_.]*$/
        #expect(cascadeNames.keys.allSatisfy { $0.wholeMatch(of: validName) != nil })
        #expect(cascadeNames["DD1_330000"]?.hasPrefix("'下拉选项'!$C$") == true)

        // Evaluate the cascade the way Excel will: label path → VLOOKUP key → name → range → choices.
        let lists = try Read.rows(url, sheet: "下拉选项")
        let choices = Self.cascadeChoices(lists: lists, names: inspected.names)
        #expect(choices(["DD1_ROOT"]).count == 34)
        #expect(choices(["浙江省"]).contains("杭州市"))
        #expect(choices(["浙江省", "杭州市"]) == (0..<9).map { "区县\($0)（杭州）" })
        #expect(choices(["省份0", "市辖区"]) == (0..<9).map { "区县0-0-\($0)" })
        #expect(choices(["省份3", "市辖区"]) == (0..<9).map { "区县3-0-\($0)" })
        let industries = lists.first { $0[2] == .text(SampleWorkbooks.industries[0]) }
        #expect(industries?.values.dropFirst(2).map { $0.stringValue ?? "" } == SampleWorkbooks.industries)
    }

    @Test("openpyxl sees the error report's comments, fills and kept number formats")
    func errorReport() throws {
        try #require(Python.hasOpenpyxl, Python.missingMessage)
        let directory = try TestDirectory()
        let url = directory.file("errors.xlsx")
        try SampleWorkbooks.errorReport(at: url)
        let sheet = try Self.inspect(url).sheets[0]
        #expect(sheet.comments == ["B2": "统一社会信用代码应为 18 位", "A3": "企业名称必须填写", "C3": "营业收入不能为负数"])
        #expect(sheet.cells["B2"]?.fill == "FFFFC7CE")
        #expect(sheet.cells["A3"]?.fill == "FFFFC7CE")
        #expect(sheet.cells["C3"]?.fill == "FFFFC7CE")
        #expect(sheet.cells["C3"]?.format == "#,##0.00")
        #expect(sheet.cells["C3"]?.value == .integer(-5))
        #expect(sheet.cells["A2"]?.fill == nil)
        #expect(sheet.cells["D3"]?.value == .text("企业名称必须填写；营业收入不能为负数"))
    }

    // MARK: Helpers

    struct InspectedCell {
        var value: CellValue
        var bold: Bool
        var fill: String?
        var format: String
        var quotePrefix: Bool
    }

    struct InspectedSheet {
        var name: String
        var state: String
        var freeze: String?
        var filter: String?
        var widths: [String: Double]
        var validations: [(type: String, formula1: String, sqref: String)]
        var comments: [String: String]
        var cells: [String: InspectedCell]
    }

    /// What openpyxl sees in a workbook.
    static func inspect(_ url: URL) throws -> (sheets: [InspectedSheet], names: [String: String]) {
        let output = try Python.fixtures(["inspect", url.path])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let sheets = try #require(json["sheets"] as? [[String: Any]]).map { sheet throws in
            let cells = try (sheet["cells"] as? [String: [String: Any]] ?? [:]).mapValues { cell in
                InspectedCell(value: try Self.value(from: cell["value"] as? [Any] ?? []),
                              bold: cell["bold"] as? Bool ?? false, fill: cell["fill"] as? String,
                              format: cell["format"] as? String ?? "", quotePrefix: cell["quote"] as? Bool ?? false)
            }
            let validations = (sheet["validations"] as? [[String: Any]] ?? []).map {
                (type: $0["type"] as? String ?? "", formula1: $0["formula1"] as? String ?? "",
                 sqref: $0["sqref"] as? String ?? "")
            }
            return InspectedSheet(name: sheet["name"] as? String ?? "", state: sheet["state"] as? String ?? "",
                                  freeze: sheet["freeze"] as? String, filter: sheet["filter"] as? String,
                                  widths: sheet["widths"] as? [String: Double] ?? [:], validations: validations,
                                  comments: sheet["comments"] as? [String: String] ?? [:], cells: cells)
        }
        return (sheets, json["names"] as? [String: String] ?? [:])
    }

    /// The value the Swift reader should give for a cell encoded by the script as `[kind, value]`.
    static func value(from cell: [Any]) throws -> CellValue {
        let kind = cell.first as? String ?? ""
        let value = cell.count > 1 ? cell[1] : nil
        switch kind {
        case "empty": return .empty
        case "text": return .text(value as? String ?? "")
        case "int": return .integer((value as? NSNumber)?.intValue ?? 0)
        case "num": return .number((value as? NSNumber)?.doubleValue ?? .nan)
        case "bool": return .bool((value as? NSNumber)?.boolValue ?? false)
        case "date":
            let text = (value as? String ?? "").replacingOccurrences(of: " ", with: "T")
            return .date(try #require(ExcelDate(iso: Array(text.utf8)[...]), "bad date \(text)"))
        default: return .error("unexpected \(kind)")
        }
    }

    /// Evaluates the template's cascade like Excel: the first element names a list directly; otherwise the
    /// labels chosen so far form the VLOOKUP key in column A of the list sheet, whose column B names the list.
    static func cascadeChoices(lists: [SheetRow], names: [String: String]) -> ([String]) -> [String] {
        var listByName: [String: [String]] = [:]
        var nameByKey: [String: String] = [:]
        for row in lists {
            let items = row.values.dropFirst(2).compactMap(\.stringValue)
            if let name = row[1].stringValue {
                let reference = names[name] ?? ""
                let rowNumber = reference.split(separator: "$").last.map(String.init) ?? ""
                #expect(rowNumber == String(row.number), "\(name) → \(reference)")
                listByName[name] = items
            }
            if let key = row[0].stringValue, let name = row[1].stringValue { nameByKey[key] = name }
        }
        return { path in
            if path.count == 1, let direct = listByName[path[0]] { return direct }
            guard let name = nameByKey[path.joined(separator: "|")] else { return [] }
            return listByName[name] ?? []
        }
    }
}
